// CPU-heavy on purpose: counts the primes below `limit` by trial division.
// Plain JavaScript so the worker thread can load it without any TypeScript loader.
export function countPrimes(limit) {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}
