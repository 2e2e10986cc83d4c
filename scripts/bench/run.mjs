// `yarn bench`: the estate at scale, measured (docs/benchmarks.md).
//
// Generates a large scenario into .bench/, starts the AWS sandbox with it and
// the backend (a production build, run with node) on free ports with a
// throw-away database, waits for the inventory, then measures each route with
// autocannon (20 connections on loopback), the CSV export, the backend's peak
// RSS and the estate page's first table in Chromium. Writes the table into
// docs/benchmarks.md, prints it, and exits non-zero when a goal is missed.
//
// Usage: node scripts/bench/run.mjs [--quick] [--seconds N] [--no-page]
//        [--build-app] [--no-write]
// Environment: the backend uses PostgreSQL (BENCH_POSTGRES_CONNECTION_STRING,
// default postgresql://postgres@127.0.0.1:5432), as production deployments do;
// BENCH_DATABASE=sqlite uses a throw-away SQLite directory instead;
// BENCH_BACKEND_NODE_FLAGS: extra node flags for the backend (a diagnosis run).
import autocannon from 'autocannon';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  fetchWithTimeout,
  freePort,
  runToLog,
  startService,
  stopAllServices,
  killAllServicesNow,
  waitFor,
} from '../e2e/lib.mjs';
import { prepareProductionBackend } from './productionBackend.mjs';
import { evaluateGoals, renderReport, replaceResults } from './report.mjs';
import {
  callsOf,
  DEFAULT_MAX_TOPIC_DESCRIBES,
  evaluateRefreshGoals,
  LATENCY_MS,
  livePageViewMs,
  minimumCalls,
  monthlyMetricsUsd,
  rateLimitFloor,
  refreshRows,
  renderRefreshReport,
  seriesFromLog,
  topicBacklog,
} from './refresh.mjs';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const OUT = path.join(ROOT, '.bench');
const LOGS = path.join(OUT, 'logs');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    'no-page': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    'build-app': { type: 'boolean', default: false },
  },
});

/** The issue's estate; --quick is a small one to try the harness. */
const SCALE = args.quick
  ? {
      accounts: 2,
      regions: 1,
      clusters: 20,
      topics: 1000,
      applications: 40,
      groups: 8,
    }
  : {
      accounts: 10,
      regions: 2,
      clusters: 300,
      topics: 30000,
      applications: 1000,
      groups: 40,
    };
const SECONDS = Number(args.seconds ?? (args.quick ? 3 : 10));
const WARMUP_SECONDS = args.quick ? 1 : 3;
const CONNECTIONS = 20;
const ARCHIVER = 'event-archiver';
/** How long the catalog's entity count must stay unchanged to count as settled. */
const CATALOG_SETTLE_MS = 30_000;
/** The backend's heap cap, in MB, as docs/installing.md recommends for production. */
const BACKEND_HEAP_MB = 384;
/**
 * Its young generation's semi-space, in MB, as docs/installing.md
 * recommends: V8 sizes it from the heap cap (a few MB under 384 MB), and
 * at a thousand requests a second objects of requests still in flight were
 * promoted, so full collections came every 2 s and paused for up to 90 ms.
 */
const BACKEND_SEMI_SPACE_MB = 16;

mkdirSync(LOGS, { recursive: true });
process.on('SIGINT', () => {
  killAllServicesNow();
  process.exit(130);
});

function log(message) {
  process.stdout.write(`[bench] ${message}\n`);
}

// --- The scenario -----------------------------------------------------------
const scenarioFile = path.join(
  OUT,
  args.quick ? 'quick.json' : 'scenario.json',
);
const entitiesFile = scenarioFile.replace(/\.json$/, '.entities.yaml');
log(`generating ${JSON.stringify(SCALE)}`);
await runToLog(
  process.execPath,
  [
    path.join(ROOT, 'packages/aws-sandbox/bin/generate.js'),
    ...Object.entries(SCALE).flatMap(([k, v]) => [`--${k}`, String(v)]),
    '--seed',
    '1',
    '--out',
    scenarioFile,
    '--entities',
    entitiesFile,
  ],
  {
    cwd: ROOT,
    env: process.env,
    logFile: path.join(LOGS, 'generate.log'),
    timeoutMs: 120_000,
  },
);
const accounts = Array.from(
  { length: SCALE.accounts },
  (_, i) => `3${String(i + 1).padStart(11, '0')}`,
);
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1'];
const regions = REGIONS.slice(0, SCALE.regions);
// The archiver's owner: the team whose topics the 200-topic prefix names.
const archiverOwner = /spec:\n(?:.*\n)*?\s+owner: (\S+)/.exec(
  readFileSync(entitiesFile, 'utf8').split(`name: ${ARCHIVER}`)[1] ?? '',
)?.[1];

