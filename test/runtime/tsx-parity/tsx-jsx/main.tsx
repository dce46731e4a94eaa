import { h, Fragment } from './jsx';
import { Item } from './Item';

async function List({ items }: { items: string[] }): Promise<string> {
  return <ul>{items.map((label) => <Item label={label} />)}</ul>;
}

async function main(): Promise<void> {
  const html = await (<>
    <h1>Tasks</h1>
    <List items={['a', 'b']} />
  </>);
  console.log(html);
}

main();
