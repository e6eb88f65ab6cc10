export interface Item {
  sku: string;
}
