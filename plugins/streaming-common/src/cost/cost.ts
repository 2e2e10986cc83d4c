import type { ClusterType } from '../schema';
import { KpuInput, kpusInUse } from './kpu';
import {
  lookupBrokerPrice,
  lookupItemPrice,
  PRICE_ITEM_UNITS,
  PriceItemKey,
  bytesPerGb,
  gbUnitLabel,
  PriceLookup,
  PriceOrigin,
  PricingSettings,
  ResolvedAssumption,
  ResolvedPricing,
} from './pricing';

/** A month is 730 hours (8,760 h / 12), as AWS pricing pages count it. */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** AWS bills data and stored bytes in decimal GB. */
export const BYTES_PER_GB = 1e9;
export const GB_UNIT = 'GB (10^9 bytes)';
/** Running application storage allocated per processing KPU. */
export const FLINK_STORAGE_GB_PER_KPU = 50;

export type CostItem = 'brokerHours' | PriceItemKey;

export interface CostPart {
  item: CostItem;
  description: string;
  /** How many `unit`s a month; null when no API or configuration gives it. */
  quantity: number | null;
  unit: string;
  unitUsd: number | null;
  /** null when the quantity or the price is unknown. */
  monthlyUsd: number | null;
  /** Where the price comes from. */
  source: string | null;
  /** Which layer gave the price: configuration, the AWS Price List API or the built-in table. */
  priceOrigin?: PriceOrigin;
  /** Date of the price (price list publication, built-in source, or as configured). */
  priceAsOf?: string | null;
  /** The config path of the assumption the quantity comes from, when no API measures it. */
  assumedIn?: string;
  /** Why the part is unknown, or a note on how it was counted. */
  reason?: string;
}

export interface CostEstimate {
  region: string;
  /** Sum of the known parts, in USD per month. */
  monthlyUsd: number;
  /** False when any part is unknown: `monthlyUsd` is then a lower bound. */
  complete: boolean;
  parts: CostPart[];
  unknownParts: { item: CostItem; reason: string }[];
  hoursPerMonth: number;
  gbUnit: string;
  notes: string[];
}

/** A quantity, or why there is none. */
type Quantity =
  | { value: number; note?: string; assumedIn?: string }
  | { value: null; reason: string };

/** Rounds to whole micro-dollars so sums of parts do not carry float noise. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

function checkOptional(
  value: number | null | undefined,
  name: string,
): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a number of 0 or more, got ${value}`);
  }
  return value;
}

function makePart(
  item: CostItem,
  description: string,
  unit: string,
  quantity: Quantity,
  lookup: PriceLookup,
): CostPart {
  const price = lookup.known ? lookup.price : null;
  const reasons = [
    quantity.value === null ? quantity.reason : quantity.note,
    lookup.known ? undefined : lookup.reason,
  ].filter(Boolean);
  const monthlyUsd =
    quantity.value !== null && price
      ? roundUsd(quantity.value * price.usd)
      : null;
  return {
    item,
    description,
    quantity: quantity.value === null ? null : roundUsd(quantity.value),
    unit,
    unitUsd: price?.usd ?? null,
    monthlyUsd,
    source: price?.source ?? null,
    ...(lookup.known
      ? { priceOrigin: lookup.origin, priceAsOf: lookup.price.asOf }
      : {}),
    ...(quantity.value !== null && quantity.assumedIn
      ? { assumedIn: quantity.assumedIn }
      : {}),
    ...(reasons.length ? { reason: reasons.join('; ') } : {}),
  };
}

function itemPart(
  pricing: ResolvedPricing,
  region: string,
  item: PriceItemKey,
  description: string,
  quantity: Quantity,
): CostPart {
  return makePart(
    item,
    description,
    PRICE_ITEM_UNITS[item],
    quantity,
    lookupItemPrice(pricing, region, item),
  );
}

function summarise(
  region: string,
  parts: CostPart[],
  notes: string[],
  gbUnit: string,
): CostEstimate {
  const unknownParts = parts
    .filter(part => part.monthlyUsd === null)
    .map(part => ({ item: part.item, reason: part.reason ?? 'unknown' }));
  return {
    region,
    monthlyUsd: roundUsd(
      parts.reduce((sum, part) => sum + (part.monthlyUsd ?? 0), 0),
    ),
    complete: unknownParts.length === 0,
    parts,
    unknownParts,
    hoursPerMonth: HOURS_PER_MONTH,
    gbUnit,
    notes,
  };
}

/** GB moved in a month at an average rate in bytes per second. */
export function gbPerMonth(
  avgBytesPerSec: number,
  bytesInGb: number = BYTES_PER_GB,
): number {
  return (avgBytesPerSec * SECONDS_PER_MONTH) / bytesInGb;
}

