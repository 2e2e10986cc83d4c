import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { ListClustersV2Command } from '@aws-sdk/client-kafka';
import { failure, kafkaClient } from './__testUtils__/sandbox';
import { parseScenario } from './scenario';
import { Sandbox, startSandbox } from './server';
import { CallerIdentities, StsService } from './sts';

// STS as @aws-sdk/client-sts speaks it (awsQuery): AssumeRole checks the role,
// the trusting account and the external id, and its credentials read the
// role's account.
const CALLER = {
  accessKeyId: 'AKIAMAINACCOUNT00001',
  secretAccessKey: 'main-secret',
};
const OUTSIDER = {
  accessKeyId: 'AKIAOUTSIDER00000001',
  secretAccessKey: 'outsider-secret',
};
const ROLE_ARN = 'arn:aws:iam::333333333333:role/streaming-read';

const scenario = {
  name: 'sts',
  accounts: {
    '111111111111': { accessKeyId: CALLER.accessKeyId, regions: {} },
    '444444444444': { accessKeyId: OUTSIDER.accessKeyId, regions: {} },
    '333333333333': {
      roles: [
        {
          name: 'streaming-read',
          externalId: 'streaming-ext-1',
          trustedAccounts: ['111111111111'],
        },
      ],
      regions: {
        'us-east-1': {
          clusters: [{ name: 'behind-a-role', type: 'standard' }],
        },
      },
    },
  },
};

describe('the sandbox STS', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, port: 0 });
  });
  afterAll(() => sandbox.close());

  const sts = (credentials: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }) =>
    new STSClient({
      endpoint: sandbox.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });

  const assume = (externalId?: string, credentials = CALLER) =>
    sts(credentials).send(
      new AssumeRoleCommand({
        RoleArn: ROLE_ARN,
        RoleSessionName: 'backstage',
        ExternalId: externalId,
      }),
    );

  it('names the caller of a static key', async () => {
    const identity = await sts(CALLER).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('111111111111');
    expect(identity.Arn).toBe('arn:aws:iam::111111111111:user/sandbox-reader');
  });

  it('issues temporary credentials that act in the role account', async () => {
    const assumed = await assume('streaming-ext-1');
    const credentials = assumed.Credentials!;
    expect(credentials.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(credentials.SessionToken).toBeTruthy();
    expect(credentials.Expiration!.getTime()).toBeGreaterThan(
      Date.now() + 50 * 60_000,
    );
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::333333333333:assumed-role/streaming-read/backstage',
    );

    const temporary = {
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
    };
    const identity = await sts(temporary).send(
      new GetCallerIdentityCommand({}),
    );
    expect(identity.Account).toBe('333333333333');
    expect(identity.Arn).toBe(assumed.AssumedRoleUser?.Arn);

    const clusters = await kafkaClient(sandbox, {
      credentials: temporary,
    }).send(new ListClustersV2Command({}));
    expect(clusters.ClusterInfoList?.map(c => c.ClusterName)).toEqual([
      'behind-a-role',
    ]);
  });

  it('refuses a wrong or missing external id, as AWS does, without saying which check failed', async () => {
    for (const externalId of ['wrong-id', undefined]) {
      const error = await failure(assume(externalId));
      expect(error.name).toBe('AccessDenied');
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(error.message).toBe(
        `User: arn:aws:iam::111111111111:user/sandbox-reader is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
      );
    }
  });

  it('refuses an account the role does not trust and a role that does not exist', async () => {
    expect((await failure(assume('streaming-ext-1', OUTSIDER))).name).toBe(
      'AccessDenied',
    );
    const missing = await failure(
      sts(CALLER).send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::333333333333:role/no-such-role',
          RoleSessionName: 'backstage',
          ExternalId: 'streaming-ext-1',
        }),
      ),
    );
    expect(missing.name).toBe('AccessDenied');
  });

  it('refuses an unknown key and a session token that does not match', async () => {
    const unknown = await failure(
      sts({ accessKeyId: 'AKIANOBODY0000000001', secretAccessKey: 'x' }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect(unknown.name).toBe('InvalidClientTokenId');

    const assumed = await assume('streaming-ext-1');
    const forged = await failure(
      kafkaClient(sandbox, {
        credentials: {
          accessKeyId: assumed.Credentials!.AccessKeyId!,
          secretAccessKey: assumed.Credentials!.SecretAccessKey!,
          sessionToken: 'not-the-token',
        },
      }).send(new ListClustersV2Command({})),
    );
    expect(forged.name).toBe('UnrecognizedClientException');
  });

  it('validates the session name', async () => {
    const error = await failure(
      sts(CALLER).send(
        new AssumeRoleCommand({
          RoleArn: ROLE_ARN,
          RoleSessionName: 'x',
          ExternalId: 'streaming-ext-1',
        }),
      ),
    );
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain('roleSessionName');
  });

  it('refuses a session duration outside 900 s to the role maximum of one hour', async () => {
    for (const DurationSeconds of [100, 7200]) {
      const error = await failure(
        sts(CALLER).send(
          new AssumeRoleCommand({
            RoleArn: ROLE_ARN,
            RoleSessionName: 'backstage',
            ExternalId: 'streaming-ext-1',
            DurationSeconds,
          }),
        ),
      );
      expect(error.name).toBe('ValidationError');
    }
  });
});

describe('CallerIdentities', () => {
  it('refuses temporary credentials once they expire, on the wall clock', () => {
    const { accounts } = parseScenario(scenario);
    let now = Date.parse('2026-06-01T12:00:00Z');
    const identities = new CallerIdentities(accounts, () => now);
    const caller = identities.resolve(CALLER.accessKeyId, undefined);
    const sts = new StsService(
      new Map(accounts.map(a => [a.id, a])),
      identities,
    );
    const xml = sts.handle(
      'AssumeRole',
      new URLSearchParams({
        RoleArn: ROLE_ARN,
        RoleSessionName: 'backstage',
        ExternalId: 'streaming-ext-1',
        DurationSeconds: '900',
      }),
      caller,
    );
    const key = /<AccessKeyId>([^<]+)</.exec(xml)![1];
    const token = /<SessionToken>([^<]+)</.exec(xml)![1];
    expect(identities.resolve(key, token).account.id).toBe('333333333333');
    now += 901_000;
    expect(() => identities.resolve(key, token)).toThrow(
      'The security token included in the request is expired',
    );
  });
});
