import { z } from "zod";
import type { Item, Page } from "./types";

/** Base URL of the inventory service. */
export const BASE_URL = "/api/v1";

/** Fetch one page of items, newest first. */
export async function listItems(page: number, size = 20): Promise<Page<Item>> {
  const res = await fetch(`${BASE_URL}/items?page=${page}&size=${size}`);
  return res.json();
}

export class InventoryClient {
  private token?: string;

  constructor(readonly baseUrl: string) {}

  /** Reserve `quantity` units of an item. */
  async reserve(sku: string, quantity: number): Promise<boolean> {
    return quantity > 0 && sku.length > 0;
  }
}

/** Show a server-provided banner above the item list. */
export function renderBanner(target: HTMLElement, html: string): void {
  target.innerHTML = html;
}
