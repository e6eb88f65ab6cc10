import { Item } from "../core/model";
import { fetchItems } from "../api";
import { render } from "react";
import { Widget } from "./widgets";

export class App {
  items: Item[] = [];
  widget?: Widget;
}

export function show(): void {
  render(fetchItems());
}
