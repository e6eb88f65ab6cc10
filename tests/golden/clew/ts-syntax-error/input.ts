export function before(a: number): string {
  return String(a);
}

export function broken(a: number, : string {
  return a +;
}

export interface StillFine {
  ok: boolean;
}

class Partial {
  good(): void {}
  bad(x: ): void {}
}

export const after = (s: string): number => s.length;
