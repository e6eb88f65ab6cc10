/** CRLF doc.
 * second
 */
export function crlf(a: number,
  b: string): void {
}

export interface Line {
  /** Field doc. */
  a: string;
  b?: number;
}
import { x } from "./x";
