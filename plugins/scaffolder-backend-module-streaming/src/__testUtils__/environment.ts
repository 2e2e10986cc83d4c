import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readScaffolderSettings } from '../config';
import type { StreamingActionEnvironment } from '../actions/environment';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const SUBNETS = ['subnet-0a', 'subnet-0b', 'subnet-0c'];
export const OWNER = 'group:default/team-payments';

/** Settings as a backend would read them, with one account-region and its default network. */
export function testSettings(scaffolder: Record<string, unknown> = {}) {
  return readScaffolderSettings(
    new ConfigReader({
      streaming: {
        aws: { accounts: [{ accountId: ACCOUNT, regions: [REGION] }] },
        scaffolder: {
          networks: [
            {
              accountId: ACCOUNT,
              region: REGION,
              subnetIds: SUBNETS,
              securityGroupIds: ['sg-0123'],
            },
          ],
          flink: {
            serviceExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/flink`,
            codeBucketArn: 'arn:aws:s3:::flink-code',
            codeFileKey: 'app.jar',
          },
          polling: { intervalSeconds: 1, timeoutMinutes: 1 },
          ...scaffolder,
        },
      },
    }),
  );
}

/**
 * An environment whose SDK clients are real (aws-sdk-client-mock intercepts
 * their sends) and whose permission decision is `decision`.
 */
export function testEnvironment(
  options: {
    scaffolder?: Record<string, unknown>;
    decision?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  } = {},
) {
  const authorize = jest
    .fn()
    .mockResolvedValue([{ result: options.decision ?? AuthorizeResult.ALLOW }]);
  const common = {
    region: REGION,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
  };
  const env: StreamingActionEnvironment = {
    settings: testSettings(options.scaffolder),
    permissions: mockServices.permissions.mock({ authorize }),
    clients: async (accountId, region) => ({
      accountId,
      region,
      kafka: new KafkaClient(common),
      flink: new KinesisAnalyticsV2Client(common),
      cloudwatch: new CloudWatchClient(common),
      applicationAutoScaling: new ApplicationAutoScalingClient(common),
      logs: new CloudWatchLogsClient(common),
    }),
    sleep: async () => {},
  };
  return { env, authorize };
}

/** A mock action context with a logger whose calls can be read, and the dry-run flag the mock ignores. */
export function actionContext<T extends Record<string, any>>(
  input: T,
  options: { isDryRun?: boolean } = {},
) {
  const logger = mockServices.logger.mock();
  // Typed loosely: the test utils bring their own copy of scaffolder-node's types.
  const ctx: any = createMockActionContext<any, any>({ input, logger });
  return {
    ctx: {
      ...ctx,
      isDryRun: options.isDryRun ?? false,
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/alice'),
    },
    logger,
    outputs: () =>
      Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
      ),
  };
}
