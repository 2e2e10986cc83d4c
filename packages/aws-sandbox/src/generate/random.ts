import { fnv1a } from '../ids';

/** A uniform number in [0, 1). */
export type Random = () => number;

/**
 * A small seeded generator (mulberry32) per labelled thing, so one cluster's
 * draws do not depend on how many came before it: the same seed and label
 * always give the same sequence.
 */
export function randomFor(seed: number, label: string): Random {
  let state = (fnv1a(label) ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
