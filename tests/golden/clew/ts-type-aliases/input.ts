/** Point in 2D. */
export type Point = {
  x: number;
  /** Vertical. */
  readonly y?: number;
  move(dx: number, dy: number): Point;
};

export type Direction = "up" | "down" | 'left';
type Mixed = 1 | "one" | true | null;
type NotAllLiterals = "a" | string;
export type Id = string;
type Callback = (err: Error) => void;
type Single = "only";
