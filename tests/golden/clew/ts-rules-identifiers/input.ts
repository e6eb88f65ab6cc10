export const MAX_SIZE = 100;
export const NAME: string = "store";
const NEG = -1, TEMPLATE = `plain`, FLAG = true, NOTHING = null;
const LIST = [1, 2, [3, "x"]] as const;
const TABLE = { a: 1, "b": { c: false } };
const computed = MAX_SIZE * 2;
const withSub = `size ${MAX_SIZE}`;
const mixed = [1, MAX_SIZE];
let counter = 0;
var legacy: number[] = [];
const { first, second: renamed, ...others } = TABLE;
const [one, , three = 3] = [1, 2];
const _ = 1;
const handler = () => 1;
const Klass = class {};
declare const ambient: string;

namespace Config {
  export const DEFAULT_PORT = 8080;
  let hidden = 1;
}

enum Color { Red = 1, Green }

if (FLAG) {
  const blockLocal = 1;
}

export function run(limit: number): number {
  const LOCAL_MAX = 10;
  let total: number = 0;
  for (const item of [1, 2]) total += item;
  for (let i = 0; i < limit; i++) total += i;
  for (const key in TABLE) total += key.length;
  try {
    total += 1;
  } catch (error: unknown) {
    total = -1;
  }
  const inner = () => {
    const deep = "x";
    return deep;
  };
  return total + LOCAL_MAX;
}

// A hole lists the module-level names (not blockLocal, not locals).
export function later(): string {
  throw new Error("not implemented");
}