let exitCode = 0;
const rssSamples = [];
/** Run after the services stop, whatever happened (e.g. dropping the run's databases). */
const cleanups = [];
try {
  // --- The sandbox ----------------------------------------------------------
  const sandboxPort = await freePort();
  const sandbox = startService(
    'aws-sandbox',
    process.execPath,
    [path.join(ROOT, 'packages/aws-sandbox/bin/aws-sandbox.js')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_SCENARIO: scenarioFile,
      },
      logFile: path.join(LOGS, 'aws-sandbox.log'),
    },
  );
  await waitFor(
    'the AWS sandbox',
    async () =>
      (
        await fetchWithTimeout(
          `http://127.0.0.1:${sandboxPort}/_sandbox/health`,
          {},
          3000,
        )
      ).ok,
    { timeoutMs: 5 * 60_000, service: sandbox },
  );
  log(`sandbox on :${sandboxPort}`);
  const SANDBOX = `http://127.0.0.1:${sandboxPort}`;
  // Every AWS call takes LATENCY_MS, within AWS's request-rate limits (docs/sandbox.md).
  const setFaults = async estate => {
    const res = await fetchWithTimeout(`${SANDBOX}/_sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ estate }),
    });
    if (!res.ok) throw new Error(`faults: ${await res.text()}`);
  };
  const rateLimitedSoFar = async () =>
    Object.values(
      (await (await fetchWithTimeout(`${SANDBOX}/_sandbox/faults`)).json())
        .rateLimited ?? {},
    ).reduce((a, b) => a + b, 0);
  await setFaults({ latencyMs: LATENCY_MS, rateLimits: { enabled: true } });

  // --- The backend ----------------------------------------------------------
  const port = await freePort();
  const BACKEND = `http://127.0.0.1:${port}`;
  // PostgreSQL unless asked otherwise: production runs it, and SQLite's one
  // writer makes the catalog's ingestion of ~30,000 Resources take far longer.
  const usePostgres = process.env.BENCH_DATABASE !== 'sqlite';
  const postgresUrl =
    process.env.BENCH_POSTGRES_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432';
  const databasePrefix = `bench_${Date.now()}_`;
  if (usePostgres) dropDatabasesAfterRun(postgresUrl, databasePrefix);
  const dbDir = path.join(OUT, 'sqlite');
  rmSync(dbDir, { recursive: true, force: true });
  mkdirSync(dbDir, { recursive: true });
  const config = {
    app: { baseUrl: BACKEND },
    backend: {
      baseUrl: BACKEND,
      listen: { port },
      cors: { origin: BACKEND },
      database: usePostgres
        ? {
            client: 'pg',
            connection: postgresUrl,
            // A database per plugin under a fresh prefix, dropped after the run.
            prefix: databasePrefix,
          }
        : { client: 'better-sqlite3', connection: { directory: dbDir } },
    },
    auth: {
      providers: {
        guest: {
          // The bench runs the backend with NODE_ENV=production; its user is the demo guest.
          dangerouslyAllowOutsideDevelopment: true,
          ownershipEntityRefs: [
            'user:development/guest',
            'group:default/team-platform',
          ],
        },
      },
    },
    catalog: {
      locations: [{ type: 'file', target: entitiesFile }],
      providers: {
        // The streaming Resources are ingested only when the bench triggers
        // the provider, after measuring the catalog without them.
        streaming: {
          changeCheckSeconds: 0,
          // Runs only when triggered (an initial delay would keep the task's
          // worker asleep, deaf to a trigger).
          schedule: {
            frequency: { trigger: 'manual' },
            timeout: { minutes: 60 },
          },
        },
      },
    },
    aws: {
      accounts: accounts.map(accountId => ({
        accountId,
        accessKeyId: `AKIAGENERATED${accountId}`,
        secretAccessKey: `generated-secret-${accountId}`,
      })),
    },
    streaming: {
      aws: {
        endpoint: `http://127.0.0.1:${sandboxPort}`,
        accounts: accounts.map(accountId => ({ accountId, regions })),
      },
      refresh: {
        frequency: { hours: 6 },
        timeout: { minutes: 30 },
        initialDelay: { seconds: 2 },
        // The bench starts the second refresh itself, right after the first.
        debounceSeconds: 0,
        // The default, set here so the minimum below counts the budget the
        // backend spends (DescribeTopic per account-region and refresh).
        maxTopicDescribes: DEFAULT_MAX_TOPIC_DESCRIBES,
      },
      metrics: {
        // Runs only when the bench triggers it, once the inventory is stored:
        // a run before that finds no assets and requests no series, which
        // would price the slow metrics at nothing.
        slowRefresh: {
          frequency: { trigger: 'manual' },
          timeout: { minutes: 30 },
        },
      },
    },
  };
  const configFile = path.join(OUT, 'app-config.bench.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  log('building the backend (yarn workspace backend build)');
  const backendDist = await prepareProductionBackend({
    root: ROOT,
    out: OUT,
    logs: LOGS,
    env: process.env,
  });
  const backend = startService(
    'backend',
    process.execPath,
    [
      // The heap cap docs/installing.md recommends for production ("Memory").
      `--max-old-space-size=${BACKEND_HEAP_MB}`,
      `--max-semi-space-size=${BACKEND_SEMI_SPACE_MB}`,
      // Extra node flags for a diagnosis run, e.g. --trace-gc or --cpu-prof.
      ...(process.env.BENCH_BACKEND_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
      'packages/backend',
      '--config',
      path.join(ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: backendDist,
      env: { ...process.env, NODE_ENV: 'production' },
      logFile: path.join(LOGS, 'backend.log'),
    },
  );
  const rssTimer = setInterval(() => {
    const rss = rssOf(backend.child.pid);
    if (rss) rssSamples.push(rss);
  }, 500);
  rssTimer.unref();
  await waitFor(
    'the backend',
    async () =>
      (
        await fetchWithTimeout(
          `${BACKEND}/.backstage/health/v1/readiness`,
          {},
          3000,
        )
      ).ok,
    { timeoutMs: 5 * 60_000, intervalMs: 2000, service: backend },
  );
  log(`backend on :${port} (${usePostgres ? 'PostgreSQL' : 'SQLite'})`);

  const token = await guestToken(BACKEND);
  const auth = { Authorization: `Bearer ${token}` };
  const readStatus = async () => {
    const res = await fetchWithTimeout(
      `${BACKEND}/api/streaming/v1/status`,
      { headers: auth },
      10_000,
    );
    if (!res.ok) throw new Error(`/v1/status answered ${res.status}`);
    return res.json();
  };
  /** Waits until every account-region has refreshed after `since`; the refresh's wall time. */
  const awaitRefresh = async (what, since) => {
    let status;
    await waitFor(
      what,
      async () => {
        status = await readStatus();
        const failed = status.accountRegions.filter(r => r.state === 'error');
        if (failed.length) {
          throw new Error(
            `an account-region failed: ${JSON.stringify(failed)}`,
          );
        }
        return status.accountRegions.every(
          r => r.state === 'ok' && Date.parse(r.lastAttemptAt) >= since,
        );
      },
      { timeoutMs: 40 * 60_000, intervalMs: 1000, service: backend },
    );
    const starts = status.accountRegions.map(r => Date.parse(r.lastAttemptAt));
    return { status, seconds: (Date.now() - Math.min(...starts)) / 1000 };
  };
  const inventoryStarted = Date.now();
  const firstRefresh = await awaitRefresh(
    'every account-region refreshed (GET /v1/status)',
    0,
  );
  log(
    `inventory refreshed in ${Math.round(
      (Date.now() - inventoryStarted) / 1000,
    )} s (the refresh itself ${firstRefresh.seconds.toFixed(1)} s)`,
  );
  const firstRateLimited = await rateLimitedSoFar();
  /** The backend's log messages from `since` on (its lines are JSON). */
  const backendLog = (since = 0) =>
    readFileSync(path.join(LOGS, 'backend.log'), 'utf8')
      .split('\n')
      .flatMap(line => {
        try {
          const entry = JSON.parse(line);
          return Date.parse(entry.timestamp) >= since ? [entry.message] : [];
        } catch {
          return [];
        }
      })
      .join('\n');
  // Each task logs its series right after storing its inventory, which may
  // be after /v1/status shows it ok: wait for every account-region's line
  // (a missing one would count as no GetMetricData call needed).
  let firstSeries = new Map();
  await waitFor(
    "the first refresh's CloudWatch series (backend log)",
    async () => {
      firstSeries = seriesFromLog(backendLog(0));
      return firstSeries.size >= accounts.length * regions.length;
    },
    { timeoutMs: 60_000, intervalMs: 500, service: backend },
  );
  // The same estate again: nothing changed, so only listings, tags, the
  // Flink applications described every refresh, the topics the first
  // refresh's DescribeTopic budget left, and the metrics.
  // Each task is triggered on its own until the scheduler accepts it: a task
  // reports its account-region ok before its run ends (the estate-wide pass
  // follows), and POST /v1/refresh leaves a still-running task alone, so a
  // refresh triggered then would never run there.
  const secondStarted = Date.now();
  await triggerTasks(
    BACKEND,
    auth,
    'streaming-inventory-refresh',
    accounts,
    regions,
    backend,
  );
  const secondRefresh = await awaitRefresh(
    'the refresh with nothing changed',
    secondStarted,
  );
  log(`refresh with nothing changed: ${secondRefresh.seconds.toFixed(1)} s`);
  const secondRateLimited = (await rateLimitedSoFar()) - firstRateLimited;
  const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8'));
  // The same for the second refresh's lines (not the first refresh's).
  let secondSeries = new Map();
  await waitFor(
    "the second refresh's CloudWatch series (backend log)",
    async () => {
      secondSeries = seriesFromLog(backendLog(secondStarted));
      return secondSeries.size >= accounts.length * regions.length;
    },
    { timeoutMs: 60_000, intervalMs: 500, service: backend },
  );
  const { rateLimits: quotas = {} } = await (
    await fetchWithTimeout(`${SANDBOX}/_sandbox/faults`)
  ).json();
  const maxTopicDescribes = DEFAULT_MAX_TOPIC_DESCRIBES;
  const refreshOf = (refresh, series, first, rateLimited) => ({
    seconds: refresh.seconds,
    rateLimited,
    rows: refreshRows(
      callsOf(refresh.status),
      minimumCalls(scenario, {
        accounts,
        regions,
        first,
        series,
        maxTopicDescribes,
      }),
    ),
    floor: rateLimitFloor(
      scenario,
      { accounts, regions, first, series, maxTopicDescribes },
      quotas,
    ),
  });
  const backlog = topicBacklog(scenario, {
    accounts,
    regions,
    maxTopicDescribes,
  });
  const awaiting = status =>
    status.accountRegions.reduce(
      (n, r) => n + (r.topicsAwaitingDescribe ?? 0),
      0,
    );
  log(
    `topics awaiting a DescribeTopic (/v1/status): ${awaiting(
      firstRefresh.status,
    )} after the full refresh, ${awaiting(
      secondRefresh.status,
    )} after the second; the backlog takes ${backlog.refreshes} refreshes`,
  );
  const first = refreshOf(firstRefresh, firstSeries, true, firstRateLimited);
  const second = refreshOf(
    secondRefresh,
    secondSeries,
    false,
    secondRateLimited,
  );

  await waitFor(
    `component:default/${ARCHIVER} in the catalog`,
    async () =>
      (
        await fetchWithTimeout(
          `${BACKEND}/api/catalog/entities/by-name/component/default/${ARCHIVER}`,
          { headers: auth },
        )
      ).ok,
    { timeoutMs: 5 * 60_000, intervalMs: 2000, service: backend },
  );

  // The catalog processes the bench's entity file in the background: measure
  // it only once that is done, so the baseline is not taken mid-processing.
  const settled = await awaitCatalogSettled(BACKEND, auth);
  log(
    `catalog settled: ${settled.entities} entities, unchanged for ${
      CATALOG_SETTLE_MS / 1000
    } s (waited ${Math.round(settled.ms / 1000)} s)`,
  );

  // RSS once started and refreshed, before any load: tells start-up and
  // refresh memory from what the measured requests add to the peak.
  const settledRssMb = (rssOf(backend.child.pid) ?? 0) / 1024 || undefined;

  // --- Measurements ---------------------------------------------------------
  const owner = archiverOwner
    ? `group:default/${archiverOwner}`
    : 'group:default/team-platform';
  const q = encodeURIComponent;
  const routes = [
    {
      id: 'reference',
      label: 'Reference: `GET /v1/ping`',
      path: '/api/streaming/v1/ping',
    },
    {
      id: 'catalog',
      label: "Catalog's `entities/by-name`",
      path: `/api/catalog/entities/by-name/component/default/${ARCHIVER}`,
    },
    {
      // As the entity page asks for it: each repeated cost estimate once.
      id: 'entity',
      label: `Entity endpoint, ${ARCHIVER} (200-topic prefix), as the page asks (\`sharedEstimates=true\`)`,
      path: `/api/streaming/v1/entity/default/component/${ARCHIVER}?sharedEstimates=true`,
    },
    {
      // Every topic with its cluster's whole estimate: for comparison, no goal.
      id: 'entity-plain',
      label: `Entity endpoint, ${ARCHIVER}, without \`sharedEstimates\``,
      path: `/api/streaming/v1/entity/default/component/${ARCHIVER}`,
    },
    {
      id: 'list',
      label: '`/v1/clusters` first page',
      path: '/api/streaming/v1/clusters?limit=50',
    },
    {
      id: 'list',
      label: '`/v1/clusters` Standard, by cost',
      path: '/api/streaming/v1/clusters?clusterType=standard&orderBy=monthlyUsd:desc&limit=50',
    },
    {
      id: 'list',
      label: '`/v1/topics` first page',
      path: '/api/streaming/v1/topics?limit=50',
    },
    {
      id: 'list',
      label: '`/v1/topics` one owner, by partitions',
      path: `/api/streaming/v1/topics?owner=${q(
        owner,
      )}&orderBy=partitions:desc&limit=50`,
    },
    {
      id: 'list',
      label: '`/v1/consumer-groups` first page',
      path: '/api/streaming/v1/consumer-groups?limit=50',
    },
    {
      id: 'list',
      label: '`/v1/consumer-groups` searched, by lag',
      path: '/api/streaming/v1/consumer-groups?q=consumer&orderBy=lag:desc&limit=50',
    },
    {
      id: 'list',
      label: '`/v1/applications` first page',
      path: '/api/streaming/v1/applications?limit=50',
    },
    {
      id: 'list',
      label: '`/v1/applications` one region, by KPUs',
      path: `/api/streaming/v1/applications?region=${regions[0]}&orderBy=kpus:desc&limit=50`,
    },
    {
      id: 'summary',
      label: '`/v1/summary`',
      path: '/api/streaming/v1/summary',
    },
  ];
  // The reference again, last: the faster of its two runs is the reference.
  routes.push({ ...routes[0], label: `${routes[0].label}, again after the others` });
  const results = [];
  for (const route of routes) {
    results.push({ ...route, ...(await measure(BACKEND, route.path, auth)) });
    const r = results[results.length - 1];
    log(
      `${route.label}: ${
        r.available
          ? `${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${
              r.errors ? `, ${r.errors} errors` : ''
            }`
          : `not available (${r.reason})`
      }`,
    );
  }
  const ingestion = await ingestStreamingEntities(BACKEND, auth);
  log(
    ingestion.available
      ? `catalog: ${
          ingestion.entities
        } streaming Resources ingested in ${Math.round(ingestion.ms / 1000)} s`
      : `catalog: streaming Resources not ingested (${ingestion.reason})`,
  );
  {
    const route = {
      id: 'catalog-ingested',
      label: `Catalog's \`entities/by-name\`, with ${
        ingestion.entities ?? 'the'
      } streaming Resources ingested`,
      path: `/api/catalog/entities/by-name/component/default/${ARCHIVER}`,
    };
    const r = ingestion.available
      ? { ...route, ...(await measure(BACKEND, route.path, auth)) }
      : { ...route, available: false, reason: ingestion.reason };
    results.push(r);
    log(
      `${route.label}: ${
        r.available
          ? `${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`
          : `not available (${r.reason})`
      }`,
    );
  }
  const csv = await timeCsv(BACKEND, auth);
  log(
    `CSV export: ${
      csv.available
        ? `${csv.rows} rows in ${csv.ms} ms`
        : `not available (${csv.reason})`
    }`,
  );
  const page = args['no-page']
    ? { available: false, reason: 'skipped (--no-page)' }
    : await timeEstatePage(BACKEND);
  log(
    `estate page first table: ${
      page.available ? `${page.ms} ms` : `not available (${page.reason})`
    }`,
  );
  clearInterval(rssTimer);

  // --- The refresh: CloudWatch spend and the live per-page-view comparison --
  // The slow metrics run only when triggered (see the config above): now,
  // with the inventory stored, so their series are the estate's.
  const slowStarted = Date.now();
  let slowSeries = new Map();
  try {
    await triggerTasks(
      BACKEND,
      auth,
      'streaming-slow-metrics-refresh',
      accounts,
      regions,
      backend,
    );
    await waitFor(
      'the slow-metrics refresh (its series, for the CloudWatch cost)',
      async () => {
        slowSeries = seriesFromLog(backendLog(slowStarted), 'slow');
        return slowSeries.size >= accounts.length * regions.length;
      },
      { timeoutMs: 20 * 60_000, intervalMs: 2000, service: backend },
    );
  } catch (error) {
    log(`slow metrics not measured: ${error.message}`);
  }
  const summary = await (
    await fetchWithTimeout(`${BACKEND}/api/streaming/v1/summary`, {
      headers: auth,
    })
  ).json();
  const metrics = {
    inventorySeries: [...secondSeries.values()].reduce((a, b) => a + b, 0),
    slowSeries: [...slowSeries.values()].reduce((a, b) => a + b, 0),
    monthlyUsd: monthlyMetricsUsd(secondSeries, slowSeries),
    estateUsd: summary.monthlyUsd ?? 0,
  };
  const archiverAnnotation = /amazon-msk-topics: (\S+)\/(\S+)\*\n/.exec(
    readFileSync(entitiesFile, 'utf8').split(`name: ${ARCHIVER}`)[1] ?? '',
  );
  const ours = results.find(r => r.id === 'entity');
  let live = { available: false, reason: 'the archiver entity was not found' };
  if (archiverAnnotation && ours?.available) {
    const [, clusterName, topicPrefix] = archiverAnnotation;
    const cluster = Object.entries(scenario.accounts).flatMap(([id, a]) =>
      Object.entries(a.regions).flatMap(([region, r]) =>
        (r.clusters ?? [])
          .filter(c => c.name === clusterName)
          .map(() => ({ id, region, account: a })),
      ),
    )[0];
    const views = [];
    try {
      for (let i = 0; i < 3; i++) {
        views.push(
          await livePageViewMs({
            endpoint: SANDBOX,
            credentials: {
              accessKeyId: cluster.account.accessKeyId,
              secretAccessKey: cluster.account.secretAccessKey ?? 'x',
            },
            region: cluster.region,
            clusterName,
            topicPrefix,
          }),
        );
      }
      views.sort((x, y) => x.ms - y.ms);
      live = {
        available: true,
        entity: ARCHIVER,
        topics: views[1].topics,
        ms: views[1].ms,
        oursMs: ours.p50,
      };
    } catch (error) {
      live = {
        available: false,
        reason: `a live call failed: ${error.message}`,
      };
    }
  }
  log(
    live.available
      ? `entity page called live per view: ${live.ms} ms (${live.topics} topics) vs ${live.oursMs} ms from the database`
      : `live comparison not available (${live.reason})`,
  );
  const refreshGoals = evaluateRefreshGoals({ first, second, metrics });
  const refreshReport = renderRefreshReport({
    first,
    second,
    metrics,
    live,
    goals: refreshGoals,
    backlog,
  });
  for (const goal of refreshGoals) {
    log(`${goal.pass ? 'pass' : 'FAIL'}: ${goal.name}: ${goal.measured}`);
  }

  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    database: usePostgres ? 'PostgreSQL' : 'SQLite (better-sqlite3)',
    scale: SCALE,
    seconds: SECONDS,
    connections: CONNECTIONS,
  };
  const rssMb = rssSamples.length ? Math.max(...rssSamples) / 1024 : undefined;
  const goals = [...evaluateGoals({ results, page, rssMb }), ...refreshGoals];
  const report = renderReport({
    machine,
    results,
    csv,
    page,
    rssMb,
    settledRssMb,
    goals,
    quick: args.quick,
  }).concat(`\n\n${refreshReport}`);
  process.stdout.write(`\n${report}\n`);
  if (!args['no-write']) {
    writeFileSync(DOC, replaceResults(readFileSync(DOC, 'utf8'), report));
    log(`wrote ${path.relative(ROOT, DOC)}`);
  }
  exitCode = [...goals, ...refreshGoals].every(g => g.pass) ? 0 : 1;
} catch (error) {
  process.stderr.write(`[bench] ${error.stack ?? error}\n`);
  exitCode = 2;
} finally {
  await stopAllServices();
  for (const cleanup of cleanups) await cleanup();
}
process.exit(exitCode);

// --- Helpers ------------------------------------------------------------------

/**
 * Drops the run's databases (one per plugin, under the prefix) once the
 * backend has stopped: a run leaves ~30,000 catalog entities behind otherwise.
 */
function dropDatabasesAfterRun(connectionString, prefix) {
  cleanups.push(async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString, database: 'postgres' });
    try {
      await client.connect();
      const { rows } = await client.query(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
      log(`dropped ${rows.length} bench databases (${prefix}*)`);
    } catch (error) {
      log(`bench databases ${prefix}* not dropped: ${error.message}`);
    } finally {
      await client.end().catch(() => {});
    }
  });
}

/**
 * Triggers the streaming entity provider (its schedule keeps it idle until
 * then) and waits until the catalog serves every Resource it writes: as many
 * as the streaming backend's feed holds live assets, counted the same way.
 */
async function ingestStreamingEntities(backend, headers) {
  const started = Date.now();
  const taskId = encodeURIComponent('streaming-provider:default:refresh');
  const trigger = await fetchWithTimeout(
    `${backend}/api/catalog/.backstage/scheduler/v1/tasks/${taskId}/trigger`,
    { method: 'POST', headers },
    10_000,
  );
  if (!trigger.ok) {
    return {
      available: false,
      reason: `the provider task could not be triggered (HTTP ${trigger.status})`,
    };
  }
  const filter = encodeURIComponent(
    'metadata.annotations.backstage.io/managed-by-location=streaming-provider:default',
  );
  let last = -1;
  let stableSince = Date.now();
  try {
    const entities = await waitFor(
      'the streaming Resources in the catalog',
      async () => {
        const res = await fetchWithTimeout(
          `${backend}/api/catalog/entities/by-query?filter=${filter}&limit=1&fields=metadata.name`,
          { headers },
          30_000,
        );
        if (!res.ok) throw new Error(`by-query answered ${res.status}`);
        const { totalItems } = await res.json();
        if (totalItems !== last) {
          last = totalItems;
          stableSince = Date.now();
          return false;
        }
        // Done when the count has not moved for 30 s (the catalog stitches
        // entities in batches, so a pause shorter than that is not the end).
        return totalItems > 0 && Date.now() - stableSince > 30_000
          ? totalItems
          : false;
      },
      { timeoutMs: 90 * 60_000, intervalMs: 5000 },
    );
    return { available: true, entities, ms: Date.now() - started };
  } catch (error) {
    return { available: false, reason: error.message };
  }
}

/**
 * Waits until the catalog has processed what it was given: its entity count
 * unchanged for CATALOG_SETTLE_MS (the catalog stitches in batches, and has
 * no public view of its processing queue).
 */
async function awaitCatalogSettled(backend, headers) {
  const started = Date.now();
  let last = -1;
  let stableSince = Date.now();
  const entities = await waitFor(
    'the catalog to settle (entity count unchanged)',
    async () => {
      const res = await fetchWithTimeout(
        `${backend}/api/catalog/entities/by-query?limit=1&fields=metadata.name`,
        { headers },
        30_000,
      );
      if (!res.ok) throw new Error(`by-query answered ${res.status}`);
      const { totalItems } = await res.json();
      if (totalItems !== last) {
        last = totalItems;
        stableSince = Date.now();
        return false;
      }
      return Date.now() - stableSince >= CATALOG_SETTLE_MS ? totalItems : false;
    },
    { timeoutMs: 30 * 60_000, intervalMs: 2000 },
  );
  return { entities, ms: Date.now() - started };
}

/**
 * Triggers a streaming task of every account-region (`<task>:<account>:<region>`)
 * through the scheduler's endpoint, retrying while one still runs (409).
 */
async function triggerTasks(
  backend,
  headers,
  task,
  accounts,
  regions,
  service,
) {
  for (const accountId of accounts) {
    for (const region of regions) {
      const taskId = encodeURIComponent(`${task}:${accountId}:${region}`);
      await waitFor(
        `${task} of ${accountId} in ${region} accepted by the scheduler`,
        async () => {
          const res = await fetchWithTimeout(
            `${backend}/api/streaming/.backstage/scheduler/v1/tasks/${taskId}/trigger`,
            { method: 'POST', headers },
            10_000,
          );
          if (res.status === 409) return false;
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return true;
        },
        { timeoutMs: 10 * 60_000, intervalMs: 500, service },
      );
    }
  }
}

/** Resident set size of a process in KiB (Linux /proc), or undefined. */
function rssOf(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** A guest user's Backstage token, as the sign-in page gets it (scripts/e2e does the same). */
async function guestToken(backend) {
  const res = await fetchWithTimeout(
    `${backend}/api/auth/guest/refresh?env=development`,
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  const body = await res.json().catch(() => ({}));
  const token = body?.backstageIdentity?.token;
  if (!token)
    throw new Error(
      `guest sign-in gave no token (HTTP ${res.status}): ${JSON.stringify(
        body,
      ).slice(0, 300)}`,
    );
  return token;
}

/**
 * One route under load: a probe first (a route that answers 404 is not built
 * yet: "not available"), a warm-up, then SECONDS of 20 connections.
 */
async function measure(backend, route, headers) {
  const probe = await fetchWithTimeout(
    `${backend}${route}`,
    { headers },
    60_000,
  ).catch(e => ({ status: 0, error: e }));
  if (probe.status !== 200) {
    return {
      available: false,
      reason: probe.status
        ? `HTTP ${probe.status}`
        : String(probe.error?.message ?? probe.error),
    };
  }
  const run = duration =>
    autocannon({
      url: `${backend}${route}`,
      connections: CONNECTIONS,
      duration,
      headers,
    });
  await run(WARMUP_SECONDS);
  const result = await run(SECONDS);
  if (result.requests.total === 0) {
    // Every request took longer than the run: no latency to report, only that.
    return {
      available: true,
      rps: 0,
      errors: result.errors + result.timeouts + result.non2xx,
      note: `no request completed in ${SECONDS} s`,
    };
  }
  return {
    available: true,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** One full CSV export of the topics list, read to the end. */
async function timeCsv(backend, headers) {
  const started = Date.now();
  const res = await fetchWithTimeout(
    `${backend}/api/streaming/v1/topics?format=csv`,
    {
      headers: { ...headers, Accept: 'text/csv' },
    },
    10 * 60_000,
  ).catch(e => ({ status: 0, error: e }));
  if (res.status !== 200)
    return {
      available: false,
      reason: res.status ? `HTTP ${res.status}` : String(res.error?.message),
    };
  if (!String(res.headers.get('content-type')).includes('text/csv')) {
    return {
      available: false,
      reason: `answered ${res.headers.get('content-type')}, not text/csv`,
    };
  }
  let bytes = 0;
  let rows = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) rows++;
  }
  return {
    available: true,
    ms: Date.now() - started,
    rows: Math.max(0, rows - 1),
    bytes,
  };
}

/**
 * The estate page in Chromium: guest sign-in, then the time from navigating
 * to /streaming until the first table shows its first data row.
 */
async function timeEstatePage(backend) {
  const index = path.join(ROOT, 'packages/app/dist/index.html');
  // An older build may predate the estate page: --build-app rebuilds it.
  if (args['build-app'] || !existsSync(index)) {
    log('building the frontend (yarn workspace app build)');
    try {
      await runToLog('yarn', ['workspace', 'app', 'build'], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'production' },
        logFile: path.join(LOGS, 'app-build.log'),
        timeoutMs: 15 * 60_000,
      });
    } catch (error) {
      return {
        available: false,
        reason: `the frontend did not build: ${error.message.split('\n')[0]}`,
      };
    }
  }
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
  } catch (error) {
    // No browser is one measurement missing, not the run lost.
    return {
      available: false,
      reason: `Chromium did not start: ${error.message.split('\n')[0]}`,
    };
  }
  try {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
    });
    const page = await context.newPage();
    await page.goto(`${backend}/`, { waitUntil: 'domcontentloaded' });
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.click({ timeout: 60_000 });
    await enter.waitFor({ state: 'detached', timeout: 30_000 });
    const started = Date.now();
    const response = await page.goto(`${backend}/streaming`, {
      waitUntil: 'domcontentloaded',
    });
    if (!response || !response.ok())
      return {
        available: false,
        reason: `GET /streaming answered ${response?.status()}`,
      };
    try {
      await page
        .locator('table tbody tr td')
        .first()
        .waitFor({ timeout: 30_000 });
    } catch {
      return {
        available: false,
        reason: 'no table row within 30 s (is the estate page built?)',
      };
    }
    return { available: true, ms: Date.now() - started };
  } finally {
    await browser.close();
  }
}
