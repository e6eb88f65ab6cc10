/** Colors. */
export enum Color {
  /** Red doc. */
  Red,
  Green = 2,
  Blue = Green + 1,
}

export const enum Flag {
  None = 0,
  A = 1 << 0,
}

enum Strings {
  Up = "UP",
  "Down" = "DOWN",
}

declare enum Ambient { X }
