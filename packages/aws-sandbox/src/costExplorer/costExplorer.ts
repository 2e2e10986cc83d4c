import { CallContext } from '../context';
import { AwsError } from '../protocol';
import {
  DEMO_BILLS,
  DemoBillLine,
  FLINK_SERVICE_NAME,
  MSK_SERVICE_NAME,
  OTHER_SERVICE_NAMES,
  PAYER_ACCOUNTS,
} from './demoBills';

type Input = Record<string, unknown>;

// Cost Explorer (awsJson1_1, target AWSInsightsIndexService) names its errors as below.
const validation = (message: string) =>
  new AwsError(400, 'ValidationException', message);

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function handleCostExplorer(
  ctx: CallContext,
  operation: string,
  input: Input,
): unknown {
  const linked = PAYER_ACCOUNTS[ctx.account.id];
  if (!linked) {
    throw new AwsError(
      400,
      'AccessDeniedException',
      `User: ${ctx.account.principal} is not authorized to perform: ce:${operation} (the account is not a payer account with Cost Explorer data in the sandbox)`,
    );
  }
  const lines = DEMO_BILLS.filter(line => linked.includes(line.accountId));
  switch (operation) {
    case 'GetDimensionValues':
      return getDimensionValues(input);
    case 'GetCostAndUsage':
      return getCostAndUsage(input, lines, ctx.now, false);
    case 'GetCostAndUsageWithResources':
      return getCostAndUsage(input, lines, ctx.now, true);
    default:
      throw new AwsError(
        400,
        'UnknownOperationException',
        `Operation ${operation} is not supported by the sandbox.`,
      );
  }
}

function getDimensionValues(input: Input) {
  if (input.Dimension !== 'SERVICE') {
    throw validation(
      'The sandbox answers GetDimensionValues for SERVICE only.',
    );
  }
  const search = String(input.SearchString ?? '').toLowerCase();
  const values = [MSK_SERVICE_NAME, FLINK_SERVICE_NAME, ...OTHER_SERVICE_NAMES]
    .filter(v => v.toLowerCase().includes(search))
    .map(Value => ({ Value, Attributes: {} }));
  return {
    DimensionValues: values,
    ReturnSize: values.length,
    TotalSize: values.length,
  };
}

function parsePeriod(input: Input, now: number, withResources: boolean) {
  const period = (input.TimePeriod ?? {}) as Record<string, unknown>;
  const start = String(period.Start ?? '');
  const end = String(period.End ?? '');
  if (!DATE.test(start) || !DATE.test(end) || start >= end) {
    throw validation(
      'TimePeriod.Start and TimePeriod.End must be dates (YYYY-MM-DD), Start before End.',
    );
  }
  const startMs = Date.parse(`${start}T00:00:00Z`);
  const endMs = Date.parse(`${end}T00:00:00Z`);
  if (withResources && startMs < now - 14 * DAY_MS - DAY_MS) {
    throw validation(
      'Resource-level data is available for the last 14 days only.',
    );
  }
  return { start, end, startMs, endMs };
}

function serviceFilter(input: Input): string[] | null {
  const filter = input.Filter as Record<string, any> | undefined;
  const dims = filter?.Dimensions;
  if (!dims) return null;
  if (dims.Key !== 'SERVICE' || !Array.isArray(dims.Values)) {
    throw validation('The sandbox filters by the SERVICE dimension only.');
  }
  return dims.Values.map(String);
}

function groupKey(
  line: DemoBillLine,
  group: { Type: string; Key: string },
): string {
  if (group.Type === 'DIMENSION' && group.Key === 'LINKED_ACCOUNT')
    return line.accountId;
  if (group.Type === 'DIMENSION' && group.Key === 'SERVICE')
    return line.service;
  if (group.Type === 'DIMENSION' && group.Key === 'RESOURCE_ID')
    return line.resourceArn;
  if (group.Type === 'TAG') return `${group.Key}$${line.tags[group.Key] ?? ''}`;
  throw validation(`GroupBy ${group.Type} ${group.Key} is not supported.`);
}

function getCostAndUsage(
  input: Input,
  lines: DemoBillLine[],
  now: number,
  withResources: boolean,
) {
  const { startMs, endMs } = parsePeriod(input, now, withResources);
  const metrics = Array.isArray(input.Metrics) ? input.Metrics.map(String) : [];
  if (metrics.length === 0) throw validation('Metrics is required.');
  const services = serviceFilter(input);
  if (withResources && !services) {
    throw validation('GetCostAndUsageWithResources needs a SERVICE filter.');
  }
  const groupBy = (Array.isArray(input.GroupBy) ? input.GroupBy : []) as Array<{
    Type: string;
    Key: string;
  }>;
  if (groupBy.length > 2) throw validation('At most two GroupBy entries.');
  const selected = lines.filter(l => !services || services.includes(l.service));
  // Billed up to the sandbox's today: a month-to-date period has no future cost.
  const billedEnd = Math.min(endMs, Math.floor(now / DAY_MS) * DAY_MS);
  const days = Math.max(0, (billedEnd - startMs) / DAY_MS);
  const amount = (line: DemoBillLine) => (line.monthlyUsd * days) / 30;
  const metricsOf = (usd: number) =>
    Object.fromEntries(
      metrics.map(m => [m, { Amount: usd.toFixed(10), Unit: 'USD' }]),
    );
  const groups = new Map<string, number>();
  let total = 0;
  for (const line of selected) {
    const key = groupBy.map(g => groupKey(line, g)).join('\u0000');
    groups.set(key, (groups.get(key) ?? 0) + amount(line));
    total += amount(line);
  }
  const period = input.TimePeriod as { Start: string; End: string };
  return {
    GroupDefinitions: groupBy,
    ResultsByTime: [
      {
        TimePeriod: { Start: period.Start, End: period.End },
        Total: groupBy.length ? {} : metricsOf(total),
        Groups: [...groups.entries()].map(([key, usd]) => ({
          Keys: key.split('\u0000'),
          Metrics: metricsOf(usd),
        })),
        Estimated: endMs > now,
      },
    ],
    DimensionValueAttributes: [],
  };
}
