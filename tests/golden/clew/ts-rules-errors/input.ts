// Error-handling facts: counted per outermost function.
export function parse(text: string): number {
  try {
    return JSON.parse(text);
  } catch (e: unknown) {
    throw new Error("bad input");
  }
}

export async function load(url: string): Promise<string> {
  const res = await fetch(url).catch(() => null);
  // A callback's facts count towards the function around it.
  return new Promise((resolve) => {
    try {
      resolve(String(res));
    } catch (err: TypeError) {
      throw err;
    } finally {
      resolve("");
    }
  }).catch((e) => "failed");
}

export function quiet(x: number): number {
  return x + 1; // no error handling: no error.style
}

export class Guard {
  check(v: unknown): void {
    if (v == null) throw new RangeError("missing");
    try { this.check(v); } catch { /* bare catch: no caught type */ }
  }
}

// Module-level code is not counted.
try {
  quiet(1);
} catch (e) {
  throw e;
}
