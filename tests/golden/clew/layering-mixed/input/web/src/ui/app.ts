import { getItems } from "../api/client";
import type { Item } from "../shared/types";

export async function load(): Promise<Item[]> {
  return getItems();
}
