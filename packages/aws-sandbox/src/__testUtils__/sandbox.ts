import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { resolve } from 'node:path';
import { Sandbox, SandboxOptions, startSandbox } from '../server';

export const DEMO_SCENARIO = resolve(
  __dirname,
  '../../../../examples/sandbox/demo.yaml',
);

/** A fixed sandbox clock so generated metrics are the same on every run. */
export const NOW = Date.parse('2026-06-01T12:00:00Z');

export const ACCOUNT_1 = {
  accessKeyId: 'AKIASANDBOX111111111',
  secretAccessKey: 'sandbox-secret-111',
};
export const ACCOUNT_2 = {
  accessKeyId: 'AKIASANDBOX222222222',
  secretAccessKey: 'sandbox-secret-222',
};

export const ORDERS_ARN =
  'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1';
export const CLICKSTREAM_ARN =
  'arn:aws:kafka:us-east-1:222222222222:cluster/clickstream-express/2c9e8f1a-6d5b-4c3a-9e8f-7a6b5c4d3e2f-1';
export const SERVERLESS_ARN =
  'arn:aws:kafka:eu-west-1:111111111111:cluster/events-serverless/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170-s1';

export function startDemoSandbox(
  options: Partial<SandboxOptions> = {},
): Promise<Sandbox> {
  return startSandbox({
    scenarioPath: DEMO_SCENARIO,
    port: 0,
    clock: () => NOW,
    ...options,
  });
}

interface ClientOptions {
  region?: string;
  credentials?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
  maxAttempts?: number;
  requestTimeout?: number;
}

function config(sandbox: Sandbox, options: ClientOptions) {
  return {
    endpoint: sandbox.url,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? ACCOUNT_1,
    maxAttempts: options.maxAttempts ?? 1,
    // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes.
    ...(options.requestTimeout
      ? {
          requestHandler: {
            requestTimeout: options.requestTimeout,
            throwOnRequestTimeout: true,
          },
        }
      : {}),
  };
}

export const kafkaClient = (sandbox: Sandbox, options: ClientOptions = {}) =>
  new KafkaClient(config(sandbox, options));
export const flinkClient = (sandbox: Sandbox, options: ClientOptions = {}) =>
  new KinesisAnalyticsV2Client(config(sandbox, options));
export const cloudWatchClient = (
  sandbox: Sandbox,
  options: ClientOptions = {},
) => new CloudWatchClient(config(sandbox, options));

/** Runs a call that must fail and returns the error, so its name, status and fields can be asserted. */
export async function failure(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
