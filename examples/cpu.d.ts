/** Counts the primes below `limit` by trial division (see cpu.js). */
export declare function countPrimes(limit: number): number;
