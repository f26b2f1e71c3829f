/** A small deterministic generator of numbers in [0, 1), so that a failing random case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    // The classic LCG in 32-bit integer arithmetic (a float product would lose low bits).
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 2 ** 31;
  };
}
