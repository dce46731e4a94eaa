// Types imported without `type` (what tsc, tsx and esbuild accept): elided, values kept.
import { User, Id, ROLE } from './types.js';

async function load(id: Id): Promise<User> {
  await new Promise((resolve) => setTimeout(resolve, 2));
  return { id, name: `user${id}` };
}

const users: User[] = await Promise.all([1, 2, 3].map(load));
console.log(users.map((u) => u.name).join(','), ROLE);
