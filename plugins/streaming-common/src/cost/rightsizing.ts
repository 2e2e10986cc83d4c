import {
  ClusterCostInput,
  CostEstimate,
  estimateClusterMonthlyCost,
  estimateFlinkMonthlyCost,
  FlinkCostInput,
  roundUsd,
} from './cost';
import { DEFAULT_KPU_LIMIT, kpusInUse, MAX_PARALLELISM_PER_KPU } from './kpu';
import {
  BROKER_FAMILY_SIZES,
  BROKER_SIZE_VCPUS,
  BYTES_PER_MB,
  expressBrokerLimitsFor,
  parseBrokerInstanceType,
  partitionLimitsFor,
} from './limits';
import { ResolvedPricing } from './pricing';

/** Every right-sizing threshold in one table; the sources are in RIGHTSIZING_THRESHOLD_SOURCES. */
export interface RightsizingThresholds {
  /** Flink: the window's maximum containerCPUUtilization must be below this to suggest fewer KPUs (%). */
  flinkLowCpuPercent: number;
  /** Flink: …and the window's maximum heapMemoryUtilization below this (%). */
  flinkLowHeapPercent: number;
  /** Flink: maximum CPU at or above this is where the autoscaler scales up (%). */
  flinkScaleUpCpuPercent: number;
  /** Flink: below this for 6 h the autoscaler itself scales down (%). */
  flinkScaleDownCpuPercent: number;
  /** MSK: keep the busiest broker's CpuUser + CpuSystem below this (%). */
  brokerCpuPercent: number;
  /** MSK: below this, a broker bigger than `large` is offered one size down (%). */
  brokerCpuDownsizePercent: number;
  /** Express: per-broker ingress or egress above this fraction of the sustained limit needs more capacity. */
  expressThroughputFraction: number;
}

export const DEFAULT_RIGHTSIZING_THRESHOLDS: RightsizingThresholds = {
  flinkLowCpuPercent: 30,
  flinkLowHeapPercent: 40,
  flinkScaleUpCpuPercent: 75,
  flinkScaleDownCpuPercent: 10,
  brokerCpuPercent: 60,
  brokerCpuDownsizePercent: 20,
  expressThroughputFraction: 0.8,
};

export const RIGHTSIZING_THRESHOLD_SOURCES: Record<
  keyof RightsizingThresholds,
  string
> = {
  flinkLowCpuPercent:
    'Project default: halving the KPUs roughly doubles CPU, so below 30% the result stays under 60%, clear of the 75% scale-up threshold. More conservative than the autoscaler (< 10% for 6 h).',
  flinkLowHeapPercent:
    'Project default: halving the KPUs can double heap use, so below 40% the result stays under 80%, clear of the 90% heap alarm (AWS Managed Flink alarm guidance).',
  flinkScaleUpCpuPercent:
    'Managed Flink autoscaling: scale up when containerCPUUtilization Maximum ≥ 75% for 15 minutes.',
  flinkScaleDownCpuPercent:
    'Managed Flink autoscaling: scale down when containerCPUUtilization stays < 10% for 6 hours.',
  brokerCpuPercent:
    'AWS MSK best practices (Standard and Express): keep CpuUser + CpuSystem under 60%.',
  brokerCpuDownsizePercent:
    'Project default: one size down doubles CPU load, so below 20% the result stays under 40%, well under the 60% rule.',
  expressThroughputFraction:
    'AWS MSK skill monitor-and-alarm guidance: alarm at ~80% of the recommended sustained per-broker throughput.',
};

/** One way to act on a recommendation, with what it does to the monthly bill. */
export interface RightsizingOption {
  /** In words, e.g. "Parallelism 4 → 2". */
  change: string;
  parallelism?: number;
  parallelismPerKpu?: number;
  instanceType?: string;
  brokerCount?: number;
  /** Proposed minus current monthly cost (negative is a saving); null when a price is unknown. */
  monthlyUsdDelta: number | null;
}

export interface RightsizingRecommendation {
  ruleId: string;
  kind: 'downsize' | 'upsize' | 'near-threshold';
  message: string;
  value: number;
  threshold: number;
  options: RightsizingOption[];
}

export interface RightsizingResult {
  recommendations: RightsizingRecommendation[];
  /** Why a rule could not be judged, e.g. a missing metric. */
  notes: string[];
}

