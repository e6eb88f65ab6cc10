import type { Item } from "../core/model.js";

export interface Widget {
  item: Item;
}
