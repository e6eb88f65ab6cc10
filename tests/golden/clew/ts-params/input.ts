export function required(a: number, b: string): void {}
export function optional(a?: number, b: string = "x", c = 3): void {}
export function rest(first: string, ...others: number[]): void {}
export function withThis(this: Window, ev: Event): void {}
export function destructured({ a, b }: { a: number; b: string }, [x, y]: [number, number], { c = 1 }: Opts = {}): void {}
export function untyped(a, b) {}
export function noParams() {}
export const arrowSingle = async x => x;
export function callback(cb: (err: Error | null, value?: string) => void): void {}
