// A tiny JSX runtime that renders to a string; async components are awaited.
type Child = string | number | Promise<string> | Child[];
export const Fragment = Symbol('Fragment');
export async function h(tag: string | symbol | ((props: any) => Promise<string> | string), props: Record<string, unknown> | null, ...children: Child[]): Promise<string> {
  const inner = (await Promise.all(children.flat(Infinity as 1).map(async (c) => String(await c)))).join('');
  if (tag === Fragment) return inner;
  if (typeof tag === 'function') return tag({ ...props, children: inner });
  const attrs = Object.entries(props ?? {}).map(([k, v]) => ` ${k}="${String(v)}"`).join('');
  return `<${String(tag)}${attrs}>${inner}</${String(tag)}>`;
}
