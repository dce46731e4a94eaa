export async function hello(name: string): Promise<string> {
  await new Promise((r) => setTimeout(r, 1));
  return `hello ${name}`;
}
