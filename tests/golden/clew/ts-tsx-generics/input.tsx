export const identity = <T,>(value: T): T => value;
export const List = <Item extends { id: string }>({ items }: { items: Item[] }) => <ul>{items.map(i => <li key={i.id} />)}</ul>;
export function select<T>(xs: T[], pick: (x: T) => boolean): T | undefined {
  return xs.find(pick);
}
