import {
  GetMetricDataCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeClusterV2Command,
  ListClustersV2Command,
  ListTopicsCommand,
} from '@aws-sdk/client-kafka';
import {
  ListApplicationOperationsCommand,
  ListApplicationsCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseScenario } from './scenario';
import { RequestLogEntry, Sandbox, startSandbox } from './server';
import {
  ACCOUNT_1,
  ACCOUNT_2,
  cloudWatchClient,
  DEMO_SCENARIO,
  failure,
  flinkClient,
  kafkaClient,
  ORDERS_ARN,
  startDemoSandbox,
} from './__testUtils__/sandbox';

const SIGNED =
  'AWS4-HMAC-SHA256 Credential=AKIASANDBOX111111111/20260601/us-east-1/kafka/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd';

describe('the sandbox server', () => {
  let sandbox: Sandbox;
  const log: RequestLogEntry[] = [];
  beforeAll(async () => {
    sandbox = await startDemoSandbox({ onRequest: entry => log.push(entry) });
  });
  afterAll(() => sandbox.close());

  it('answers the health check without credentials', async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, scenario: 'demo' });
  });

  it('rejects unsigned requests in each protocol shape', async () => {
    const kafka = await fetch(`${sandbox.url}/api/v2/clusters`);
    expect(kafka.status).toBe(403);
    expect(kafka.headers.get('x-amzn-errortype')).toBe(
      'MissingAuthenticationTokenException',
    );

    const flink = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'KinesisAnalytics_20180523.ListApplications',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(flink.status).toBe(400);
    expect(await flink.json()).toMatchObject({
      __type: 'MissingAuthenticationTokenException',
    });

    const cw = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    expect(cw.status).toBe(403);
    expect(cw.headers.get('x-amzn-query-error')).toBe(
      'MissingAuthenticationToken;Sender',
    );
  });

  it('rejects a malformed Authorization header and a credential scoped to another service', async () => {
    const malformed = await fetch(`${sandbox.url}/api/v2/clusters`, {
      headers: { authorization: 'Bearer abc' },
    });
    expect(malformed.status).toBe(403);
    expect(malformed.headers.get('x-amzn-errortype')).toBe(
      'IncompleteSignatureException',
    );

    const wrongService = await fetch(`${sandbox.url}/api/v2/clusters`, {
      headers: { authorization: SIGNED.replace('/kafka/', '/monitoring/') },
    });
    expect(wrongService.status).toBe(403);
    expect(wrongService.headers.get('x-amzn-errortype')).toBe(
      'InvalidSignatureException',
    );

    const signed = await fetch(`${sandbox.url}/api/v2/clusters`, {
      headers: { authorization: SIGNED },
    });
    expect(signed.status).toBe(200);
    expect((await signed.json()).clusterInfoList[0].clusterName).toBe(
      'orders-standard',
    );
  });

  it('rejects an unknown access key as each service does', async () => {
    const stranger = {
      accessKeyId: 'AKIAUNKNOWN000000000',
      secretAccessKey: 'x',
    };
    const kafka = await failure(
      kafkaClient(sandbox, { credentials: stranger }).send(
        new ListClustersV2Command({}),
      ),
    );
    expect(kafka.name).toBe('UnrecognizedClientException');
    expect(kafka.$metadata.httpStatusCode).toBe(403);
    const flink = await failure(
      flinkClient(sandbox, { credentials: stranger }).send(
        new ListApplicationsCommand({}),
      ),
    );
    expect(flink.name).toBe('UnrecognizedClientException');
    const cw = await failure(
      cloudWatchClient(sandbox, { credentials: stranger }).send(
        new ListMetricsCommand({}),
      ),
    );
    expect(cw.name).toBe('InvalidClientTokenId');
    expect(cw.$metadata.httpStatusCode).toBe(403);
  });

  it('answers unknown operations and bad bodies with AWS-shaped 400s', async () => {
    const unknownPath = await fetch(`${sandbox.url}/v1/vpc-connections`, {
      headers: { authorization: SIGNED },
    });
    expect(unknownPath.status).toBe(400);
    expect(unknownPath.headers.get('x-amzn-errortype')).toBe(
      'UnknownOperationException',
    );

    const flinkAuth = SIGNED.replace('/kafka/', '/kinesisanalytics/');
    const unknownTarget = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        authorization: flinkAuth,
        'x-amz-target': 'KinesisAnalytics_20180523.DeleteApplication',
      },
      body: '{}',
    });
    expect(unknownTarget.status).toBe(400);
    expect(await unknownTarget.json()).toMatchObject({
      __type: 'UnknownOperationException',
    });

    const badJson = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        authorization: flinkAuth,
        'x-amz-target': 'KinesisAnalytics_20180523.ListApplications',
      },
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({
      __type: 'SerializationException',
    });
  });

  it('logs one entry per request with service, operation, account and status', async () => {
    log.length = 0;
    await kafkaClient(sandbox).send(
      new DescribeClusterV2Command({ ClusterArn: ORDERS_ARN }),
    );
    await failure(
      flinkClient(sandbox, { credentials: ACCOUNT_2 }).send(
        new ListApplicationsCommand({ Limit: 0 }),
      ),
    );
    expect(
      log.map(e => [
        e.method,
        e.service,
        e.operation,
        e.account,
        e.region,
        e.status,
      ]),
    ).toEqual([
      ['GET', 'kafka', 'DescribeClusterV2', '111111111111', 'us-east-1', 200],
      [
        'POST',
        'kinesisanalytics',
        'ListApplications',
        '222222222222',
        'us-east-1',
        400,
      ],
    ]);
  });
});

