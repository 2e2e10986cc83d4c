import {
  KnownTopic,
  planTopicDescribes,
  topicDescribeReason,
} from './topicDescribes';

const listing = (arn: string, partitionCount = 3) => ({
  arn,
  partitionCount,
  replicationFactor: 3,
  outOfSyncReplicaCount: 0,
});
const read = { 'retention.ms': '1000' };

describe('topicDescribeReason', () => {
  it.each<[string, KnownTopic | undefined, string | null]>([
    ['never stored', undefined, 'never-described'],
    [
      'stored without configs',
      { fingerprint: '3|3|0', configs: null },
      'never-described',
    ],
    ['read at this listing', { fingerprint: '3|3|0', configs: read }, null],
    [
      'read at another listing',
      { fingerprint: '1|3|0', configs: read },
      'changed',
    ],
    [
      'read at this listing, then a describe failed',
      { fingerprint: '3|3|0', configs: read, describeFailed: true },
      'failed',
    ],
    [
      'never read, and its describe failed',
      { fingerprint: '3|3|0', configs: null, describeFailed: true },
      'failed',
    ],
  ])('a topic %s → %p', (_, known, reason) => {
    expect(topicDescribeReason(listing('t'), known)).toBe(reason);
  });
});

describe('planTopicDescribes', () => {
  const known = new Map<string, KnownTopic>([
    ['d-same', { fingerprint: '3|3|0', configs: read }],
    ['c-changed', { fingerprint: '1|3|0', configs: read }],
    ['a-changed', { fingerprint: '1|3|0', configs: read }],
    ['b-failed', { fingerprint: '3|3|0', configs: null, describeFailed: true }],
  ]);
  const listed = [
    'd-same',
    'c-changed',
    'z-new',
    'b-failed',
    'a-changed',
    'm-new',
  ].map(arn => listing(arn));
  const arns = (topics: Array<{ arn: string }>) => topics.map(t => t.arn);

  it('describes never-described topics first, then changed ones, then failed ones, each by ARN', () => {
    const plan = planTopicDescribes(listed, known, 0);
    expect(arns(plan.describe)).toEqual([
      'm-new',
      'z-new',
      'a-changed',
      'c-changed',
      'b-failed',
    ]);
    expect(plan.deferred).toEqual([]);
  });

  it('defers what is beyond the budget, the same topics whatever the listing order', () => {
    const plan = planTopicDescribes(listed, known, 3);
    expect(arns(plan.describe)).toEqual(['m-new', 'z-new', 'a-changed']);
    expect(arns(plan.deferred)).toEqual(['c-changed', 'b-failed']);
    expect(
      planTopicDescribes([...listed].reverse(), known, 3).describe,
    ).toEqual(plan.describe);
  });

  it('describes nothing when every stored configuration is current', () => {
    expect(planTopicDescribes([listing('d-same')], known, 3)).toEqual({
      describe: [],
      deferred: [],
    });
  });
});