function dataQuantity(
  avgBytesPerSec: number | null,
  metric: string,
  bytesInGb: number,
): Quantity {
  return avgBytesPerSec === null
    ? { value: null, reason: `no average ${metric} over the window` }
    : {
        value: gbPerMonth(avgBytesPerSec, bytesInGb),
        note: `average ${metric} ${avgBytesPerSec} bytes/s × ${SECONDS_PER_MONTH} s`,
      };
}

/** Measured value first, then a configured assumption for the asset, else unknown. */
function measuredOrAssumed(
  measured: number | null,
  assumption: ResolvedAssumption | undefined,
  key:
    | 'partitionCount'
    | 'storedBytes'
    | 'backupBytes'
    | 'tieredRetrievalBytes',
  missingReason: string,
): Quantity {
  if (measured !== null) {
    return { value: measured };
  }
  const assumed = assumption?.[key];
  if (assumed !== undefined) {
    return {
      value: assumed,
      note: `assumed in ${assumption!.configPath}`,
      assumedIn: assumption!.configPath,
    };
  }
  return { value: null, reason: missingReason };
}

/**
 * The unknown parts of an estimate, by description, e.g. `['Data in']`: what
 * a lower bound leaves out, shown as "≥ $X (missing: Data in)".
 */
export function missingParts(estimate: CostEstimate): string[] {
  return estimate.parts
    .filter(part => part.monthlyUsd === null)
    .map(part => part.description);
}

function withNote(quantity: Quantity, note: string): Quantity {
  return quantity.value === null
    ? quantity
    : { ...quantity, note: [quantity.note, note].filter(Boolean).join('; ') };
}

function scale(quantity: Quantity, factor: number): Quantity {
  return quantity.value === null
    ? quantity
    : { ...quantity, value: quantity.value * factor };
}

/**
 * The window the average throughput (`avgBytesInPerSec`, `avgBytesOutPerSec`)
 * was measured over, stated in the estimate's notes.
 */
export interface ThroughputWindow {
  /** E.g. `the last hour`. */
  description: string;
  /** Length of the window in seconds, when known. */
  seconds?: number | null;
}

export interface ClusterCostInput {
  /** Used to find configured assumptions (`streaming.pricing.assumptions`). */
  arn?: string;
  clusterType: ClusterType;
  region: string;
  /** Standard and Express. */
  instanceType?: string | null;
  brokerCount?: number | null;
  /** Standard: EBS volume size per broker (GiB), billed as that many GB-months like any provisioned volume; null when not described. */
  volumeSizeGiB?: number | null;
  /** Standard: provisioned storage throughput per broker (MiB/s, billed as MB/s); null or 0 when not enabled. */
  provisionedThroughputMiBps?: number | null;
  /** Cluster-wide average `BytesInPerSec` over the window (sum over brokers). */
  avgBytesInPerSec?: number | null;
  /** Cluster-wide average `BytesOutPerSec` over the window. */
  avgBytesOutPerSec?: number | null;
  /** Express: `StorageUsed` (bytes, excluding replicas). Serverless: no API gives it. */
  storedBytes?: number | null;
  /** Serverless: partitions in the cluster (no API gives it for Serverless). */
  partitionCount?: number | null;
  /** Standard: `StorageMode` from DescribeClusterV2, `LOCAL` or `TIERED`; tiered storage is priced only for `TIERED`. */
  storageMode?: string | null;
  /** Standard with tiered storage: `RemoteLogSizeBytes` summed over brokers (PER_BROKER monitoring or higher). */
  tieredStoredBytes?: number | null;
  /** Standard with tiered storage: bytes read back from the tiered storage in a month, when measured. */
  tieredRetrievalBytes?: number | null;
  /**
   * The window `avgBytesInPerSec` and `avgBytesOutPerSec` are averaged over,
   * stated in the estimate's notes so a reader knows the data volumes are no
   * single minute's sample; without it the notes say the window is not stated.
   */
  throughputWindow?: ThroughputWindow | null;
}

