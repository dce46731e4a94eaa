import { h } from './jsx';
export async function Item({ label }) {
  await new Promise((r) => setTimeout(r, 1));
  return <li class="item">{label}</li>;
}
