/**
 * Binary searches over ascending time columns (turn starts, segment starts, boundaries): the
 * view's one way to find where a time falls, so every caller agrees on ties.
 */

/** How many of the first `length` values are <= t (the insertion point after equal values). */
export function countAtMost(values: ArrayLike<number>, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the first `length` values are < t (the insertion point before equal values). */
export function countBelow(values: ArrayLike<number>, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** countAtMost over values[list[i]]: a task's segment list indexing the segment columns. */
export function countAtMostVia(list: ArrayLike<number>, values: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[list[mid]] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** countBelow over values[list[i]]. */
export function countBelowVia(list: ArrayLike<number>, values: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[list[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