function brokerParts(
  pricing: ResolvedPricing,
  input: ClusterCostInput,
): CostPart {
  const brokers = checkOptional(input.brokerCount, 'brokerCount');
  if (brokers !== null && !Number.isInteger(brokers)) {
    throw new Error(`brokerCount must be a whole number, got ${brokers}`);
  }
  const type = input.instanceType ?? null;
  const quantity: Quantity =
    brokers === null
      ? { value: null, reason: 'broker count not known' }
      : {
          value: brokers * HOURS_PER_MONTH,
          note: `${brokers} brokers × ${HOURS_PER_MONTH} h`,
        };
  const lookup: PriceLookup = type
    ? lookupBrokerPrice(pricing, input.region, type)
    : { known: false, reason: 'broker instance type not known' };
  return makePart(
    'brokerHours',
    `Broker instance-hours (${type ?? 'unknown type'})`,
    'broker-hour',
    quantity,
    lookup,
  );
}

function standardParts(
  pricing: ResolvedPricing,
  input: ClusterCostInput,
): CostPart[] {
  const { region } = input;
  const brokers = checkOptional(input.brokerCount, 'brokerCount');
  const volume = checkOptional(input.volumeSizeGiB, 'volumeSizeGiB');
  const throughput = checkOptional(
    input.provisionedThroughputMiBps,
    'provisionedThroughputMiBps',
  );
  const perBroker = (value: number | null, what: string): Quantity => {
    if (brokers === null)
      return { value: null, reason: 'broker count not known' };
    if (value === null) return { value: null, reason: `${what} not described` };
    return { value: value * brokers, note: `${value} × ${brokers} brokers` };
  };
  let throughputQuantity: Quantity;
  if (volume === null) {
    throughputQuantity = { value: null, reason: 'storage not described' };
  } else if (!throughput) {
    throughputQuantity = {
      value: 0,
      note: 'provisioned throughput not enabled',
    };
  } else {
    throughputQuantity = perBroker(throughput, 'provisioned throughput');
  }
  return [
    brokerParts(pricing, input),
    itemPart(
      pricing,
      region,
      'standardStorageGbMonth',
      'EBS storage (volume size × brokers)',
      perBroker(volume, 'volume size'),
    ),
    itemPart(
      pricing,
      region,
      'standardProvisionedThroughputMbpsMonth',
      'Provisioned storage throughput (MiB/s × brokers)',
      throughputQuantity,
    ),
    ...(input.storageMode === 'TIERED' ? tieredParts(pricing, input) : []),
  ];
}

