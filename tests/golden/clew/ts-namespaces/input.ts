export namespace Outer {
  export function visible(): void {}
  function hidden(): void {}
  export namespace Inner {
    export class Deep {
      method(): void {}
    }
  }
}

namespace Private {
  export interface Thing { a: number }
}

module Dotted.Name {
  export type T = string;
}

declare module "external-lib" {
  function libFn(x: string): number;
  interface LibOptions { verbose: boolean }
}

declare global {
  interface Window { app: string }
}

declare namespace AmbientLocal {
  function notVisible(): void;
}

export declare namespace AmbientPublic {
  function visible(): void;
}
