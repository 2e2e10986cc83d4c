import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import { STREAMING_ANNOTATIONS } from '@backstage-streaming/plugin-streaming-common';
import request from 'supertest';
import { streamingPlugin } from '../plugin';
import { accountRegionTaskId } from '../service/accountRegionTasks';
import { REFRESH_TASK_ID } from '../service/refreshTasks';
import { capturingLoggers } from '../__testUtils__/sandboxBackend';

// Every route, against a refreshed estate read through the sandbox: without
// credentials, without permission, with a generated table of malformed
// input, and a grep of every answer and log line for secrets.

const SECRETS = {
  secretKey1: 'do-not-leak-secret-key-111',
  secretKey2: 'do-not-leak-secret-key-222',
  dbPassword: 'hunter2-must-stay-redacted',
  jaasPassword: 'jaas-must-stay-redacted',
  apiToken: 'tok-must-stay-redacted',
};
const KEY_1 = 'AKIASECURITY00000001';
const KEY_2 = 'AKIASECURITY00000002';

const scenario = {
  name: 'security',
  accounts: {
    '111111111111': {
      accessKeyId: KEY_1,
      secretAccessKey: SECRETS.secretKey1,
      regions: {
        'us-east-1': {
          clusters: [
            {
              name: 'orders',
              type: 'standard',
              kafkaVersion: '3.6.0',
              brokers: 3,
              tags: { owner: 'team-orders' },
              topics: [{ name: 'orders.events', partitions: 6 }],
            },
          ],
          flinkApplications: [
            {
              name: 'enricher',
              propertyGroups: {
                db: { 'db.password': SECRETS.dbPassword, 'db.host': 'db' },
                kafka: {
                  'sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${SECRETS.jaasPassword}";`,
                  'api.token': SECRETS.apiToken,
                },
              },
            },
          ],
        },
      },
    },
    '222222222222': {
      accessKeyId: KEY_2,
      secretAccessKey: SECRETS.secretKey2,
      regions: { 'us-east-1': {} },
      faults: [{ error: 'AccessDenied' }],
    },
  },
};

const config = (endpoint: string) => ({
  aws: {
    accounts: [
      {
        accountId: '111111111111',
        accessKeyId: KEY_1,
        secretAccessKey: SECRETS.secretKey1,
      },
      {
        accountId: '222222222222',
        accessKeyId: KEY_2,
        secretAccessKey: SECRETS.secretKey2,
      },
    ],
  },
  streaming: {
    aws: {
      endpoint,
      maxAttempts: 1,
      accounts: [
        { accountId: '111111111111', regions: ['us-east-1'] },
        { accountId: '222222222222', regions: ['us-east-1'] },
      ],
    },
  },
});

type Method = 'get' | 'post';
interface Call {
  method: Method;
  path: string;
  body?: unknown;
  /** A raw (non-JSON) body, sent as application/json. */
  raw?: string;
}

async function send(server: any, call: Call, auth: string) {
  const req = request(server)
    [call.method](`/api/streaming${call.path}`)
    .set('Authorization', auth);
  if (call.raw !== undefined) {
    return req.set('Content-Type', 'application/json').send(call.raw);
  }
  return call.body === undefined ? req : req.send(call.body as object);
}

const MALFORMED_ARNS = [
  '',
  ' ',
  'arn',
  'arn:',
  'arn:aws',
  'arn:aws:kafka',
  'arn:aws:kafka:us-east-1',
  'arn:aws:kafka:us-east-1:111111111111',
  'arn:aws:kafka:us-east-1:111111111111:cluster',
  'arn:aws:kafka:us-east-1:111111111111:cluster/',
  'arn:aws:kafka:us-east-1:11111:cluster/orders/abc',
  'arn:aws:kafka:nowhere:111111111111:cluster/orders/abc',
  'arn:aws:s3:::bucket',
  'arn:aws:kinesisanalytics:us-east-1:111111111111:application/',
  'arn:aws:kinesisanalytics:us-east-1:111111111111:app/x',
  'arn:aws:kafka:us-east-1:111111111111:topic/orders',
  'arn:aws:kafka:us-east-1:111111111111:group/orders',
  "' OR 1=1 --",
  '"; DROP TABLE streaming_assets; --',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '<script>alert(1)</script>',
  '{"arn":"x"}',
  '[]',
  'ＡＲＮ：ａｗｓ',
  '🙂',
  `arn:aws:kafka:us-east-1:111111111111:cluster/orders/${'x'.repeat(3000)}`,
  'x'.repeat(10_000),
  'arn:aws:kafka:us-east-1:111111111111:cluster/o\nrders/abc',
];

