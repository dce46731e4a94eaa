// Compiled by tsc into lib/ with a source map beside it: what `node lib/app.js` runs.
interface Order {
  id: number;
  total: number;
}

async function charge(order: Order): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  if (order.total < 0) throw new RangeError(`order ${order.id}: negative total`);
  return order.total;
}

async function main(): Promise<void> {
  console.log('charged', await charge({ id: 1, total: 10 }));
  console.log('charged', await charge({ id: 2, total: -5 }));
}

main();
