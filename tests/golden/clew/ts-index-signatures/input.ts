// Index signatures: the members beyond the named ones.

/** Counts by name, with a total. */
export interface Tally {
  total: number;
  [name: string]: number;
}

export interface Flags {
  readonly [flag: string]: boolean;
}

export interface Sparse {
  length: number;
  [index: number]: string;
}

export type Labels = {
  id: string;
  [key: string]: string | number;
};

export type Meta = { id: string } & Record<string, string>;

export interface Scores extends Tally {
  best: number;
}

export function merge(a: Tally, b: Tally): Tally {
  return { ...a, ...b };
}

export class Bag {
  name: string = "";
  [key: string]: unknown;
}
