// The refresh at scale (docs/benchmarks.md "The refresh"): AWS calls made
// against the minimum, rate limits, CloudWatch spend, and the same entity page
// served by calling AWS live per view, the way other AWS plugins do.
import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeTopicCommand,
  KafkaClient,
  paginateListClustersV2,
  paginateListTopics,
} from '@aws-sdk/client-kafka';

/** Every AWS call of the sandbox takes this long in the refresh measurements. */
export const LATENCY_MS = 50;

/**
 * The largest page each listing accepts (the API references: MaxResults 100
 * for MSK's lists, Limit 50 for ListApplications), so the fewest pages.
 */
const MAX_PAGE = {
  ListClustersV2: 100,
  ListNodes: 100,
  ListTopics: 100,
  ListApplications: 50,
};
/** GetMetricData accepts at most 500 queries per call (CloudWatch API reference). */
const QUERIES_PER_GET_METRIC_DATA = 500;
/** $ per 1,000 metrics requested by GetMetricData (the plugin's figure, docs/configuration.md). */
const USD_PER_1000_METRICS = 0.01;
/** The plugin's default schedules: inventory every 15 minutes, slow metrics every 30 (docs/configuration.md). */
const INVENTORY_EVERY_MINUTES = 15;
const RUNS_PER_MONTH = {
  inventory: (730 * 60) / INVENTORY_EVERY_MINUTES,
  slow: (730 * 60) / 30,
};
/**
 * The plugin's default DescribeTopic budget per account-region and refresh
 * (`streaming.refresh.maxTopicDescribes`, docs/configuration.md). The bench
 * sets it on the backend explicitly, so the minimum counts the same budget.
 */
export const DEFAULT_MAX_TOPIC_DESCRIBES = 400;

const pages = (n, max) => Math.max(1, Math.ceil(n / max));

/** The budget the minimum is computed for; the backend's setting must be passed, not assumed. */
function budgetOf(maxTopicDescribes) {
  if (!Number.isInteger(maxTopicDescribes) || maxTopicDescribes < 0) {
    throw new Error(
      `maxTopicDescribes must be the backend's streaming.refresh.maxTopicDescribes (0: no limit), got ${maxTopicDescribes}`,
    );
  }
  return maxTopicDescribes;
}

/** Topics of an account-region's provisioned clusters, the ones ListTopics and DescribeTopic cover. */
function listableTopics(clusters) {
  return clusters
    .filter(cluster => cluster.type !== 'serverless')
    .flatMap(cluster => cluster.topics ?? [])
    .reduce((n, t) => n + (t.count ?? 1), 0);
}

/**
 * The fewest DescribeTopic calls refresh number `refresh` (1 = the first) of
 * one account-region makes with nothing changed in AWS in between:
 * min(topics awaiting a describe at its start, budget). The backlog at its
 * start is what the refreshes before left: topics − (refresh − 1) × budget.
 * A budget of 0 (no limit) describes every topic on the first refresh.
 */
export function topicDescribesMinimum(topics, maxTopicDescribes, refresh) {
  const budget = budgetOf(maxTopicDescribes);
  if (budget === 0) return refresh === 1 ? topics : 0;
  const backlog = Math.max(0, topics - (refresh - 1) * budget);
  return Math.min(backlog, budget);
}

/**
 * How many refreshes it takes until every topic's configuration is read
 * (⌈topics / budget⌉ for the account-region with the most topics), and so
 * how long after the first refresh the last of them is read at the default
 * schedule.
 */
export function topicBacklog(
  scenario,
  { accounts, regions, maxTopicDescribes },
) {
  const budget = budgetOf(maxTopicDescribes);
  let largest = { topics: 0, accountRegion: undefined };
  for (const accountId of accounts) {
    for (const region of regions) {
      const here = scenario.accounts[accountId]?.regions?.[region] ?? {};
      const topics = listableTopics(here.clusters ?? []);
      if (topics > largest.topics)
        largest = { topics, accountRegion: `${accountId}/${region}` };
    }
  }
  const refreshes =
    largest.topics === 0
      ? 0
      : budget === 0
      ? 1
      : Math.ceil(largest.topics / budget);
  return {
    maxTopicDescribes: budget,
    topics: largest.topics,
    accountRegion: largest.accountRegion,
    refreshes,
    minutesAfterFirst: Math.max(0, refreshes - 1) * INVENTORY_EVERY_MINUTES,
    everyMinutes: INVENTORY_EVERY_MINUTES,
  };
}

