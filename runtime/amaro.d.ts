/** The part of amaro (Node's TypeScript stripper) the shim uses. */
declare module 'amaro' {
  export function transformSync(
    source: string,
    options: { mode: 'strip-only' | 'transform'; sourceMap?: boolean; filename?: string },
  ): { code: string; map?: string };
}
