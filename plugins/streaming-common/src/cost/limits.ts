/**
 * Per-broker capacity limits of MSK broker sizes: the one place that holds
 * them, for the right-sizing rules here and for the health rules.
 */

/** Where the limits come from, for display next to a finding. */
export const MSK_LIMIT_SOURCES = {
  standardPartitions:
    'AWS MSK developer guide, best practices for Standard brokers (right-size your cluster: partitions per broker)',
  expressLimits:
    'AWS MSK developer guide, best practices for Express brokers (recommended sustained throughput and partitions); maximum columns from a third-party crawl of the MSK quotas page; cross-checked against AWS MSK skill msk_sizing.py (2026-06-23)',
} as const;

/** Partitions per broker, replicas included. */
export interface PartitionLimit {
  /** Recommended maximum. */
  recommended: number;
  /** Above this MSK refuses configuration updates. */
  max: number;
}

/** Broker sizes from smallest to largest; `small` exists only as kafka.t3.small. */
export const BROKER_SIZES = [
  'small',
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
  '24xlarge',
] as const;
export type BrokerSize = (typeof BROKER_SIZES)[number];

/**
 * vCPUs per size. Prices grow in the same proportion, and the right-sizing
 * rules assume broker CPU load scales inversely with it.
 */
export const BROKER_SIZE_VCPUS: Record<BrokerSize, number> = {
  small: 2,
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
};

/** Sizes each broker family offers, smallest first. */
export const BROKER_FAMILY_SIZES: Record<string, readonly BrokerSize[]> = {
  'kafka.t3': ['small'],
  'kafka.m5': [
    'large',
    'xlarge',
    '2xlarge',
    '4xlarge',
    '8xlarge',
    '12xlarge',
    '16xlarge',
    '24xlarge',
  ],
  'kafka.m7g': [
    'large',
    'xlarge',
    '2xlarge',
    '4xlarge',
    '8xlarge',
    '12xlarge',
    '16xlarge',
  ],
  'express.m7g': [
    'large',
    'xlarge',
    '2xlarge',
    '4xlarge',
    '8xlarge',
    '12xlarge',
    '16xlarge',
  ],
};

/** Every broker instance type MSK offers, e.g. `kafka.m7g.large`, `express.m7g.4xlarge`. */
export const KNOWN_BROKER_INSTANCE_TYPES: readonly string[] = Object.entries(
  BROKER_FAMILY_SIZES,
).flatMap(([family, sizes]) => sizes.map(size => `${family}.${size}`));

export interface ParsedInstanceType {
  /** `kafka.m7g`, `express.m7g`, … */
  family: string;
  size: BrokerSize;
  express: boolean;
}

/** Splits a known broker instance type into family and size; null for anything else. */
export function parseBrokerInstanceType(
  instanceType: string,
): ParsedInstanceType | null {
  const lastDot = instanceType.lastIndexOf('.');
  const family = instanceType.slice(0, lastDot);
  const size = instanceType.slice(lastDot + 1) as BrokerSize;
  if (lastDot < 0 || !BROKER_FAMILY_SIZES[family]?.includes(size)) {
    return null;
  }
  return { family, size, express: family.startsWith('express.') };
}

/** Standard brokers: recommended / maximum partitions per broker, replicas included. */
export const STANDARD_PARTITIONS_PER_BROKER: Record<
  BrokerSize,
  PartitionLimit
> = {
  small: { recommended: 300, max: 300 },
  large: { recommended: 1000, max: 1500 },
  xlarge: { recommended: 1000, max: 1500 },
  '2xlarge': { recommended: 2000, max: 3000 },
  '4xlarge': { recommended: 4000, max: 6000 },
  '8xlarge': { recommended: 4000, max: 6000 },
  '12xlarge': { recommended: 4000, max: 6000 },
  '16xlarge': { recommended: 4000, max: 6000 },
  '24xlarge': { recommended: 4000, max: 6000 },
};

/** Throughput in MB/s (10^6 bytes/s) per broker: the sustained rate to plan for, and the hard throttle. */
export interface ThroughputLimit {
  sustained: number;
  max: number;
}

export interface ExpressBrokerLimits {
  ingressMBps: ThroughputLimit;
  egressMBps: ThroughputLimit;
  partitions: PartitionLimit;
}

export type ExpressBrokerSize = Exclude<BrokerSize, 'small' | '24xlarge'>;

/** Express brokers, per broker. */
export const EXPRESS_BROKER_LIMITS: Record<
  ExpressBrokerSize,
  ExpressBrokerLimits
> = {
  large: {
    ingressMBps: { sustained: 15.6, max: 23.4 },
    egressMBps: { sustained: 31.2, max: 58.5 },
    partitions: { recommended: 1000, max: 1500 },
  },
  xlarge: {
    ingressMBps: { sustained: 31.2, max: 46.8 },
    egressMBps: { sustained: 62.5, max: 117 },
    partitions: { recommended: 1000, max: 2000 },
  },
  '2xlarge': {
    ingressMBps: { sustained: 62.5, max: 93.7 },
    egressMBps: { sustained: 125, max: 234.2 },
    partitions: { recommended: 2500, max: 4000 },
  },
  '4xlarge': {
    ingressMBps: { sustained: 124.9, max: 187.5 },
    egressMBps: { sustained: 249.8, max: 468.7 },
    partitions: { recommended: 6000, max: 8000 },
  },
  '8xlarge': {
    ingressMBps: { sustained: 250, max: 375 },
    egressMBps: { sustained: 500, max: 937.5 },
    partitions: { recommended: 12000, max: 16000 },
  },
  '12xlarge': {
    ingressMBps: { sustained: 375, max: 562.5 },
    egressMBps: { sustained: 750, max: 1406.2 },
    partitions: { recommended: 16000, max: 24000 },
  },
  '16xlarge': {
    ingressMBps: { sustained: 500, max: 750 },
    egressMBps: { sustained: 1000, max: 1875 },
    partitions: { recommended: 20000, max: 32000 },
  },
};

/** Bytes in the MB the throughput limits are stated in. */
export const BYTES_PER_MB = 1e6;

/** Express limits for an `express.*` instance type; null for Standard or unknown types. */
export function expressBrokerLimitsFor(
  instanceType: string,
): ExpressBrokerLimits | null {
  const parsed = parseBrokerInstanceType(instanceType);
  if (!parsed?.express) {
    return null;
  }
  return EXPRESS_BROKER_LIMITS[parsed.size as ExpressBrokerSize] ?? null;
}

/** Partitions-per-broker limits of a Standard or Express instance type; null when unknown. */
export function partitionLimitsFor(
  instanceType: string,
): PartitionLimit | null {
  const parsed = parseBrokerInstanceType(instanceType);
  if (!parsed) {
    return null;
  }
  return parsed.express
    ? expressBrokerLimitsFor(instanceType)?.partitions ?? null
    : STANDARD_PARTITIONS_PER_BROKER[parsed.size];
}
