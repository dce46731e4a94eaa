// Paired rounds, shared by the benches: each round runs every variant once, in an order reversed
// every other round, and a variant's figure is the median over rounds of its measure against the
// baseline of the same round. The machine's speed drifts within a session; pairs take it out.

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The variants in the order of round `i`: reversed every other round, so none always runs after the same one. */
export const roundOrder = (names, i) => (i % 2 === 0 ? names : [...names].reverse());

/** Median over rounds of `measure(variant's value, baseline's value)` in the same round. */
export const paired = (values, baseline, measure) => median(values.map((value, round) => measure(value, baseline[round])));