/**
 * Proposed minus current cost over the parts that change. A part unchanged
 * by the proposal adds nothing even when its price is unknown; a changed
 * part with an unknown price makes the difference unknown.
 */
export function costDelta(
  current: CostEstimate,
  proposed: CostEstimate,
): number | null {
  let delta = 0;
  for (const part of proposed.parts) {
    const before = current.parts.find(p => p.item === part.item);
    if (before && JSON.stringify(before) === JSON.stringify(part)) continue;
    if (
      before?.monthlyUsd === null ||
      before?.monthlyUsd === undefined ||
      part.monthlyUsd === null
    ) {
      return null;
    }
    delta += part.monthlyUsd - before.monthlyUsd;
  }
  return roundUsd(delta);
}

function percent(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}

function usd(delta: number | null): string {
  if (delta === null) return 'cost change unknown';
  return delta <= 0
    ? `saves $${(-delta).toFixed(2)}/month`
    : `adds $${delta.toFixed(2)}/month`;
}

export interface FlinkRightsizingInput extends FlinkCostInput {
  autoScalingEnabled: boolean | null;
  /** Maximum containerCPUUtilization over the window (%). */
  maxCpuPercent: number | null;
  /** Maximum heapMemoryUtilization over the window (%). */
  maxHeapPercent: number | null;
  /** `streaming.flink.kpuLimit`. */
  kpuLimit?: number;
}

/**
 * Flink right-sizing. Low CPU and heap over the window: halve Parallelism
 * (never below 1) or double ParallelismPerKPU (at most 8), each offered only
 * when it saves money. CPU at the scale-up threshold: say so, with the cost
 * of the doubling the autoscaler would make.
 */
export function rightsizeFlinkApplication(
  input: FlinkRightsizingInput,
  pricing: ResolvedPricing,
  thresholds: RightsizingThresholds = DEFAULT_RIGHTSIZING_THRESHOLDS,
): RightsizingResult {
  const kpus = kpusInUse(input);
  if (!kpus.total) {
    return { recommendations: [], notes: [kpus.basis] };
  }
  const { parallelism, parallelismPerKpu } = kpus;
  const current = estimateFlinkMonthlyCost(input, pricing);
  const withConfig = (p: number, ppk: number) =>
    costDelta(
      current,
      estimateFlinkMonthlyCost(
        { ...input, currentParallelism: p, parallelismPerKpu: ppk },
        pricing,
      ),
    );
  const recommendations: RightsizingRecommendation[] = [];
  const notes: string[] = [];
  const { maxCpuPercent: cpu, maxHeapPercent: heap } = input;

  if (cpu === null || heap === null) {
    notes.push(
      'CPU or heap utilisation has no datapoints over the window, so KPU right-sizing is not judged.',
    );
  } else if (
    cpu < thresholds.flinkLowCpuPercent &&
    heap < thresholds.flinkLowHeapPercent
  ) {
    const options: RightsizingOption[] = [];
    const halved = Math.max(1, Math.ceil(parallelism / 2));
    if (halved < parallelism) {
      options.push({
        change: `Parallelism ${parallelism} → ${halved}`,
        parallelism: halved,
        monthlyUsdDelta: withConfig(halved, parallelismPerKpu),
      });
    }
    const doubledPerKpu = Math.min(
      MAX_PARALLELISM_PER_KPU,
      parallelismPerKpu * 2,
    );
    if (doubledPerKpu > parallelismPerKpu) {
      options.push({
        change: `ParallelismPerKPU ${parallelismPerKpu} → ${doubledPerKpu}`,
        parallelismPerKpu: doubledPerKpu,
        monthlyUsdDelta: withConfig(parallelism, doubledPerKpu),
      });
    }
    const saving = options.filter(
      o => o.monthlyUsdDelta === null || o.monthlyUsdDelta < 0,
    );
    if (saving.length) {
      const autoscaleNote = input.autoScalingEnabled
        ? ` Autoscaling alone scales down only after CPU stays below ${thresholds.flinkScaleDownCpuPercent}% for 6 hours, and never below the configured Parallelism.`
        : '';
      recommendations.push({
        ruleId: 'flink.rightsize.low-utilisation',
        kind: 'downsize',
        message: `CPU peaked at ${percent(cpu)} and heap at ${percent(
          heap,
        )} over the window (below ${thresholds.flinkLowCpuPercent}% and ${
          thresholds.flinkLowHeapPercent
        }%): the application can run on fewer KPUs. ${saving
          .map(o => `${o.change} ${usd(o.monthlyUsdDelta)}`)
          .join('; or ')}.${autoscaleNote}`,
        value: cpu,
        threshold: thresholds.flinkLowCpuPercent,
        options: saving,
      });
    } else {
      notes.push(
        'Utilisation is low, but the application already runs on the fewest KPUs its settings allow.',
      );
    }
  }

  if (cpu !== null && cpu >= thresholds.flinkScaleUpCpuPercent) {
    const doubled = parallelism * 2;
    const doubledKpus = kpusInUse({ ...input, currentParallelism: doubled })
      .total!;
    const limit = input.kpuLimit ?? DEFAULT_KPU_LIMIT;
    const option: RightsizingOption = {
      change: `Parallelism ${parallelism} → ${doubled}`,
      parallelism: doubled,
      monthlyUsdDelta: withConfig(doubled, parallelismPerKpu),
    };
    const who = input.autoScalingEnabled
      ? 'Autoscaling will double the parallelism if CPU stays at or above it for 15 minutes'
      : 'Autoscaling is off, so raise Parallelism yourself if the load keeps growing';
    const limitNote =
      doubledKpus > limit
        ? ` Doubling needs ${doubledKpus} KPUs, above the limit of ${limit}.`
        : '';
    recommendations.push({
      ruleId: 'flink.rightsize.near-scale-up',
      kind: 'near-threshold',
      message: `CPU peaked at ${percent(cpu)}, at the ${
        thresholds.flinkScaleUpCpuPercent
      }% scale-up threshold. ${who}: ${option.change} ${usd(
        option.monthlyUsdDelta,
      )}.${limitNote}`,
      value: cpu,
      threshold: thresholds.flinkScaleUpCpuPercent,
      options: [option],
    });
  }
  return { recommendations, notes };
}

