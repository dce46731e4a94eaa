export interface User { id: Id; name: string }
export type Id = number;
export const ROLE = 'admin';
