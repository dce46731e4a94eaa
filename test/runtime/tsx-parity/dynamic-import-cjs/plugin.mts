export default async function plugin(name: string): Promise<string> {
  await new Promise((r) => setTimeout(r, 1));
  return `plugin ${name}`;
}