export interface MskRightsizingInput extends ClusterCostInput {
  /** The busiest broker's average CpuUser + CpuSystem over the window (%). */
  cpuPercent: number | null;
  /** Express: the busiest broker's average BytesInPerSec over the window. */
  maxBrokerBytesInPerSec?: number | null;
  /** Express: the busiest broker's average BytesOutPerSec over the window. */
  maxBrokerBytesOutPerSec?: number | null;
  /** The busiest broker's PartitionCount (replicas included). */
  maxPartitionsPerBroker?: number | null;
  /** Availability Zones the brokers span; broker counts are kept a multiple of it. Default 3. */
  zoneCount?: number | null;
}

/** Broker counts beyond this multiple of the current one are not proposed: split the cluster instead. */
const MAX_BROKER_GROWTH = 10;

interface BrokerShape {
  instanceType: string;
  brokerCount: number;
}

/**
 * MSK right-sizing, assuming load spreads evenly over brokers and CPU load
 * scales inversely with vCPUs (so with price):
 * - CPU at or above 60%: the next size, or the broker count, that brings it under 60%.
 * - Express: per-broker ingress or egress above 80% of the size's sustained limit: the size or broker count that fits.
 * - Partitions per broker above the recommended maximum: the size or broker count that fits.
 * - CPU below 20% on a size above large: one size down, if partitions and throughput still fit.
 * Serverless clusters have no brokers to size.
 */
