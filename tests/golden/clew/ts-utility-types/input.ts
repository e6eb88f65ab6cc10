// TypeScript's utility types over object types, through aliases and
// type parameters.
export interface User { id: number; name: string; email?: string }
export type Keys = "id" | "email";
export type Maybe<T> = T | null;

export interface Views {
  draft: Partial<User>;
  full: Required<User>;
  card: Pick<User, "id" | "name">;
  anon: Omit<User, Keys>;
  label: NonNullable<string | null | undefined>;
  owner: NonNullable<Maybe<User>>;
}

export interface Node { kids: Partial<Node>[]; n: number }
export type Only<T, K extends keyof T> = Pick<T, K>;
export type IdOnly = Only<User, "id">;

export function update(id: number, patch: Partial<User>): User {
  throw new Error("not implemented");
}

// A mapped type whose value does not use its key is a Record.
export interface Mapped {
  counts: { [K in string]?: number };
  flags: { readonly [K in Keys]: boolean };
  echo: { [K in Keys]: K };
}
