import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { streamingPlugin } from '../plugin';
import {
  capturingLoggers,
  DEMO_SCENARIO,
  DEMO_TARGETS,
  sandboxBackendConfig,
} from '../__testUtils__/sandboxBackend';

// Two replicas of the backend, each with Backstage's own scheduler, on one
// PostgreSQL database and one Redis: every account-region task runs on one
// of them at a time, once per interval, both serve the same answers, and a
// replica killed mid-refresh loses nothing: its tasks run on the other.
//
// The kill: the replica's database connections are cut (PostgreSQL rolls
// back what they had open) and it can open no new one, as with a process
// that died, so it cannot release the tasks it holds; the other replica
// gets them only when the scheduler frees them at their time-out.

const postgres =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const redis = process.env.STREAMING_TEST_REDIS_URL;
const describeWithServices = postgres && redis ? describe : describe.skip;

const FREQUENCY_S = 6;
const TIMEOUT_S = 10;
/** How often Backstage's scheduler frees expired claims (its janitor). */
const JANITOR_S = 60;

const ordersService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-msk-cluster-arn':
        'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
};

/** One inventory run as a replica logged it: when it started and ended. */
interface Run {
  replica: string;
  target: string;
  start: number;
  end: number;
}

const RUN_LINE =
  /^(\S+) (?:info|debug) Streaming inventory of account (\d{12}) in (\S+) (started|refreshed|failed)/;

function runsIn(replica: string, lines: string[]): Run[] {
  const started = new Map<string, number>();
  const runs: Run[] = [];
  for (const line of lines) {
    const match = RUN_LINE.exec(line);
    if (!match) continue;
    const target = `${match[2]}/${match[3]}`;
    const at = Date.parse(match[1]);
    if (match[4] === 'started') started.set(target, at);
    else if (started.has(target)) {
      runs.push({ replica, target, start: started.get(target)!, end: at });
      started.delete(target);
    }
  }
  return runs;
}