const MALFORMED_ENTITY_REFS = [
  '',
  ':',
  '/',
  ':/',
  'component:',
  'component:/',
  ':default/x',
  'a:b:c:d',
  'component:default/',
  'component:default/x/y',
  '\u0000',
  'x'.repeat(5000),
  '<img src=x>',
  "component:default/' OR 1=1",
  '%2F%2F',
];

/** Values no query parameter accepts: empty, absurd, injected, repeated. */
const BAD_SCALARS = [
  '',
  '-1',
  '0',
  '1.5',
  '1e309',
  'NaN',
  'abc',
  '9'.repeat(400),
  "' OR 1=1 --",
  '\u0000',
  'x'.repeat(5000),
];

/** Each route's query parameters and values it must refuse with a 400. */
const LIST_PARAMS: Record<string, string[]> = {
  limit: BAD_SCALARS.filter(v => v !== ''),
  cursor: ['abc', '!!!', '%%%', 'x'.repeat(3000), 'eyJ9', "' OR 1=1"],
  orderBy: ['name', 'name:up', 'nope:asc', ':asc', 'name:asc:desc', '🙂'],
  accountId: ['1', '11111111111', '1111111111111', 'abcdefghijkl', '-1'],
  region: ['us', 'US-EAST-1', 'us-east', 'mars-north-1x', '1-2-3'],
  clusterType: ['provisioned', 'STANDARD', 'x', '1'],
  owner: ['', ':', 'component:', 'x'.repeat(600)],
  healthStatus: ['ok', 'HEALTHY', 'bad', '1'],
  unowned: ['yes', '1', 'TRUE', 'no'],
  q: ['', 'x'.repeat(201)],
  format: ['xml', 'CSV', 'pdf'],
  unknownParam: ['1'],
};

function queryCases(path: string, params: Record<string, string[]>): Call[] {
  const calls: Call[] = [];
  for (const [name, values] of Object.entries(params)) {
    for (const value of values) {
      calls.push({
        method: 'get',
        path: `${path}?${name}=${encodeURIComponent(value)}`,
      });
    }
    // Repeated and nested parameters: express parses them as arrays and objects.
    if (name !== 'unknownParam') {
      calls.push({ method: 'get', path: `${path}?${name}=a&${name}=b` });
      calls.push({ method: 'get', path: `${path}?${name}[x]=1` });
    }
  }
  return calls;
}

const BAD_ESTIMATE_BODIES: unknown[] = [
  {},
  [],
  [1, 2],
  { kind: 'nope' },
  { kind: 'kafka-cluster' },
  { kind: 'kafka-cluster', clusterType: 'standard' },
  { kind: 'kafka-cluster', clusterType: 'standard', brokers: -1 },
  { kind: 'kafka-cluster', clusterType: 'standard', brokers: 'three' },
  { kind: 'kafka-cluster', clusterType: 'standard', brokers: 1e308 },
  { kind: 'kafka-cluster', clusterType: 'weird' },
  { kind: 'kafka-topic' },
  { kind: 'kafka-topic', partitions: -5 },
  { kind: 'kafka-topic', partitions: 'x' },
  { kind: 'flink-application' },
  { kind: 'flink-application', parallelism: 0 },
  { kind: 'flink-application', parallelism: null },
  { kind: null },
  { kind: 1 },
  { kind: ['kafka-topic'] },
  { kind: { $ne: 1 } },
  { __proto__: { kind: 'kafka-topic' } },
  { constructor: { prototype: { polluted: true } } },
];
const RAW_BODIES = [
  '{',
  '{"kind":',
  'not json',
  '"a string"',
  '1',
  'null',
  '{"kind":"kafka-topic"'.repeat(50),
];

