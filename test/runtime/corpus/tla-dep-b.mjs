console.log('dep b start');
Promise.resolve().then(() => console.log('dep b microtask'));
await null;
console.log('dep b after await');
export const b = 'B';