/**
 * The fewest calls a refresh can make for this scenario, by operation, per
 * the issue's rules: listing pages at the largest page size; tags where a
 * list does not return them (Flink); ListNodes per provisioned cluster;
 * describe calls for what changed (everything on a first refresh), plus the
 * Flink applications described every refresh (autoscaling on, or
 * AUTOSCALING); DescribeTopic per account-region within the backend's budget
 * `maxTopicDescribes` (topicDescribesMinimum: the first refresh describes
 * min(topics, budget), the second min(the backlog left, budget));
 * ⌈metric queries / 500⌉ GetMetricData calls per account-region. `series`
 * maps `account/region` to the queries requested.
 */
export function minimumCalls(
  scenario,
  { accounts, regions, first, series, maxTopicDescribes },
) {
  budgetOf(maxTopicDescribes);
  const min = {};
  const add = (op, n) => {
    min[op] = (min[op] ?? 0) + n;
  };
  for (const accountId of accounts) {
    for (const region of regions) {
      const here = scenario.accounts[accountId]?.regions?.[region] ?? {};
      const clusters = here.clusters ?? [];
      const apps = here.flinkApplications ?? [];
      add('ListClustersV2', pages(clusters.length, MAX_PAGE.ListClustersV2));
      add('ListApplications', pages(apps.length, MAX_PAGE.ListApplications));
      for (const cluster of clusters) {
        // Serverless clusters are described when new too, but have no brokers or topic APIs.
        if (first) add('DescribeClusterV2', 1);
        if (cluster.type === 'serverless') continue;
        add('ListNodes', pages(cluster.brokers ?? 3, MAX_PAGE.ListNodes));
        const topics = (cluster.topics ?? []).reduce(
          (n, t) => n + (t.count ?? 1),
          0,
        );
        add('ListTopics', pages(topics, MAX_PAGE.ListTopics));
      }
      const describes = topicDescribesMinimum(
        listableTopics(clusters),
        maxTopicDescribes,
        first ? 1 : 2,
      );
      if (describes > 0) add('DescribeTopic', describes);
      add('ListTagsForResource', apps.length);
      const described = apps.filter(
        a =>
          first ||
          a.status === 'AUTOSCALING' ||
          (a.parallelism?.autoScaling ?? true),
      ).length;
      add('DescribeApplication', described);
      // Operations are listed when an application's listing changed: all of
      // them on a first refresh, none when nothing changed.
      if (first) add('ListApplicationOperations', apps.length);
      const queries = series.get(`${accountId}/${region}`) ?? 0;
      add(
        'GetMetricData',
        queries ? Math.ceil(queries / QUERIES_PER_GET_METRIC_DATA) : 0,
      );
    }
  }
  return min;
}

/** The sandbox's quota key of an operation the refresh minimum names (its ListTagsForResource is Flink's). */
const quotaKey = op =>
  op === 'ListTagsForResource' ? 'kinesisanalytics:ListTagsForResource' : op;

/**
 * The least wall time the request-rate quotas allow a refresh: per
 * account-region (each a task of its own, run in parallel), the operation
 * whose minimum calls take longest at its quota, after its burst. Operations
 * run one after another in part, so the real floor is higher: this is a lower
 * bound. `limits` is the sandbox's quota table (GET /_sandbox/faults).
 */
export function rateLimitFloor(
  scenario,
  { accounts, regions, first, series, maxTopicDescribes },
  limits,
) {
  let floor = { seconds: 0 };
  for (const accountId of accounts) {
    for (const region of regions) {
      const min = minimumCalls(scenario, {
        accounts: [accountId],
        regions: [region],
        first,
        series,
        maxTopicDescribes,
      });
      for (const [op, calls] of Object.entries(min)) {
        const limit = limits[quotaKey(op)];
        if (!limit) continue;
        const seconds = Math.max(0, calls - limit.burst) / limit.perSecond;
        if (seconds > floor.seconds) {
          floor = {
            seconds,
            op,
            calls,
            perSecond: limit.perSecond,
            source: limit.source,
            accountRegion: `${accountId}/${region}`,
          };
        }
      }
    }
  }
  return floor;
}

/** Calls made by operation, summed over the account-regions of /v1/status. */
export function callsOf(status) {
  const calls = {};
  for (const s of status.accountRegions) {
    for (const [op, n] of Object.entries(s.calls ?? {})) {
      calls[op] = (calls[op] ?? 0) + n;
    }
  }
  return calls;
}

/** Series each account-region requested, from the backend's log lines. */
export function seriesFromLog(text, what = 'inventory') {
  const series = new Map();
  const line = new RegExp(
    `Streaming ${what} metrics of (\\d{12}) in (\\S+): (\\d+) series requested`,
    'g',
  );
  for (const m of text.matchAll(line))
    series.set(`${m[1]}/${m[2]}`, Number(m[3]));
  return series;
}