/** Standard clusters with `StorageMode: TIERED` also pay for the remote tier and for reading it back. */
function tieredParts(
  pricing: ResolvedPricing,
  input: ClusterCostInput,
): CostPart[] {
  const { region } = input;
  const assumption = input.arn ? pricing.assumptions[input.arn] : undefined;
  const stored = checkOptional(input.tieredStoredBytes, 'tieredStoredBytes');
  const storedQuantity: Quantity =
    stored === null
      ? {
          value: null,
          reason:
            'RemoteLogSizeBytes not measured: MSK publishes it only at PER_BROKER enhanced monitoring or higher',
        }
      : {
          value: stored / bytesPerGb(pricing.settings),
          note: 'RemoteLogSizeBytes summed over brokers',
        };
  const retrieval = measuredOrAssumed(
    checkOptional(input.tieredRetrievalBytes, 'tieredRetrievalBytes'),
    assumption,
    'tieredRetrievalBytes',
    'bytes read back from tiered storage are not measured; configure tieredRetrievalGB in streaming.pricing.assumptions',
  );
  return [
    itemPart(
      pricing,
      region,
      'standardTieredStorageGbMonth',
      'Tiered storage',
      storedQuantity,
    ),
    itemPart(
      pricing,
      region,
      'standardTieredRetrievalGb',
      'Tiered storage retrieval',
      scale(retrieval, 1 / bytesPerGb(pricing.settings)),
    ),
  ];
}

function expressParts(
  pricing: ResolvedPricing,
  input: ClusterCostInput,
): CostPart[] {
  const { region } = input;
  const factor = pricing.settings.expressStorageReplicaFactor;
  const stored = measuredOrAssumed(
    checkOptional(input.storedBytes, 'storedBytes'),
    input.arn ? pricing.assumptions[input.arn] : undefined,
    'storedBytes',
    'StorageUsed not measured',
  );
  const storage = scale(stored, factor / bytesPerGb(pricing.settings));
  return [
    brokerParts(pricing, input),
    itemPart(
      pricing,
      region,
      'expressStorageGbMonth',
      `Storage (StorageUsed × replica factor ${factor})`,
      withNote(storage, `× ${factor} (setting expressStorageReplicaFactor)`),
    ),
    itemPart(
      pricing,
      region,
      'expressDataInGb',
      'Data in',
      dataQuantity(
        checkOptional(input.avgBytesInPerSec, 'avgBytesInPerSec'),
        'BytesInPerSec',
        bytesPerGb(pricing.settings),
      ),
    ),
  ];
}

function serverlessParts(
  pricing: ResolvedPricing,
  input: ClusterCostInput,
): CostPart[] {
  const { region } = input;
  const assumption = input.arn ? pricing.assumptions[input.arn] : undefined;
  const partitions = measuredOrAssumed(
    checkOptional(input.partitionCount, 'partitionCount'),
    assumption,
    'partitionCount',
    'no API gives the partition count of a Serverless cluster; configure it in streaming.pricing.assumptions',
  );
  const stored = measuredOrAssumed(
    checkOptional(input.storedBytes, 'storedBytes'),
    assumption,
    'storedBytes',
    'no API gives the storage of a Serverless cluster; configure storedGB in streaming.pricing.assumptions',
  );
  return [
    itemPart(pricing, region, 'serverlessClusterHour', 'Cluster-hours', {
      value: HOURS_PER_MONTH,
    }),
    itemPart(
      pricing,
      region,
      'serverlessPartitionHour',
      'Partition-hours',
      scale(partitions, HOURS_PER_MONTH),
    ),
    itemPart(
      pricing,
      region,
      'serverlessStorageGbMonth',
      'Storage',
      scale(stored, 1 / bytesPerGb(pricing.settings)),
    ),
    itemPart(
      pricing,
      region,
      'serverlessDataInGb',
      'Data in',
      dataQuantity(
        checkOptional(input.avgBytesInPerSec, 'avgBytesInPerSec'),
        'BytesInPerSec',
        bytesPerGb(pricing.settings),
      ),
    ),
    itemPart(
      pricing,
      region,
      'serverlessDataOutGb',
      'Data out',
      dataQuantity(
        checkOptional(input.avgBytesOutPerSec, 'avgBytesOutPerSec'),
        'BytesOutPerSec',
        bytesPerGb(pricing.settings),
      ),
    ),
  ];
}

