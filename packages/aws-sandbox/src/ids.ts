import { createHash } from 'node:crypto';

/**
 * Deterministic identifiers derived from a seed, so a scenario that names only
 * a cluster still gets stable ARNs, subnet ids and versions across restarts.
 */
export function hashHex(seed: string, length = 64): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    out += createHash('sha256').update(`${round}:${seed}`).digest('hex');
  }
  return out.slice(0, length);
}

/** A UUID-shaped id (8-4-4-4-12 hex digits). */
export function stableUuid(seed: string): string {
  const h = hashHex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

/** Upper-case letters and digits, the alphabet of MSK's CurrentVersion strings. */
export function stableToken(seed: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const h = hashHex(seed, length * 2);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[parseInt(h.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  }
  return out;
}

/** 32-bit FNV-1a, used to seed per-series noise. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const COMPASS: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** AWS's short region code used in zone ids: us-east-1 → use1, ap-southeast-2 → apse2. */
export function regionZonePrefix(region: string): string {
  const parts = region.split('-');
  const digit = parts[parts.length - 1];
  const middle = parts
    .slice(1, -1)
    .map(p => COMPASS[p] ?? p[0])
    .join('');
  return `${parts[0]}${middle}${digit}`;
}
