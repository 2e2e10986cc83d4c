import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { streamingEntityName, streamingEntityRef } from './entityName';

const cluster = (account: string, region: string, name = 'orders') =>
  `arn:aws:kafka:${region}:${account}:cluster/${name}/1a2b3c4d-1111-2222-3333-444455556666-1`;
const topic = (clusterArn: string, name: string) =>
  `${clusterArn.replace(':cluster/', ':topic/')}/${name}`;

describe('streamingEntityName', () => {
  it('keeps a short readable name and appends a 10-digit hash of the ARN', () => {
    const name = streamingEntityName(
      topic(cluster('111111111111', 'eu-west-1'), 'orders.created'),
    );
    expect(name).toMatch(/^orders\.created-[0-9a-f]{10}$/);
    expect(KubernetesValidatorFunctions.isValidObjectName(name)).toBe(true);
  });

  it('is stable: the same ARN always gives the same name', () => {
    const arn = cluster('111111111111', 'eu-west-1');
    expect(streamingEntityName(arn)).toBe(streamingEntityName(arn));
    expect(streamingEntityName(` ${arn} `)).toBe(streamingEntityName(arn));
  });

  it('tells apart clusters with the same name in other accounts and regions', () => {
    const names = new Set([
      streamingEntityName(cluster('111111111111', 'eu-west-1')),
      streamingEntityName(cluster('222222222222', 'eu-west-1')),
      streamingEntityName(cluster('111111111111', 'us-east-1')),
    ]);
    expect(names.size).toBe(3);
    for (const name of names) expect(name.startsWith('orders-')).toBe(true);
  });

  it('truncates a 249-character topic name to a valid 63-character name', () => {
    const clusterArn = cluster('111111111111', 'eu-west-1');
    const long = `${'a'.repeat(60)}.${'b'.repeat(188)}`;
    expect(long).toHaveLength(249);
    const first = streamingEntityName(topic(clusterArn, long));
    const second = streamingEntityName(
      topic(clusterArn, `${long.slice(0, 248)}c`),
    );
    expect(first).toHaveLength(63);
    expect(KubernetesValidatorFunctions.isValidObjectName(first)).toBe(true);
    // Names equal in their first 52 characters still differ by the hash.
    expect(first).not.toBe(second);
    expect(first.slice(0, 52)).toBe(second.slice(0, 52));
  });

  it('drops a separator left at the cut and replaces characters the catalog refuses', () => {
    const clusterArn = cluster('111111111111', 'eu-west-1');
    const cut = streamingEntityName(
      topic(clusterArn, `${'x'.repeat(51)}.tail`),
    );
    expect(cut).toMatch(/^x{51}-[0-9a-f]{10}$/);
    const group = streamingEntityName(
      `${clusterArn.replace(':cluster/', ':group/')}/Billing Consumers/v2`,
    );
    expect(group).toMatch(/^billing-consumers-v2-[0-9a-f]{10}$/);
    expect(KubernetesValidatorFunctions.isValidObjectName(group)).toBe(true);
  });

  it('names a topic of only separators by its hash alone', () => {
    const name = streamingEntityName(
      topic(cluster('111111111111', 'eu-west-1'), '__'),
    );
    expect(name).toMatch(/^[0-9a-f]{10}$/);
  });

  it('names Flink applications by their application name', () => {
    expect(
      streamingEntityName(
        'arn:aws:kinesisanalytics:eu-west-1:111111111111:application/OrderEnricher',
      ),
    ).toMatch(/^orderenricher-[0-9a-f]{10}$/);
  });

  it('gives the resource entity ref', () => {
    const arn = cluster('111111111111', 'eu-west-1');
    expect(streamingEntityRef(arn)).toBe(
      `resource:default/${streamingEntityName(arn)}`,
    );
  });
});
