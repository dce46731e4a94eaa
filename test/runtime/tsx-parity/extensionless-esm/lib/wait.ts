export const wait = (ms: number): Promise<number> => new Promise((r) => setTimeout(() => r(ms), ms));