/**
 * Monthly cost of an MSK cluster and its breakdown.
 *
 * - Standard: brokers × hourly × 730 + volume GiB × brokers × GB-month + provisioned MiB/s × brokers × MB/s-month
 *   (+ with tiered storage: RemoteLogSizeBytes GB × tiered GB-month + GB retrieved × per-GB retrieval).
 * - Express: brokers × hourly × 730 + StorageUsed GB × replica factor × GB-month + GB in × per-GB.
 * - Serverless: 730 cluster-hours + partitions × 730 partition-hours + stored GB × GB-month + GB in + GB out.
 *
 * Data transfer of a month is the window's average bytes/s × 2,628,000 s;
 * the notes name that window (`throughputWindow`).
 */
export function estimateClusterMonthlyCost(
  input: ClusterCostInput,
  pricing: ResolvedPricing,
): CostEstimate {
  const notes = [
    `A month is ${HOURS_PER_MONTH} hours; GB means ${gbUnitLabel(
      pricing.settings,
    )}.`,
    throughputWindowNote(input.throughputWindow ?? null),
  ];
  if (input.clusterType === 'standard' && input.storageMode === 'TIERED') {
    notes.push(
      'Tiered storage (StorageMode TIERED) is priced only from streaming.pricing (no built-in price): RemoteLogSizeBytes summed over brokers × standardTieredStorageGbMonth, plus GB read back × standardTieredRetrievalGb.',
    );
  }
  switch (input.clusterType) {
    case 'standard':
      return summarise(
        input.region,
        standardParts(pricing, input),
        notes,
        gbUnitLabel(pricing.settings),
      );
    case 'express':
      return summarise(
        input.region,
        expressParts(pricing, input),
        [
          ...notes,
          `Express storage counts StorageUsed (excluding replicas) × ${pricing.settings.expressStorageReplicaFactor}, per the expressStorageReplicaFactor setting.`,
        ],
        gbUnitLabel(pricing.settings),
      );
    case 'serverless':
      return summarise(
        input.region,
        serverlessParts(pricing, input),
        notes,
        gbUnitLabel(pricing.settings),
      );
    default:
      throw new Error(
        `Unknown cluster type ${JSON.stringify(input.clusterType)}`,
      );
  }
}

function throughputWindowNote(window: ThroughputWindow | null): string {
  if (!window) {
    return 'Data in/out and cost per GB use the throughput given, over a window not stated.';
  }
  const length = window.seconds ? ` (${window.seconds} s)` : '';
  return `Data in/out and cost per GB use the average throughput over ${window.description}${length}.`;
}

export interface FlinkCostInput extends KpuInput {
  arn?: string;
  region: string;
  /** Durable backups (snapshots) kept, in bytes; no API gives it, so it is unknown unless given or configured. */
  backupBytes?: number | null;
}

/**
 * Monthly cost of a Managed Flink application: KPUs (orchestration included)
 * × 730 × KPU-hour + running storage (50 GB per processing KPU, per the
 * flinkRunningStorageMode setting) + backups GB × GB-month. Assumes the
 * application keeps its current KPUs all month (billing is per second with a
 * 10-minute minimum).
 */