function generatedBadInput(clusterArn: string): Call[] {
  const calls: Call[] = [];
  const lists = ['clusters', 'topics', 'consumer-groups', 'applications'];
  for (const list of lists)
    calls.push(...queryCases(`/v1/${list}`, LIST_PARAMS));
  calls.push(
    ...queryCases('/v1/savings', {
      limit: LIST_PARAMS.limit,
      cursor: LIST_PARAMS.cursor,
      unknownParam: ['1'],
    }),
    ...queryCases('/v1/chargeback', {
      groupBy: ['team', 'OWNER', '', 'x'.repeat(300)],
      format: LIST_PARAMS.format,
      unknownParam: ['1'],
    }),
    ...queryCases('/v1/history', {
      scope: ['all', 'ESTATE', ''],
      days: ['0', '401', '-1', '1.5', 'abc', '9'.repeat(50)],
      key: LIST_PARAMS.owner,
      unknownParam: ['1'],
    }),
    { method: 'get', path: '/v1/history?scope=owner' },
    ...queryCases('/v1/summary', { unknownParam: ['1'] }),
  );
  const metrics = (q: Record<string, string>) =>
    `/v1/metrics?${new URLSearchParams(q).toString()}`;
  const good = {
    arn: clusterArn,
    metric: 'msk.broker.cpuUser',
    range: '24h',
    entityRef: 'component:default/orders-service',
  };
  for (const arn of MALFORMED_ARNS)
    calls.push({ method: 'get', path: metrics({ ...good, arn }) });
  for (const entityRef of MALFORMED_ENTITY_REFS)
    calls.push({ method: 'get', path: metrics({ ...good, entityRef }) });
  for (const metric of ['', 'cpu', 'msk.broker', 'x'.repeat(500), '🙂'])
    calls.push({ method: 'get', path: metrics({ ...good, metric }) });
  for (const range of ['', '2h', '1y', '-1h', 'x'.repeat(100)])
    calls.push({ method: 'get', path: metrics({ ...good, range }) });
  calls.push(
    { method: 'get', path: '/v1/metrics' },
    {
      method: 'get',
      path: `/v1/metrics?arn=${encodeURIComponent(clusterArn)}`,
    },
    { method: 'get', path: '/v1/metrics?arn[x]=1&metric[y]=2&entityRef[z]=3' },
    { method: 'get', path: '/v1/metrics?arn=a&arn=b&metric=c&entityRef=d' },
  );
  for (const body of BAD_ESTIMATE_BODIES)
    calls.push({ method: 'post', path: '/v1/estimate', body });
  for (const raw of RAW_BODIES) {
    calls.push({ method: 'post', path: '/v1/estimate', raw });
    calls.push({ method: 'post', path: '/v1/refresh', raw });
  }
  for (const segment of ['%00', 'x'.repeat(2000), '%2F', '..', '%E0%A4%A']) {
    calls.push({
      method: 'get',
      path: `/v1/entity/default/component/${segment}`,
    });
    calls.push({ method: 'get', path: `/v1/entity/${segment}/component/x` });
  }
  return calls;
}

/** Entities with one malformed annotation each: the page reports it, never fails. */
function malformedAnnotationEntities(): Entity[] {
  const values = [
    ...MALFORMED_ARNS,
    ',',
    ',,,',
    'orders',
    'orders/',
    '/orders.events',
    'orders//x',
    '*',
    'orders/*/*',
    'tag-without-equals',
    '=value',
    'key=',
    'a=b=c',
  ];
  const entities: Entity[] = [];
  for (const annotation of STREAMING_ANNOTATIONS) {
    values.forEach((value, index) => {
      entities.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `bad-${annotation.split('/')[1]}-${index}`,
          namespace: 'default',
          annotations: { [annotation]: value },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-x' },
      });
    });
  }
  return entities;
}

/**
 * How many stored assets an answer shows: objects with an `arn` (asset rows),
 * priced rows, and CSV data lines. An entity page's problems echo its own
 * annotation values, which the caller can read in the catalog anyway.
 */
function storedAssetsIn(res: request.Response): number {
  if (res.type === 'text/csv') return res.text.trim().split('\n').length - 1;
  let count = 0;
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.arn === 'string') count += 1;
      if (typeof record.monthlyUsd === 'number' && record.monthlyUsd > 0)
        count += 1;
      Object.values(record).forEach(visit);
    }
  };
  visit(res.body);
  return count;
}

