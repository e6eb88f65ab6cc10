export type Level = "low" | "high";

/** Scores keyed by level, by position and by name. */
export interface Scores {
  byLevel: Record<Level, number>;
  byPosition: Record<number, string>;
  byName: { [name: string]: number };
}
