import type {
  AssetCost,
  MetricUnit,
} from '@backstage-streaming/plugin-streaming-common';

/**
 * Formatting shared by every view, so a value reads the same on the card, in
 * the tab and in a chart summary. Bytes use decimal units (1 GB = 10^9 bytes),
 * as AWS bills and states throughput limits.
 */

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

function trimmed(value: number, digits: number): string {
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
}

export function formatNumber(value: number, digits = 1): string {
  return trimmed(value, digits);
}

export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const sign = bytes < 0 ? '-' : '';
  return `${sign}${trimmed(value, value < 10 && unit > 0 ? 2 : 1)} ${
    BYTE_UNITS[unit]
  }`;
}

export function formatBytesPerSecond(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Dollars with cents, e.g. `$1,234.50`. */
export function formatUsd(usd: number): string {
  return usd.toLocaleString('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
}

/**
 * A unit price or cost per unit (per GB, per broker-hour): below a dollar it
 * keeps three significant digits, so $0.0432 per GB does not read as $0.04.
 */
export function formatUnitUsd(usd: number): string {
  const magnitude = Math.abs(usd);
  if (magnitude >= 1 || magnitude === 0) return formatUsd(usd);
  const digits = Number(magnitude.toPrecision(3)).toString();
  const [, fraction = ''] = digits.split('.');
  return `${usd < 0 ? '-' : ''}$${
    fraction.length < 2 ? Number(digits).toFixed(2) : digits
  }`;
}

export function formatUsdPerMonth(usd: number): string {
  return `${formatUsd(usd)}/month`;
}

/** Whether an asset's cost figures are lower bounds, and which parts they leave out. */
export interface CostBound {
  lowerBound: boolean;
  /** Descriptions of the unknown parts, e.g. `Data in`. */
  missing: string[];
}

/**
 * The bound of every figure derived from a cost (monthly cost, a share, owner
 * roll-ups, cost per GB): what the backend says, else what the estimate shows.
 */
export function costBound(cost: AssetCost): CostBound {
  const { estimate } = cost;
  return {
    lowerBound: cost.lowerBound ?? !estimate.complete,
    missing:
      cost.missing ??
      estimate.parts
        .filter(part => part.monthlyUsd === null)
        .map(part => part.description),
  };
}

/**
 * A formatted amount as a lower bound when it is one: `≥ $12.40/month
 * (missing: Data in)`. Unknown is never shown as a bare `$0.00`.
 */
export function formatBound(formatted: string, bound: CostBound): string {
  if (!bound.lowerBound) return formatted;
  return bound.missing.length > 0
    ? `≥ ${formatted} (missing: ${bound.missing.join(', ')})`
    : `≥ ${formatted}`;
}

const DURATION_STEPS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];

/** A duration in its two largest units, e.g. `3 h 20 min`, `7 d`, `450 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${trimmed(ms, 0)} ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [size, unit] of DURATION_STEPS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / size);
    if (count > 0 || parts.length > 0) {
      if (count > 0) parts.push(`${count} ${unit}`);
      rest -= count * size;
    }
  }
  return parts.join(' ');
}

/** A metric value in its table unit, e.g. `42.5%`, `1.2 MB/s`, `3 min 5 s`. */
export function formatMetricValue(value: number, unit: MetricUnit | string) {
  switch (unit) {
    case 'percent':
      return `${trimmed(value, 1)}%`;
    case 'count':
      return trimmed(value, 1);
    case 'count/s':
      return `${trimmed(value, 1)}/s`;
    case 'bytes':
      return formatBytes(value);
    case 'bytes/s':
      return formatBytesPerSecond(value);
    case 'milliseconds':
      return formatDuration(value);
    case 'ms/s':
      return `${trimmed(value, 0)} ms/s`;
    case 'seconds':
      return formatDuration(value * 1000);
    default:
      return `${trimmed(value, 2)} ${unit}`;
  }
}

/** A date and time in the reader's locale; the raw string when it does not parse. */
export function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}

/** `group:default/team-orders` → `team-orders`; other namespaces and kinds stay visible. */
export function formatOwner(owner: string): string {
  const match = /^(?:([^:]+):)?(?:([^/]+)\/)?(.+)$/.exec(owner);
  if (!match) return owner;
  const [, kind, namespace, name] = match;
  const prefix =
    kind && kind.toLocaleLowerCase('en-US') !== 'group' ? `${kind}:` : '';
  const ns = namespace && namespace !== 'default' ? `${namespace}/` : '';
  return `${prefix}${ns}${name}`;
}

/**
 * The owner, `unknown (claimed by …)` when entities of several teams attach an
 * asset no tag gives an owner, or `unknown`.
 */
export function formatOwnerOrClaims(
  owner: string | null,
  claimedBy?: string[],
): string {
  if (owner) return formatOwner(owner);
  if (claimedBy?.length) {
    return `unknown (claimed by ${claimedBy.map(formatOwner).join(', ')})`;
  }
  return 'unknown';
}

/** `retention.ms` as a reader says it: `-1` keeps data forever. */
export function formatRetention(
  retentionMs: string | undefined,
): string | null {
  if (retentionMs === undefined) return null;
  const ms = Number(retentionMs);
  if (!Number.isFinite(ms)) return retentionMs;
  return ms < 0 ? 'Unlimited' : formatDuration(ms);
}