describe('fault injection', () => {
  const scenario = parseScenario({
    name: 'faults',
    accounts: {
      '111111111111': {
        accessKeyId: ACCOUNT_1.accessKeyId,
        regions: {
          'us-east-1': {
            clusters: [
              { name: 'a', type: 'standard', topics: [{ name: 't' }] },
            ],
          },
          'eu-west-1': { clusters: [{ name: 'b', type: 'serverless' }] },
        },
        faults: [
          { operation: 'ListTopics', error: 'AccessDenied' },
          {
            service: 'kinesisanalytics',
            operation: 'ListApplications',
            error: 'AccessDenied',
          },
          {
            operation: 'ListClustersV2',
            region: 'eu-west-1',
            error: 'Throttling',
          },
          { operation: 'ListMetrics', error: 'Throttling' },
          { operation: 'ListApplicationOperations', error: 'Throttling' },
          { operation: 'GetMetricData', error: 'Timeout', delayMs: 2_000 },
          { operation: 'DescribeClusterV2', error: 'Throttling', times: 2 },
        ],
      },
      '222222222222': {
        accessKeyId: ACCOUNT_2.accessKeyId,
        regions: { 'us-east-1': {} },
      },
    },
  });
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, port: 0 });
  });
  afterAll(() => sandbox.close());

  it('answers AccessDenied as a 403 AccessDeniedException naming the IAM action', async () => {
    const kafka = kafkaClient(sandbox);
    const [cluster] = (await kafka.send(new ListClustersV2Command({})))
      .ClusterInfoList!;
    const topics = await failure(
      kafka.send(new ListTopicsCommand({ ClusterArn: cluster.ClusterArn })),
    );
    expect(topics.name).toBe('AccessDeniedException');
    expect(topics.$metadata.httpStatusCode).toBe(403);
    expect(topics.message).toMatch(
      /^User: arn:aws:iam::111111111111:user\/sandbox-reader is not authorized to perform: kafka-cluster:DescribeTopic/,
    );

    const flink = await failure(
      flinkClient(sandbox).send(new ListApplicationsCommand({})),
    );
    expect(flink.name).toBe('AccessDeniedException');
    expect(flink.message).toContain('kinesisanalytics:ListApplications');
  });

  it('answers Throttling as 429 TooManyRequestsException for MSK, 400 Throttling (the awsQuery code) for CloudWatch and 400 ThrottlingException for Flink', async () => {
    const kafka = await failure(
      kafkaClient(sandbox, { region: 'eu-west-1' }).send(
        new ListClustersV2Command({}),
      ),
    );
    expect(kafka.name).toBe('TooManyRequestsException');
    expect(kafka.$metadata.httpStatusCode).toBe(429);

    const cw = await failure(
      cloudWatchClient(sandbox).send(new ListMetricsCommand({})),
    );
    expect(cw.name).toBe('Throttling');
    expect(cw.$metadata.httpStatusCode).toBe(400);

    const flink = await failure(
      flinkClient(sandbox).send(
        new ListApplicationOperationsCommand({ ApplicationName: 'x' }),
      ),
    );
    expect(flink.name).toBe('ThrottlingException');
    expect(flink.$metadata.httpStatusCode).toBe(400);

    // The region filter: us-east-1 is not throttled.
    const ok = await kafkaClient(sandbox).send(new ListClustersV2Command({}));
    expect(ok.ClusterInfoList).toHaveLength(1);
  });

  it('throttles only the first `times` requests, which the SDK retries through', async () => {
    const kafka = kafkaClient(sandbox, { maxAttempts: 3 });
    const [cluster] = (await kafka.send(new ListClustersV2Command({})))
      .ClusterInfoList!;
    const described = await kafka.send(
      new DescribeClusterV2Command({ ClusterArn: cluster.ClusterArn }),
    );
    expect(described.$metadata.attempts).toBe(3);
    expect(described.ClusterInfo!.ClusterName).toBe('a');
  });

  it('holds the answer back on Timeout so the client times out', async () => {
    const started = Date.now();
    const error = await failure(
      cloudWatchClient(sandbox, { requestTimeout: 300 }).send(
        new GetMetricDataCommand({
          StartTime: new Date(Date.now() - 3_600_000),
          EndTime: new Date(),
          MetricDataQueries: [],
        }),
      ),
    );
    expect(error.name).toMatch(/Timeout/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('applies faults per account', async () => {
    const other = await flinkClient(sandbox, { credentials: ACCOUNT_2 }).send(
      new ListApplicationsCommand({}),
    );
    expect(other.ApplicationSummaries).toEqual([]);
  });
});

describe('the aws-sandbox command', () => {
  it('serves the demo scenario until SIGTERM', async () => {
    const bin = resolve(__dirname, '../bin/aws-sandbox.js');
    const child = spawn(process.execPath, [bin], {
      env: {
        ...process.env,
        SANDBOX_PORT: '0',
        SANDBOX_SCENARIO: DEMO_SCENARIO,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', chunk => (output += chunk));
    const url = await new Promise<string>((resolvePromise, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no start-up line: ${output}`)),
        20_000,
      );
      child.stdout.on('data', chunk => {
        output += chunk;
        const match = /at (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolvePromise(match[1]);
        }
      });
    });
    const health = await fetch(`${url}/_sandbox/health`);
    expect(await health.json()).toEqual({ ok: true, scenario: 'demo' });
    const exitCode = await new Promise<number | null>(done => {
      child.on('exit', code => done(code));
      child.kill('SIGTERM');
    });
    expect(exitCode).toBe(0);
    expect(output).toMatch(/GET sandbox Health - 200/);
  }, 30_000);
});
