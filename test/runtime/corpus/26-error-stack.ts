// Error.stack must point at this file's lines and columns (types and probes notwithstanding).
interface Options { depth: number; label: string }
async function fails(opts: Options): Promise<never> { await null; const e: Error = new Error(`failed at ${opts.label}`); throw e; }
async function caller(opts: Options): Promise<void> {
  const typed: Record<string, number> = { a: 1 };
  try { await fails(opts); } catch (err: unknown) {
    const stack = (err as Error).stack!.split('\n').filter((l) => !l.includes('node:internal')).join('\n');
    console.log(stack.replaceAll(__dirname, '<dir>'));
  }
  const here: Error = new Error('sync here'); console.log(here.stack!.split('\n')[1].replace(__dirname, '<dir>'), typed.a);
}
caller({ depth: 1, label: 'L' });
