// Extensionless and directory imports in an ES module (tsx resolves them; Node alone does not).
import { wait } from './lib';

console.log(await wait(2), await wait(1));