describe('every route, against a refreshed estate', () => {
  let sandbox: Sandbox;
  let server: any;
  let denied: any;
  let clusterArn: string;
  let applicationArn: string;
  const logLines: string[] = [];
  /** Every answer body of this file, for the secrets grep. */
  const answers: string[] = [];
  const badEntities = malformedAnnotationEntities();

  const routes = (): Call[] => [
    { method: 'get', path: '/v1/entity/default/component/orders-service' },
    {
      method: 'get',
      path: `/v1/metrics?${new URLSearchParams({
        arn: clusterArn,
        metric: 'msk.broker.cpuUser',
        range: '24h',
        entityRef: 'component:default/orders-service',
      })}`,
    },
    { method: 'post', path: '/v1/refresh' },
    { method: 'get', path: '/v1/status' },
    { method: 'get', path: '/v1/ping' },
    { method: 'get', path: '/v1/clusters' },
    { method: 'get', path: '/v1/topics' },
    { method: 'get', path: '/v1/consumer-groups' },
    { method: 'get', path: '/v1/applications' },
    { method: 'get', path: '/v1/applications?format=csv' },
    { method: 'get', path: '/v1/summary' },
    { method: 'get', path: '/v1/chargeback' },
    { method: 'get', path: '/v1/savings' },
    { method: 'get', path: '/v1/history' },
    {
      method: 'post',
      path: '/v1/estimate',
      body: {
        kind: 'kafka-topic',
        clusterType: 'standard',
        region: 'us-east-1',
        partitionCount: 6,
      },
    },
    { method: 'get', path: '/v1/scaffolder/clusters' },
  ];

  async function startBackend(
    result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  ) {
    const scheduler = mockServices.scheduler();
    const backend = await startTestBackend({
      features: [
        streamingPlugin,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'orders-service',
                namespace: 'default',
                annotations: {
                  'aws.amazon.com/amazon-msk-cluster-arn': clusterArn,
                  'aws.amazon.com/amazon-msk-topics': 'orders/orders.events',
                  'aws.amazon.com/amazon-managed-flink-application-arn':
                    applicationArn,
                },
              },
              spec: {
                type: 'service',
                lifecycle: 'production',
                owner: 'team-orders',
              },
            },
            ...badEntities,
          ],
        }),
        (
          scheduler as unknown as {
            factory: typeof mockServices.scheduler.factory;
          }
        ).factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({ data: config(sandbox.url) }),
        mockServices.permissions.factory({ result }),
        ...capturingLoggers(logLines),
      ],
    });
    await Promise.all(
      ['111111111111', '222222222222'].map(accountId =>
        scheduler.triggerTask(
          accountRegionTaskId(REFRESH_TASK_ID, {
            accountId,
            region: 'us-east-1',
          }),
        ),
      ),
    );
    return backend.server;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, port: 0 });
    const region = sandbox.scenario.accounts[0].regions.get('us-east-1')!;
    clusterArn = region.clusters[0].arn;
    applicationArn = region.flinkApplications[0].arn;
    server = await startBackend(AuthorizeResult.ALLOW);
    denied = await startBackend(AuthorizeResult.DENY);
  }, 60_000);
  afterAll(() => sandbox.close());

  it('serves every route to a permitted caller (the estate was read)', async () => {
    const statuses: Array<[string, number]> = [];
    for (const call of routes()) {
      const res = await send(server, call, mockCredentials.user.header());
      answers.push(res.text);
      statuses.push([call.path.split('?')[0], res.status]);
    }
    expect(statuses.filter(([, status]) => status >= 400)).toEqual([]);
    const entity = await send(
      server,
      routes()[0],
      mockCredentials.user.header(),
    );
    expect(entity.body.applications).toEqual([
      expect.objectContaining({ arn: applicationArn }),
    ]);
    // What the denied caller must not get, the permitted one does.
    expect(storedAssetsIn(entity)).toBeGreaterThan(2);
    const clusters = await send(
      server,
      { method: 'get', path: '/v1/clusters' },
      mockCredentials.user.header(),
    );
    expect(storedAssetsIn(clusters)).toBeGreaterThan(0);
  });

  it('answers 401 with a JSON message on every route without credentials', async () => {
    const results = [];
    for (const call of routes()) {
      const res = await send(server, call, mockCredentials.none.header());
      answers.push(res.text);
      results.push([call.path, res.status, typeof res.body?.error?.message]);
    }
    expect(results).toEqual(routes().map(call => [call.path, 401, 'string']));
  });

  it('answers 403 to a caller denied outright, and shows no asset where each asset is authorized', async () => {
    const results: Record<string, number> = {};
    const shown: Array<[string, number]> = [];
    for (const call of routes()) {
      const res = await send(denied, call, mockCredentials.user.header());
      answers.push(res.text);
      results[call.path.split('?')[0]] = res.status;
      if (res.status === 200) shown.push([call.path, storedAssetsIn(res)]);
    }
    expect(results).toEqual({
      // Guarded by one permission each (streaming.refresh, streaming.status.read).
      '/v1/refresh': 403,
      '/v1/status': 403,
      // The estate, when streaming.asset.read is denied outright (not conditionally).
      '/v1/clusters': 403,
      '/v1/topics': 403,
      '/v1/consumer-groups': 403,
      '/v1/applications': 403,
      '/v1/summary': 403,
      '/v1/chargeback': 403,
      '/v1/savings': 403,
      '/v1/history': 403,
      // Authorized per asset: the caller sees nothing, and cannot tell what exists.
      '/v1/metrics': 404,
      '/v1/entity/default/component/orders-service': 200,
      '/v1/scaffolder/clusters': 200,
      // No estate data: the bench's reference route and the price calculator.
      '/v1/ping': 200,
      '/v1/estimate': 200,
    });
    // Nothing stored about the estate reaches the caller.
    expect(shown.filter(([, count]) => count > 0)).toEqual([]);
  });

  it('answers several hundred malformed inputs with a 4xx and a JSON message, never a 5xx', async () => {
    const calls = generatedBadInput(clusterArn);
    expect(calls.length).toBeGreaterThan(300);
    const wrong: Array<[string, number, unknown]> = [];
    for (const call of calls) {
      const res = await send(server, call, mockCredentials.user.header());
      answers.push(res.text);
      const message = res.body?.error?.message;
      if (
        res.status < 400 ||
        res.status >= 500 ||
        typeof message !== 'string' ||
        message === ''
      ) {
        wrong.push([
          `${call.method} ${call.path.slice(0, 200)} ${String(
            call.raw ?? JSON.stringify(call.body) ?? '',
          ).slice(0, 80)}`,
          res.status,
          message,
        ]);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('reports each malformed annotation on the entity page, never failing it', async () => {
    const failed: Array<[string, number]> = [];
    let problems = 0;
    for (const entity of badEntities) {
      const res = await request(server)
        .get(
          `/api/streaming/v1/entity/default/component/${entity.metadata.name}`,
        )
        .set('Authorization', mockCredentials.user.header());
      answers.push(res.text);
      if (res.status !== 200) failed.push([entity.metadata.name, res.status]);
      problems += res.body.problems?.length ?? 0;
    }
    expect(badEntities.length).toBeGreaterThan(200);
    expect(failed).toEqual([]);
    // Nearly every one is reported (a few odd values are valid, e.g. `*` or `key=`).
    expect(problems).toBeGreaterThan(badEntities.length * 0.8);
  }, 120_000);

  it('never shows a credential, secret access key or redacted property value in an answer or a log line', () => {
    expect(answers.length).toBeGreaterThan(500);
    expect(logLines.length).toBeGreaterThan(0);
    const leaks = [];
    for (const secret of [...Object.values(SECRETS), KEY_1, KEY_2]) {
      const inAnswers = answers.filter(a => a.includes(secret)).length;
      const inLogs = logLines.filter(l => l.includes(secret)).length;
      if (inAnswers || inLogs) leaks.push({ secret, inAnswers, inLogs });
    }
    expect(leaks).toEqual([]);
    // The redacted values were read: the entity page shows the keys, redacted.
    expect(answers.some(a => a.includes('db.password'))).toBe(true);
  });
});
