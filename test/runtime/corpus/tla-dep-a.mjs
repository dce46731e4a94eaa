console.log('dep a start');
await new Promise((r) => setTimeout(r, 2));
console.log('dep a after timer');
export const a = 'A';
export const late = 'late A';
