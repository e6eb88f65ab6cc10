import { Item, parse } from "../core";
import { secret } from "../../../outside/config";

export function fetchItems(): Item[] {
  return [parse(secret)];
}
