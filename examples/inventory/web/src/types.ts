/** An item in stock. */
export interface Item {
  sku: string;
  name: string;
  quantity: number;
  tags?: string[];
  status: "active" | "retired";
}

export interface Page<T> {
  items: T[];
  total: number;
  next?: string | null;
}

export enum Warehouse {
  North = "N",
  South = "S",
}
