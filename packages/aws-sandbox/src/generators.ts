import { fnv1a } from './ids';

/** How a metric series' per-minute value is computed; validated by the scenario schema. */
export type ValueGenerator =
  | { kind: 'constant'; value: number }
  | {
      kind: 'sine';
      base: number;
      amplitude: number;
      periodMinutes: number;
      phaseMinutes: number;
    }
  | { kind: 'ramp'; from: number; to: number; periodMinutes: number };

export interface SeriesValueSpec {
  generator: ValueGenerator;
  /** Half-width of the uniform noise added to every sample (0 = none). */
  noise: number;
  /**
   * Relative half-width of a factor drawn once per UTC day (0 = none, 0.2 =
   * each day's values ×0.8 to ×1.2): minute noise and daily sines average
   * out over a day, so without it every daily average would be the same.
   */
  dailyVariation?: number;
  min?: number;
  max?: number;
}

/**
 * A deterministic uniform number in [-1, 1) for one series and minute: the
 * same scenario always yields the same charts, and tests can assert values.
 */
export function noiseAt(seed: number, minute: number): number {
  // murmur3's 32-bit finaliser spreads neighbouring minutes over the range.
  let h = (seed ^ Math.imul(minute | 0, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return (h / 0x100000000) * 2 - 1;
}

const MINUTES_PER_DAY = 1440;
/** Salts the per-day draw so it is independent of the per-minute noise. */
const DAILY_SALT = 0x5bd1e995;

/** The value a series reports for the minute starting at `minute * 60` seconds after the epoch. */
export function sampleAt(
  spec: SeriesValueSpec,
  seriesKey: string,
  minute: number,
): number {
  const g = spec.generator;
  let value: number;
  switch (g.kind) {
    case 'constant':
      value = g.value;
      break;
    case 'sine':
      value =
        g.base +
        g.amplitude *
          Math.sin((2 * Math.PI * (minute + g.phaseMinutes)) / g.periodMinutes);
      break;
    case 'ramp': {
      const position =
        (((minute % g.periodMinutes) + g.periodMinutes) % g.periodMinutes) /
        g.periodMinutes;
      value = g.from + (g.to - g.from) * position;
      break;
    }
    default:
      throw new Error(`Unknown generator ${(g as { kind: string }).kind}`);
  }
  if (spec.noise > 0) {
    value += spec.noise * noiseAt(fnv1a(seriesKey), minute);
  }
  if (spec.dailyVariation) {
    const day = Math.floor(minute / MINUTES_PER_DAY);
    value *=
      1 + spec.dailyVariation * noiseAt(fnv1a(seriesKey) ^ DAILY_SALT, day);
  }
  if (spec.min !== undefined) value = Math.max(spec.min, value);
  if (spec.max !== undefined) value = Math.min(spec.max, value);
  return value;
}
