import { Item } from "../core/model";

export function label(item: Item): string {
  return item.sku.toUpperCase();
}
