export interface Item { id: number; label: string }
export async function fetchOne(id: number): Promise<Item> {
  await new Promise((r) => setImmediate(r));
  return { id, label: `item-${id}` };
}
export async function fetchAll(n: number): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < n; i++) out.push(await fetchOne(i));
  return out;
}
