import type { Account, Region } from './scenario';

/** Who is calling and where: each request only sees its account's and region's resources. */
export interface CallContext {
  account: Account;
  regionName: string;
  /** The region's resources; empty when the scenario lists nothing there. */
  region: Region;
  /** The sandbox clock, in epoch milliseconds. */
  now: number;
  /** How long a created cluster stays CREATING, in ms of the sandbox clock. */
  createDelayMs: number;
}

/** Parses an optional integer parameter within [min, max]; `fail` builds the protocol's error. */
export function optionalInteger(
  value: unknown,
  name: string,
  min: number,
  max: number,
  fail: (message: string) => Error,
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw fail(
      `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return n;
}
