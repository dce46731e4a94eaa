// tsconfig paths in a CommonJS project: require() of an alias.
import { Queue } from '@lib/queue';

async function consumer(queue: Queue<number>): Promise<number> {
  let sum = 0;
  for (let i = 0; i < 3; i++) sum += await queue.pop();
  return sum;
}

const queue = new Queue<number>();
const done = consumer(queue);
setTimeout(() => [1, 2, 3].forEach((n) => queue.push(n)), 2);
done.then((sum) => console.log('sum', sum));
