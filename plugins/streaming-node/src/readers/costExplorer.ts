import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageWithResourcesCommand,
  GetDimensionValuesCommand,
  GroupDefinition,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { awsCall } from './errors';

/** What to read MSK and Managed Flink costs for. */
export interface CostPeriod {
  /** Inclusive, YYYY-MM-DD. */
  start: string;
  /** Exclusive, YYYY-MM-DD. */
  end: string;
}

/** One group's cost in a period, e.g. an account's, an owner tag value's or a resource's. */
export interface CostGroup {
  /** The group's keys as Cost Explorer returns them, e.g. `['111111111111', 'owner$team-orders']`. */
  keys: string[];
  usd: number;
}

/** The metric read: what the account was billed, before credits and savings plans are amortised. */
export const COST_METRIC = 'UnblendedCost';

/**
 * The SERVICE dimension values of MSK and Managed Flink as Cost Explorer
 * names them, looked up (GetDimensionValues) rather than guessed: Managed
 * Flink was billed as "Amazon Kinesis Analytics" before its rename.
 */
export async function lookUpStreamingServiceNames(
  client: CostExplorerClient,
  period: CostPeriod,
): Promise<string[]> {
  const names = new Set<string>();
  for (const search of ['Kafka', 'Flink', 'Kinesis Analytics']) {
    const answer = await awsCall('GetDimensionValues', () =>
      client.send(
        new GetDimensionValuesCommand({
          Dimension: 'SERVICE',
          SearchString: search,
          TimePeriod: { Start: period.start, End: period.end },
        }),
      ),
    );
    for (const value of answer.DimensionValues ?? []) {
      if (value.Value && isStreamingService(value.Value))
        names.add(value.Value);
    }
  }
  return [...names].sort();
}

/** Matches the service names of MSK and Managed Flink, not Kinesis Data Streams or Firehose. */
export function isStreamingService(name: string): boolean {
  return (
    /Managed Streaming for (Apache )?Kafka/i.test(name) ||
    /Managed Service for Apache Flink/i.test(name) ||
    /^Amazon Kinesis Analytics$/i.test(name)
  );
}

function groupsOf(results: ResultByTime[] | undefined): CostGroup[] {
  const sums = new Map<string, CostGroup>();
  for (const result of results ?? []) {
    for (const group of result.Groups ?? []) {
      const keys = group.Keys ?? [];
      const usd = Number(group.Metrics?.[COST_METRIC]?.Amount ?? 0);
      const id = keys.join('\u0000');
      const known = sums.get(id);
      if (known) known.usd += usd;
      else sums.set(id, { keys, usd });
    }
  }
  return [...sums.values()];
}

/**
 * The cost of the given services in a period, grouped (at most two
 * groupings, e.g. LINKED_ACCOUNT and a tag key). One request per call; the
 * caller counts them, since Cost Explorer charges per request.
 */
export async function readCostGroups(
  client: CostExplorerClient,
  period: CostPeriod,
  services: string[],
  groupBy: GroupDefinition[],
): Promise<CostGroup[]> {
  const answer = await awsCall('GetCostAndUsage', () =>
    client.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: period.start, End: period.end },
        Granularity: 'MONTHLY',
        Metrics: [COST_METRIC],
        Filter: { Dimensions: { Key: 'SERVICE', Values: services } },
        GroupBy: groupBy,
      }),
    ),
  );
  return groupsOf(answer.ResultsByTime);
}

/**
 * Cost per resource (RESOURCE_ID, the ARN) over at most the last 14 days;
 * needs resource-level data enabled in Cost Explorer's preferences.
 */
export async function readResourceCosts(
  client: CostExplorerClient,
  period: CostPeriod,
  services: string[],
): Promise<CostGroup[]> {
  const answer = await awsCall('GetCostAndUsageWithResources', () =>
    client.send(
      new GetCostAndUsageWithResourcesCommand({
        TimePeriod: { Start: period.start, End: period.end },
        Granularity: 'MONTHLY',
        Metrics: [COST_METRIC],
        Filter: { Dimensions: { Key: 'SERVICE', Values: services } },
        GroupBy: [{ Type: 'DIMENSION', Key: 'RESOURCE_ID' }],
      }),
    ),
  );
  return groupsOf(answer.ResultsByTime);
}
