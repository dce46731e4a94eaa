export interface Job { name: string; ms: number }
export type Result = { name: string; done: boolean };
