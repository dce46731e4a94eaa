export async function double(n: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 1));
  return n * 2;
}
