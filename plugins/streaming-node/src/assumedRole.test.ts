import { ConfigReader } from '@backstage/config';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import { resolve } from 'node:path';
import { DefaultStreamingAwsService } from './inventory';
import { AwsReadError } from './readers/errors';

// `aws.accounts[].roleName` and `externalId`, as adopters configure them for
// cross-account reads, through @backstage/integration-aws-node's
// DefaultAwsCredentialsManager and the real STS client against the sandbox.
// The integration has no endpoint setting for STS; the SDK's own
// AWS_ENDPOINT_URL_STS points it at the sandbox, as docs/sandbox.md says.
const MAIN = {
  accessKeyId: 'AKIAMAINACCOUNT00001',
  secretAccessKey: 'main-secret',
};

const scenario = {
  name: 'assumed-role',
  accounts: {
    '111111111111': { accessKeyId: MAIN.accessKeyId, regions: {} },
    '333333333333': {
      roles: [
        {
          name: 'backstage-streaming-read',
          externalId: 'streaming-ext-1',
          trustedAccounts: ['111111111111'],
        },
      ],
      regions: {
        'us-east-1': {
          clusters: [{ name: 'payments-behind-role', type: 'standard' }],
        },
      },
    },
  },
};

function serviceFor(sandbox: Sandbox, externalId: string) {
  return DefaultStreamingAwsService.fromConfig(
    new ConfigReader({
      aws: {
        mainAccount: MAIN,
        accounts: [
          {
            accountId: '333333333333',
            roleName: 'backstage-streaming-read',
            externalId,
          },
        ],
      },
      streaming: {
        aws: {
          endpoint: sandbox.url,
          accounts: [{ accountId: '333333333333', regions: ['us-east-1'] }],
          maxAttempts: 1,
          requestTimeoutMs: 2000,
        },
      },
    }),
  );
}

describe('an account read through an assumed role', () => {
  let sandbox: Sandbox;
  const previousStsEndpoint = process.env.AWS_ENDPOINT_URL_STS;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, port: 0 });
    process.env.AWS_ENDPOINT_URL_STS = sandbox.url;
  });
  afterAll(async () => {
    if (previousStsEndpoint === undefined) {
      delete process.env.AWS_ENDPOINT_URL_STS;
    } else {
      process.env.AWS_ENDPOINT_URL_STS = previousStsEndpoint;
    }
    await sandbox.close();
  });

  it('assumes the role with the external id and reads the role account', async () => {
    const snapshot = await serviceFor(
      sandbox,
      'streaming-ext-1',
    ).readAccountRegion('333333333333', 'us-east-1');
    expect(snapshot.clusters.map(c => c.name)).toEqual([
      'payments-behind-role',
    ]);
    expect(snapshot.clusters[0].arn).toContain(':333333333333:');
  });

  it('fails that account with AccessDenied when the external id is wrong', async () => {
    const error = await serviceFor(sandbox, 'not-the-external-id')
      .readAccountRegion('333333333333', 'us-east-1')
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsReadError);
    expect(error.message).toContain(
      'is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/backstage-streaming-read',
    );
  });

  it("reads the demo's account 222222222222 through its role, as docs/sandbox.md configures it", async () => {
    const demo = await startSandbox({
      scenarioPath: resolve(__dirname, '../../../examples/sandbox/demo.yaml'),
      port: 0,
    });
    process.env.AWS_ENDPOINT_URL_STS = demo.url;
    try {
      const service = DefaultStreamingAwsService.fromConfig(
        new ConfigReader({
          aws: {
            mainAccount: {
              accessKeyId: 'AKIASANDBOX111111111',
              secretAccessKey: 'sandbox-secret-111',
            },
            accounts: [
              {
                accountId: '222222222222',
                roleName: 'backstage-streaming-read',
                externalId: 'backstage-streaming-demo',
              },
            ],
          },
          streaming: {
            aws: {
              endpoint: demo.url,
              accounts: [{ accountId: '222222222222', regions: ['us-east-1'] }],
              maxAttempts: 1,
            },
          },
        }),
      );
      const snapshot = await service.readAccountRegion(
        '222222222222',
        'us-east-1',
      );
      expect(snapshot.clusters.map(c => c.name)).toEqual([
        'clickstream-express',
      ]);
    } finally {
      process.env.AWS_ENDPOINT_URL_STS = sandbox.url;
      await demo.close();
    }
  });
});