export function rightsizeKafkaCluster(
  input: MskRightsizingInput,
  pricing: ResolvedPricing,
  thresholds: RightsizingThresholds = DEFAULT_RIGHTSIZING_THRESHOLDS,
): RightsizingResult {
  const notes: string[] = [];
  if (input.clusterType === 'serverless') {
    return {
      recommendations: [],
      notes: ['Serverless clusters have no brokers to size.'],
    };
  }
  const parsed = input.instanceType
    ? parseBrokerInstanceType(input.instanceType)
    : null;
  if (!parsed || !input.instanceType || !input.brokerCount) {
    return {
      recommendations: [],
      notes: [
        `The cluster cannot be sized: broker type ${
          input.instanceType ?? 'unknown'
        } is not a known MSK size, or the broker count (${
          input.brokerCount ?? 'unknown'
        }) is missing.`,
      ],
    };
  }
  const currentShape: BrokerShape = {
    instanceType: input.instanceType,
    brokerCount: input.brokerCount,
  };
  const zones = input.zoneCount && input.zoneCount > 0 ? input.zoneCount : 3;
  const sizes = BROKER_FAMILY_SIZES[parsed.family];
  const vcpus = (type: string) =>
    BROKER_SIZE_VCPUS[parseBrokerInstanceType(type)!.size];
  const current = estimateClusterMonthlyCost(input, pricing);
  const delta = (shape: BrokerShape) =>
    costDelta(
      current,
      estimateClusterMonthlyCost({ ...input, ...shape }, pricing),
    );
  const sizeOption = (type: string): RightsizingOption => ({
    change: `${input.instanceType} → ${type}`,
    instanceType: type,
    monthlyUsdDelta: delta({ ...currentShape, instanceType: type }),
  });
  const brokerOption = (count: number): RightsizingOption => ({
    change: `${input.brokerCount} → ${count} brokers`,
    brokerCount: count,
    monthlyUsdDelta: delta({ ...currentShape, brokerCount: count }),
  });
  /** Smallest broker count (a multiple of the zones, above the current) for which `fits` holds. */
  const brokersThatFit = (fits: (count: number) => boolean): number | null => {
    const first = Math.ceil((input.brokerCount! + 1) / zones) * zones;
    for (
      let count = first;
      count <= input.brokerCount! * MAX_BROKER_GROWTH;
      count += zones
    ) {
      if (fits(count)) return count;
    }
    return null;
  };
  const largerSizeThatFits = (
    fits: (type: string) => boolean,
  ): string | null => {
    const index = sizes.indexOf(parsed.size);
    return (
      sizes
        .slice(index + 1)
        .map(size => `${parsed.family}.${size}`)
        .find(fits) ?? null
    );
  };
  const optionsFrom = (type: string | null, count: number | null) => [
    ...(type ? [sizeOption(type)] : []),
    ...(count ? [brokerOption(count)] : []),
  ];

  // Load per broker when the same traffic spreads over `count` brokers of `type`.
  const toMBps = (bytes: number | null | undefined) =>
    bytes === null || bytes === undefined ? null : bytes / BYTES_PER_MB;
  const ingressMBps = toMBps(input.maxBrokerBytesInPerSec);
  const egressMBps = toMBps(input.maxBrokerBytesOutPerSec);
  const cpuAt = (shape: BrokerShape) =>
    (input.cpuPercent! * input.brokerCount! * vcpus(input.instanceType!)) /
    (shape.brokerCount * vcpus(shape.instanceType));
  const perBrokerAt = (value: number, shape: BrokerShape) =>
    (value * input.brokerCount!) / shape.brokerCount;
  const throughputFits = (shape: BrokerShape) => {
    const limits = expressBrokerLimitsFor(shape.instanceType);
    if (!limits) return true;
    const f = thresholds.expressThroughputFraction;
    return (
      (ingressMBps === null ||
        perBrokerAt(ingressMBps, shape) <= limits.ingressMBps.sustained * f) &&
      (egressMBps === null ||
        perBrokerAt(egressMBps, shape) <= limits.egressMBps.sustained * f)
    );
  };
  const partitions = input.maxPartitionsPerBroker ?? null;
  const partitionsFit = (shape: BrokerShape) =>
    partitions === null ||
    perBrokerAt(partitions, shape) <=
      partitionLimitsFor(shape.instanceType)!.recommended;

  const recommendations: RightsizingRecommendation[] = [];
  const cpu = input.cpuPercent;
  if (cpu === null) {
    notes.push(
      'Broker CPU has no datapoints over the window, so the 60% rule is not judged.',
    );
  } else if (cpu >= thresholds.brokerCpuPercent) {
    const under = (shape: BrokerShape) =>
      cpuAt(shape) < thresholds.brokerCpuPercent;
    const options = optionsFrom(
      largerSizeThatFits(type =>
        under({ ...currentShape, instanceType: type }),
      ),
      brokersThatFit(count => under({ ...currentShape, brokerCount: count })),
    );
    recommendations.push({
      ruleId: 'msk.rightsize.cpu',
      kind: 'upsize',
      message: `The busiest broker averages ${percent(
        cpu,
      )} CPU (user + system), at or above the ${
        thresholds.brokerCpuPercent
      }% AWS recommends. ${describe(options)}`,
      value: cpu,
      threshold: thresholds.brokerCpuPercent,
      options,
    });
  }

  if (parsed.express) {
    const limits = expressBrokerLimitsFor(input.instanceType)!;
    const f = thresholds.expressThroughputFraction;
    if (ingressMBps === null && egressMBps === null) {
      notes.push(
        'Per-broker bytes in/out have no datapoints, so Express throughput limits are not judged.',
      );
    } else if (!throughputFits(currentShape)) {
      const worst = Math.max(
        (ingressMBps ?? 0) / limits.ingressMBps.sustained,
        (egressMBps ?? 0) / limits.egressMBps.sustained,
      );
      const options = optionsFrom(
        largerSizeThatFits(type =>
          throughputFits({ ...currentShape, instanceType: type }),
        ),
        brokersThatFit(count =>
          throughputFits({ ...currentShape, brokerCount: count }),
        ),
      );
      recommendations.push({
        ruleId: 'msk.rightsize.express-throughput',
        kind: 'upsize',
        message: `The busiest broker carries ${
          ingressMBps?.toFixed(1) ?? '?'
        } MB/s in and ${egressMBps?.toFixed(1) ?? '?'} MB/s out; ${
          input.instanceType
        } sustains ${limits.ingressMBps.sustained} MB/s in and ${
          limits.egressMBps.sustained
        } MB/s out, and more than ${
          f * 100
        }% of that leaves no headroom before throttling. ${describe(options)}`,
        value: Math.round(worst * 1000) / 10,
        threshold: f * 100,
        options,
      });
    }
  }

  if (partitions !== null && !partitionsFit(currentShape)) {
    const recommended = partitionLimitsFor(input.instanceType)!.recommended;
    const options = optionsFrom(
      largerSizeThatFits(type =>
        partitionsFit({ ...currentShape, instanceType: type }),
      ),
      brokersThatFit(count =>
        partitionsFit({ ...currentShape, brokerCount: count }),
      ),
    );
    const move = parsed.express
      ? ''
      : ' New brokers take partitions only after a reassignment.';
    recommendations.push({
      ruleId: 'msk.rightsize.partitions-per-broker',
      kind: 'upsize',
      message: `The busiest broker holds ${partitions} partitions (replicas included), above the ${recommended} recommended for ${
        input.instanceType
      }. ${describe(options)}${move}`,
      value: partitions,
      threshold: recommended,
      options,
    });
  }

  const largeVcpus = BROKER_SIZE_VCPUS.large;
  if (
    cpu !== null &&
    cpu < thresholds.brokerCpuDownsizePercent &&
    vcpus(input.instanceType) > largeVcpus
  ) {
    const smaller = `${parsed.family}.${sizes[sizes.indexOf(parsed.size) - 1]}`;
    const shape = { ...currentShape, instanceType: smaller };
    if (
      partitionsFit(shape) &&
      throughputFits(shape) &&
      cpuAt(shape) < thresholds.brokerCpuPercent
    ) {
      const option = sizeOption(smaller);
      recommendations.push({
        ruleId: 'msk.rightsize.downsize',
        kind: 'downsize',
        message: `The busiest broker averages only ${percent(cpu)} CPU (below ${
          thresholds.brokerCpuDownsizePercent
        }%); one size smaller would run at about ${percent(
          cpuAt(shape),
        )}. ${describe([option])}`,
        value: cpu,
        threshold: thresholds.brokerCpuDownsizePercent,
        options: [option],
      });
    } else {
      notes.push(
        `CPU is low, but ${smaller} would not hold the partitions or throughput, so no downsizing is offered.`,
      );
    }
  }
  return { recommendations, notes };
}

function describe(options: RightsizingOption[]): string {
  if (!options.length) {
    return 'No larger size or broker count in this family fits; consider splitting the cluster.';
  }
  return `${options
    .map(o => `${o.change} fits (${usd(o.monthlyUsdDelta)})`)
    .join('; or ')}.`;
}
