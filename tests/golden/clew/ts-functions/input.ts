/** Adds two numbers.
 * Second line is not used.
 */
export function add(a: number, b: number): number {
  const local = (x: number) => x; // function-local: not extracted
  function inner(): void {}
  return a + b + local(0);
}

// A plain comment is not a doc comment.
function helper(): void {}

/** Counts up. */
function* counter(limit: number): Generator<number> {
  yield limit;
}

export async function load(url: string) {
  return url;
}

async function fetchText(url: string): Promise<string> {
  return url;
}

/** Ambient. */
declare function ambient(x: number): void;

/** First overload. */
export function parse(s: string): number;
export function parse(s: number): number;
export function parse(s: any): number {
  return Number(s);
}

export const double = (n: number): number => n * 2;
const square = function (n: number) { return n * n; };
let gen = function* named() {};
var single = x => x;
const notAFunction = 42;
const first = () => 1, second = async () => 2;

export default function () {}
