import { isString } from "lodash";

export interface Item {
  sku: string;
}

export function parse(text: string): Item {
  return { sku: isString(text) ? text : "" };
}
