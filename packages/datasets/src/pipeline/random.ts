/** A seed: any number or string. The same seed gives the same sequence on every platform. */
export type Seed = number | string;

/** 32-bit FNV-1a over the seed's text: turns any seed (and a pass number) into PRNG state. */
export function hashSeed(seed: Seed, salt = 0): number {
  let h = 0x811c9dc5;
  const text = `${typeof seed}:${seed}:${salt}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * mulberry32: a small, fast PRNG with a 32-bit state, good enough to shuffle data (not for cryptography).
 * Returns integers in [0, n).
 */
export function createRandom(seed: Seed, salt = 0): (n: number) => number {
  let state = hashSeed(seed, salt);
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** A seed for callers that gave none: different on every call. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

/** Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, seed: Seed): Int32Array {
  const random = createRandom(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
