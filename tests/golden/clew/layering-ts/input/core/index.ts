export { Item, parse } from "./model";