export function estimateFlinkMonthlyCost(
  input: FlinkCostInput,
  pricing: ResolvedPricing,
): CostEstimate {
  const { region } = input;
  const kpus = kpusInUse(input);
  const kpuQuantity: Quantity =
    kpus.total === null
      ? { value: null, reason: kpus.basis }
      : {
          value: kpus.total * HOURS_PER_MONTH,
          note: `${kpus.basis}; × ${HOURS_PER_MONTH} h`,
        };
  let storage: Quantity;
  if (kpus.processing === null) {
    storage = { value: null, reason: kpus.basis };
  } else if (pricing.settings.flinkRunningStorageMode === 'first-50GB-free') {
    storage = {
      value: 0,
      note: `${
        kpus.processing * FLINK_STORAGE_GB_PER_KPU
      } GB allocated, free under the first-50GB-free setting`,
    };
  } else {
    storage = {
      value: kpus.processing * FLINK_STORAGE_GB_PER_KPU,
      note: `${kpus.processing} processing KPUs × ${FLINK_STORAGE_GB_PER_KPU} GB (allocated-charged setting)`,
    };
  }
  const backups = scale(
    measuredOrAssumed(
      checkOptional(input.backupBytes, 'backupBytes'),
      input.arn ? pricing.assumptions[input.arn] : undefined,
      'backupBytes',
      'no API gives the size of durable backups; configure backupGB in streaming.pricing.assumptions',
    ),
    1 / bytesPerGb(pricing.settings),
  );
  return summarise(
    region,
    [
      itemPart(
        pricing,
        region,
        'flinkKpuHour',
        'KPU-hours (orchestration included)',
        kpuQuantity,
      ),
      itemPart(
        pricing,
        region,
        'flinkRunningStorageGbMonth',
        'Running application storage',
        storage,
      ),
      itemPart(
        pricing,
        region,
        'flinkBackupGbMonth',
        'Durable backups',
        backups,
      ),
    ],
    [
      `A month is ${HOURS_PER_MONTH} hours at the current KPUs; GB means ${gbUnitLabel(
        pricing.settings,
      )}.`,
      `Running storage: ${pricing.settings.flinkRunningStorageMode} (setting flinkRunningStorageMode).`,
    ],
    gbUnitLabel(pricing.settings),
  );
}

export interface CostPerThroughput {
  gbInPerMonth: number | null;
  gbOutPerMonth: number | null;
  /** Monthly cost ÷ GB in per month; null without traffic. */
  usdPerGbIn: number | null;
  usdPerGbOut: number | null;
  /** True when the monthly cost is a lower bound (an incomplete estimate): so are both ratios. */
  lowerBound: boolean;
  gbUnit: string;
}

/**
 * The whole monthly cost per GB written and per GB read, at the window's
 * average rates (each ratio carries the full cost, not a split of it).
 */
export function costPerThroughput(
  monthlyUsd: number,
  avgBytesInPerSec: number | null,
  avgBytesOutPerSec: number | null,
  /** False when `monthlyUsd` is the lower bound of an incomplete estimate. */
  estimateComplete = true,
  /** The gbUnit setting; decimal GB by default. */
  settings: Pick<PricingSettings, 'gbUnit'> = { gbUnit: 'decimal' },
): CostPerThroughput {
  const bytesInGb = bytesPerGb(settings);
  const gbIn =
    avgBytesInPerSec === null
      ? null
      : gbPerMonth(
          checkOptional(avgBytesInPerSec, 'avgBytesInPerSec')!,
          bytesInGb,
        );
  const gbOut =
    avgBytesOutPerSec === null
      ? null
      : gbPerMonth(
          checkOptional(avgBytesOutPerSec, 'avgBytesOutPerSec')!,
          bytesInGb,
        );
  return {
    gbInPerMonth: gbIn,
    gbOutPerMonth: gbOut,
    usdPerGbIn: gbIn ? roundUsd(monthlyUsd / gbIn) : null,
    usdPerGbOut: gbOut ? roundUsd(monthlyUsd / gbOut) : null,
    lowerBound: !estimateComplete,
    gbUnit: gbUnitLabel(settings),
  };
}

/** Monthly cost per million records read (`numRecordsInPerSecond` averaged over the window); null without records. */
export function flinkCostPerMillionRecords(
  monthlyUsd: number,
  avgRecordsInPerSec: number | null,
): number | null {
  const rate = checkOptional(avgRecordsInPerSec, 'avgRecordsInPerSec');
  if (!rate) {
    return null;
  }
  return roundUsd(monthlyUsd / ((rate * SECONDS_PER_MONTH) / 1e6));
}
