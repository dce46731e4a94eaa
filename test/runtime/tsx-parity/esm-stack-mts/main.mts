// An uncaught error in TypeScript compiled as an ES module: frames at the .mts lines, file:// URLs.
interface Step { n: number }

async function step({ n }: Step): Promise<number> {
  await new Promise<void>((r) => setTimeout(r, 1));
  if (n === 2) throw new TypeError(`bad step ${n}`);
  return n;
}

console.log(await step({ n: 1 }));
console.log(await step({ n: 2 }));
