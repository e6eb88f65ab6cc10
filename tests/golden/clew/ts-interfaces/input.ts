/** A user record. */
export interface User extends Entity, Named<string> {
  /** Primary key. */
  readonly id: number;
  name: string;
  email?: string;
  "quoted-key": boolean;
  tags: string[];
  greet(greeting: string): string;
  optionalMethod?(): void;
  (call: number): string;
  new (x: number): User;
  [extra: string]: unknown;
}

interface Internal {
  value: number;
}

declare class Ambient {
  method(x: number): void;
  prop: string;
}
