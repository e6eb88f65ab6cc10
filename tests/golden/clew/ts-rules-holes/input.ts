export function a(): number {
  throw new Error("not implemented");
}

export function b(x: string): string {
  // first a comment
  throw new Error("Not Implemented yet");
}

export const c = (n: number): boolean => {
  throw Error("TODO");
};

export class Store {
  items: string[] = [];

  get(id: number): string {
    throw new Error("Method not implemented.");
  }

  put(id: number, v: string): void {
    // TODO: store it
  }

  del(id: number): void {
    /* TODO
       remove it */
    // and log
  }

  size(): number {
    const n = this.items.length;
    // ananke:hole count only live items
    return n;
  }
}

// Not a hole: the message has a substitution.
export function d(): void {
  throw new Error(`todo: ${"x"}`);
}

export function e(): void {
  throw new Error("not yet implemented");
}

// Not holes:
export function f1(): void {}

export function f2(): void {
  // nothing to do here
}

export function f3(x: number): void {
  if (x) throw new Error("not implemented");
}

export function f4(): void {
  throw new Error("invalid state");
}

export function f5(): void {
  throw new TypeError("not implemented");
}

export function f6(): void {
  log("TODO");
  throw new Error("not implemented");
}

export function f7(): void {
  throw new Error("todos are done");
}

export function f8(): void {
  const g = () => {
    throw new Error("not implemented");
  };
  g();
}

// ananke:hole outside a function is not a hole
const TODO_LIST = ["TODO"];