describeWithServices('two backend replicas on PostgreSQL and Redis', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let sandbox: Sandbox;
  const knexes: Knex[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ scenarioPath: DEMO_SCENARIO, port: 0 });
    // Each call takes a while, so a refresh is still running when a replica stops.
    await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'PUT',
      body: JSON.stringify({ estate: { latencyMs: 20 } }),
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await Promise.all(knexes.map(k => k.destroy()));
  });

  /** Replicas whose database access is cut: their pools open no new connection. */
  const killed = new Set<string>();

  async function startReplica(
    name: string,
    database: Knex,
    lines: string[],
  ) {
    // Its own connection pool to the shared database, as another process
    // would have, named so that its connections can be found and cut.
    const config = database.client.config;
    const own = knexFactory({
      ...config,
      connection: { ...config.connection, application_name: `replica-${name}` },
      // A killed replica's calls fail fast instead of waiting for a connection.
      acquireConnectionTimeout: 2000,
      pool: {
        ...config.pool,
        afterCreate: (
          connection: unknown,
          done: (error: Error | undefined, connection: unknown) => void,
        ) =>
          done(
            killed.has(name)
              ? new Error(`replica ${name} was killed`)
              : undefined,
            connection,
          ),
      },
    });
    knexes.push(own);
    const base = sandboxBackendConfig(sandbox.url);
    // Backstage's scheduler frees expired claims with a janitor it starts
    // only outside NODE_ENV=test (when its database is first used, during
    // start-up): without it a killed replica's tasks would never be freed.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      return await startReplicaBackend(own, base, lines);
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }

  function startReplicaBackend(
    own: Knex,
    base: ReturnType<typeof sandboxBackendConfig>,
    lines: string[],
  ) {
    return startTestBackend({
      features: [
        streamingPlugin,
        catalogServiceMock.factory({ entities: [ordersService] }),
        mockServices.database.factory({ knex: own }),
        schedulerServiceFactory,
        cacheServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            ...base,
            backend: { cache: { store: 'redis', connection: redis } },
            streaming: {
              ...base.streaming,
              refresh: {
                frequency: { seconds: FREQUENCY_S },
                timeout: { seconds: TIMEOUT_S },
                initialDelay: { seconds: 0 },
              },
              metrics: {
                slowRefresh: {
                  frequency: { seconds: FREQUENCY_S },
                  timeout: { seconds: TIMEOUT_S },
                },
              },
            },
          },
        }),
        ...capturingLoggers(lines),
      ],
    });
  }

  it('runs each account-region task once per interval across both, serves the same answers, and loses nothing when one is killed mid-refresh', async () => {
    const database = await databases.init('POSTGRES_15');
    const linesA: string[] = [];
    const linesB: string[] = [];
    const started = Date.now();
    // Started together (the migrations race on the new database), B's
    // workers a few seconds out of step with A's, as replicas are.
    const [a, b] = await Promise.all([
      startReplica('a', database, linesA),
      new Promise(r => setTimeout(r, 2500)).then(() =>
        startReplica('b', database, linesB),
      ),
    ]);

    // Three intervals with both replicas up.
    await new Promise(r => setTimeout(r, 3 * FREQUENCY_S * 1000 + 2000));
    const runs = [...runsIn('a', linesA), ...runsIn('b', linesB)];
    const window = (Date.now() - started) / 1000;
    for (const target of DEMO_TARGETS) {
      const key = `${target.accountId}/${target.region}`;
      const mine = runs
        .filter(r => r.target === key)
        .sort((x, y) => x.start - y.start);
      // Never two at once: each run starts after the one before ended, on
      // whichever replica. (Backstage's scheduler keeps a grid: the next run
      // is due a frequency after the previous one was due, or at once when
      // that is past, so a late run may be followed at once by the next:
      // counted below, not spaced.)
      const overlapping = mine.slice(1).filter((r, i) => r.start < mine[i].end);
      expect({ key, overlapping }).toEqual({ key, overlapping: [] });
      expect(mine.length).toBeGreaterThanOrEqual(2);
      // Once per interval across both: at most one run per interval begun.
      expect(mine.length).toBeLessThanOrEqual(
        Math.ceil(window / FREQUENCY_S) + 1,
      );
    }
    // No refresh failed while both ran (e.g. a deadlock between their writes).
    expect(
      [...linesA, ...linesB].filter(line =>
        / warn Streaming (refresh|slow metrics) of account/.test(line),
      ),
    ).toEqual([]);
    // The replicas shared the work.
    expect(new Set(runs.map(r => r.replica))).toEqual(new Set(['a', 'b']));

    // Both serve the same answers from the shared database.
    const as = mockCredentials.user.header();
    const paths = [
      '/api/streaming/v1/status',
      '/api/streaming/v1/entity/default/component/orders-service',
      '/api/streaming/v1/clusters',
      '/api/streaming/v1/summary',
    ];
    for (const path of paths) {
      // Read both between two refreshes of the same data.
      const [fromA, fromB] = await Promise.all([
        request(a.server).get(path).set('Authorization', as),
        request(b.server).get(path).set('Authorization', as),
      ]);
      expect(fromA.status).toBe(200);
      expect(comparable(fromA.body)).toEqual(comparable(fromB.body));
    }

    // Kill A while it runs tasks; B takes them over once the scheduler frees them.
    // Mid-refresh: wait until a run A started has not ended.
    for (let i = 0; i < 150 && inFlight(linesA).length === 0; i++) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(inFlight(linesA).length).toBeGreaterThan(0);
    const stoppedAt = Date.now();
    const cutShort = inFlight(linesA);
    killed.add('a');
    await database.raw(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'replica-a'`,
    );
    await a.stop().catch(() => {});
    const assetsBefore = (
      await request(b.server)
        .get('/api/streaming/v1/status')
        .set('Authorization', as)
    ).body.assets;
    // The scheduler frees an expired claim at its clean-up, once a minute:
    // A's tasks are due on B within the timeout, a minute and the frequency.
    const everyTarget = DEMO_TARGETS.map(t => `${t.accountId}/${t.region}`);
    const deadline =
      stoppedAt + (TIMEOUT_S + JANITOR_S + FREQUENCY_S) * 1000 + 5000;
    const ranOnB = () =>
      new Set(
        runsIn('b', linesB)
          .filter(r => r.end > stoppedAt)
          .map(r => r.target),
      );
    while (ranOnB().size < everyTarget.length && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 500));
    }
    const afterStop = runsIn('b', linesB).filter(r => r.end > stoppedAt);
    expect(new Set(afterStop.map(r => r.target))).toEqual(
      new Set(everyTarget),
    );
    // A released nothing: B ran what A was running only once its claim
    // had timed out, as after a real crash.
    for (const run of cutShort) {
      const takenOver = afterStop
        .filter(r => r.target === run.target)
        .sort((x, y) => x.start - y.start)[0];
      expect(takenOver.start).toBeGreaterThanOrEqual(
        run.start + TIMEOUT_S * 1000 - 1000,
      );
    }
    const status = await request(b.server)
      .get('/api/streaming/v1/status')
      .set('Authorization', as);
    expect(status.body.assets).toBe(assetsBefore);
    expect(
      status.body.accountRegions.map((s: { state: string }) => s.state),
    ).toEqual(DEMO_TARGETS.map(() => 'ok'));
    await b.stop();
  }, 200_000);
});

/** Runs a replica started and has not ended, with when they started. */
function inFlight(lines: string[]): Array<{ target: string; start: number }> {
  const open = new Map<string, number>();
  for (const line of lines) {
    const match = RUN_LINE.exec(line);
    if (!match) continue;
    const target = `${match[2]}/${match[3]}`;
    if (match[4] === 'started') open.set(target, Date.parse(match[1]));
    else open.delete(target);
  }
  return [...open].map(([target, start]) => ({ target, start }));
}

/** An answer without the times that move with each refresh. */
function comparable(body: unknown): unknown {
  return JSON.parse(
    JSON.stringify(body, (key, value) =>
      /At$|refreshedAt|lastRefresh|calls/.test(key) ? undefined : value,
    ),
  );
}