const sum = values => [...values].reduce((a, b) => a + b, 0);

/** Monthly GetMetricData cost of the series each refresh requests, at the default schedules. */
export function monthlyMetricsUsd(inventorySeries, slowSeries) {
  return (
    ((sum(inventorySeries.values()) * RUNS_PER_MONTH.inventory +
      sum(slowSeries.values()) * RUNS_PER_MONTH.slow) /
      1000) *
    USD_PER_1000_METRICS
  );
}

/**
 * One entity page served the way AWS plugins that call AWS per page view do:
 * find the cluster, list its topics, describe each matching topic, and read
 * their metrics, through the sandbox with the same latency. Milliseconds.
 */
export async function livePageViewMs({
  endpoint,
  credentials,
  region,
  clusterName,
  topicPrefix,
  concurrency = 4,
}) {
  // The backend's client settings: adaptive retries through AWS's throttling.
  const config = {
    endpoint,
    region,
    credentials,
    maxAttempts: 10,
    retryMode: 'adaptive',
  };
  const kafka = new KafkaClient(config);
  const cloudwatch = new CloudWatchClient(config);
  const started = Date.now();
  let clusterArn;
  for await (const page of paginateListClustersV2({ client: kafka }, {})) {
    const found = page.ClusterInfoList?.find(
      c => c.ClusterName === clusterName,
    );
    if (found) {
      clusterArn = found.ClusterArn;
      break;
    }
  }
  if (!clusterArn) throw new Error(`no cluster ${clusterName} in the sandbox`);
  const topics = [];
  for await (const page of paginateListTopics(
    { client: kafka },
    { ClusterArn: clusterArn, TopicNameFilter: topicPrefix },
  )) {
    topics.push(
      ...(page.Topics ?? [])
        .map(t => t.TopicName)
        .filter(name => name.startsWith(topicPrefix)),
    );
  }
  const queue = [...topics];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        await kafka.send(
          new DescribeTopicCommand({ ClusterArn: clusterArn, TopicName: name }),
        );
      }
    }),
  );
  // Bytes in and out per topic, the least a topic row shows.
  const queries = topics.flatMap((name, i) =>
    ['BytesInPerSec', 'BytesOutPerSec'].map((metric, j) => ({
      Id: `m${i}_${j}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Kafka',
          MetricName: metric,
          Dimensions: [
            { Name: 'Cluster Name', Value: clusterName },
            { Name: 'Topic', Value: name },
          ],
        },
        Period: 300,
        Stat: 'Average',
      },
    })),
  );
  const end = new Date();
  for (let i = 0; i < queries.length; i += QUERIES_PER_GET_METRIC_DATA) {
    await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries.slice(i, i + QUERIES_PER_GET_METRIC_DATA),
        StartTime: new Date(end.getTime() - 3600_000),
        EndTime: end,
      }),
    );
  }
  kafka.destroy();
  cloudwatch.destroy();
  return { ms: Date.now() - started, topics: topics.length };
}

const fixed = (n, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits);

/** The goals of the refresh measurements, each with pass or fail. */
export function evaluateRefreshGoals({ first, second, metrics }) {
  const ratioGoal = (label, refresh) => {
    // A call the minimum does not need at all is infinitely many times it.
    const worst = refresh.rows
      .filter(r => r.minimum > 0 || r.calls > 0)
      .reduce(
        (w, r) =>
          r.calls / r.minimum > (w?.ratio ?? 0)
            ? { op: r.op, ratio: r.calls / r.minimum }
            : w,
        undefined,
      );
    return {
      name: `${label}: AWS calls ≤ 1.1 × the minimum, per operation`,
      measured: worst
        ? `worst ${worst.op} ${fixed(worst.ratio, 2)}×`
        : 'no calls',
      pass: !worst || worst.ratio <= 1.1,
    };
  };
  return [
    ratioGoal('Full refresh', first),
    ratioGoal('Refresh with nothing changed', second),
    {
      name: `Full refresh within AWS's rate limits in < 60 s (${LATENCY_MS} ms per call)`,
      measured: `${fixed(first.seconds, 1)} s, ${
        first.rateLimited
      } calls refused by a rate limit${floorNote(first.floor)}`,
      pass: first.seconds < 60 && first.rateLimited === 0,
    },
    {
      name: "The plugin's CloudWatch spend < 1% of the estate's monthly cost",
      measured:
        metrics.estateUsd > 0
          ? `$${fixed(metrics.monthlyUsd, 2)} of $${fixed(
              metrics.estateUsd,
            )} (${fixed((metrics.monthlyUsd / metrics.estateUsd) * 100, 3)}%)`
          : 'estate cost not known',
      pass:
        metrics.estateUsd > 0 && metrics.monthlyUsd / metrics.estateUsd < 0.01,
    },
  ];
}

/** What the quotas alone allow, and plainly whether the 60 s goal is reachable under them. */
function floorNote(floor) {
  if (!floor?.op) return '';
  const what = `${floor.calls} ${floor.op} calls of ${floor.accountRegion} at ${
    floor.perSecond
  }/s (${
    floor.source === 'assumed' ? 'an assumed quota' : 'a documented quota'
  })`;
  return floor.seconds >= 60
    ? `; **the goal cannot be met under these quotas**: ${what} take at least ${fixed(
        floor.seconds,
      )} s`
    : `; the quotas' floor is ${fixed(floor.seconds, 1)} s (${what})`;
}

/** Rows of one refresh: calls against the minimum, by operation. */
export function refreshRows(calls, minimum) {
  const ops = [
    ...new Set([...Object.keys(calls), ...Object.keys(minimum)]),
  ].sort();
  return ops.map(op => ({
    op,
    calls: calls[op] ?? 0,
    minimum: minimum[op] ?? 0,
  }));
}

/** The sentence on how long until every topic's configuration is read. */
export function backlogSentence(backlog) {
  if (!backlog) return undefined;
  const budget =
    backlog.maxTopicDescribes === 0
      ? 'no DescribeTopic budget (`streaming.refresh.maxTopicDescribes: 0`)'
      : `at most ${backlog.maxTopicDescribes} \`DescribeTopic\` calls per account-region and refresh (\`streaming.refresh.maxTopicDescribes\`)`;
  if (backlog.refreshes <= 1) {
    return `Topic configurations: ${budget}; every topic's configuration is read by the first refresh.`;
  }
  return `Topic configurations: ${budget}; the largest account-region's ${backlog.topics} topics (${backlog.accountRegion}) take ${backlog.refreshes} refreshes, so every topic's configuration is read by refresh ${backlog.refreshes}, ${backlog.minutesAfterFirst} min after the first at the default ${backlog.everyMinutes}-minute schedule.`;
}

/** The Markdown section of the refresh measurements. */
export function renderRefreshReport({
  first,
  second,
  metrics,
  live,
  goals,
  backlog,
}) {
  const backlogLine = backlogSentence(backlog);
  const lines = [
    `### The refresh (${LATENCY_MS} ms per AWS call, the sandbox enforcing the request-rate limits of docs/sandbox.md)`,
    '',
    `Full refresh: ${fixed(first.seconds, 1)} s wall time, ${
      first.rateLimited
    } calls refused by a rate limit. Refresh with nothing changed: ${fixed(
      second.seconds,
      1,
    )} s, ${second.rateLimited} refused.`,
    '',
    ...(backlogLine ? [backlogLine, ''] : []),
    '| Operation | Full refresh | Minimum | Ratio | Nothing changed | Minimum | Ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const ops = [
    ...new Set([...first.rows, ...second.rows].map(r => r.op)),
  ].sort();
  const cell = (rows, op) => {
    const r = rows.find(x => x.op === op) ?? { calls: 0, minimum: 0 };
    return `${r.calls} | ${r.minimum} | ${
      r.minimum ? `${fixed(r.calls / r.minimum, 2)}×` : '–'
    }`;
  };
  for (const op of ops)
    lines.push(
      `| ${op} | ${cell(first.rows, op)} | ${cell(second.rows, op)} |`,
    );
  lines.push(
    '',
    `CloudWatch: ${metrics.inventorySeries} series per inventory refresh and ${
      metrics.slowSeries
    } per slow-metrics refresh; at the default schedules (inventory every 15 min, slow metrics every 30 min) GetMetricData costs $${fixed(
      metrics.monthlyUsd,
      2,
    )} a month ($${USD_PER_1000_METRICS} per 1,000 metrics requested), against the estate's own $${fixed(
      metrics.estateUsd,
    )} a month (\`/v1/summary\`).`,
    '',
    live.available
      ? `Entity page of ${live.entity} (${
          live.topics
        } topics): served from the database in ${fixed(
          live.oursMs,
          1,
        )} ms (p50 under load); called live per page view through the sandbox (${LATENCY_MS} ms per call, 4 at once): ${
          live.ms
        } ms, **${fixed(live.ms / live.oursMs)}×** slower.`
      : `Live per-page-view comparison not available (${live.reason}).`,
    '',
    '| Goal | Measured | Result |',
    '| --- | --- | --- |',
    ...goals.map(
      g => `| ${g.name} | ${g.measured} | ${g.pass ? 'pass' : '**fail**'} |`,
    ),
  );
  return lines.join('\n');
}
