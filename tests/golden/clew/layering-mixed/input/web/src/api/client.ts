import axios from "axios";
import type { Item } from "../shared/types";

export async function getItems(): Promise<Item[]> {
  return (await axios.get("/items")).data;
}
