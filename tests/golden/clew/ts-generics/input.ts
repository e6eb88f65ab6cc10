export function identity<T>(value: T): T {
  return value;
}
export function pick<T extends object, K extends keyof T = keyof T>(obj: T, key: K): T[K] {
  return obj[key];
}
export class Box<T = string> {
  map<U>(f: (v: T) => U): Box<U> {
    return new Box<U>();
  }
}
export interface Pair<A, B extends A> {
  first: A;
  second: B;
}
export type Mapper<In, Out = In> = (input: In) => Out;
