import {
  allocateCents,
  DEFAULT_INTERNAL_TOPIC_PATTERN,
  hasPerTopicMetrics,
  isInternalTopic,
  rollUpByOwner,
} from './chargeback';
import { ChargebackTopic, splitClusterCost } from './chargebackModel';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('splitClusterCost', () => {
  it.each`
    name                               | total     | topics                                                                                           | basis           | cents
    ${'$100 three ways by partitions'} | ${100}    | ${[{ partitions: 3 }, { partitions: 3 }, { partitions: 3 }]}                                     | ${'partitions'} | ${[3334, 3333, 3333]}
    ${'$100 by bytes in 1:2:3'}        | ${100}    | ${[{ partitions: 1, bytesIn: 1 }, { partitions: 1, bytesIn: 2 }, { partitions: 1, bytesIn: 3 }]} | ${'bytes-in'}   | ${[2167, 3333, 4500]}
    ${'orders-standard by partitions'} | ${746.76} | ${[{ partitions: 12 }, { partitions: 6 }, { partitions: 3 }, { partitions: 6 }]}                 | ${'partitions'} | ${[33189, 16595, 8297, 16595]}
    ${'bytes in missing on one topic'} | ${10}     | ${[{ partitions: 1, bytesIn: 900 }, { partitions: 3 }]}                                          | ${'partitions'} | ${[250, 750]}
    ${'bytes in all zero'}             | ${10}     | ${[{ partitions: 1, bytesIn: 0 }, { partitions: 4, bytesIn: 0 }]}                                | ${'partitions'} | ${[200, 800]}
    ${'a silent topic under bytes in'} | ${0.01}   | ${[{ partitions: 5, bytesIn: 0 }, { partitions: 1, bytesIn: 7 }]}                                | ${'bytes-in'}   | ${[0, 1]}
    ${'seven equal topics, $1'}        | ${1}      | ${Array.from({ length: 7 }, () => ({ partitions: 1 }))}                                          | ${'partitions'} | ${[15, 15, 14, 14, 14, 14, 14]}
  `('$name', ({ total, topics, basis, cents }) => {
    // $100 / 3 = 3333.33¢ each; the leftover cent goes to the first (ties keep order).
    // Default model, all shared fixed cost: 30% by partitions 1:1:1 (1000¢ each) + 70% by bytes 1:2:3
    // (1166.67, 2333.33, 3500) = 2166.67, 3333.33, 4500 → the leftover cent to the largest remainder (.67).
    // 12:6:3:6 of 74676¢ (27 partitions) = 33189.33, 16594.67, 8297.33, 16594.67 → +1 to each .67.
    // 7 × 14.2857¢: floors sum to 98; the 2 leftover cents go to the first two.
    const named: ChargebackTopic[] = topics.map((t: object, i: number) => ({
      arn: `topic-${i}`,
      owner: null,
      ...t,
    }));
    const split = splitClusterCost(total, named);
    expect(split.basis).toBe(basis);
    expect(split.shares.map(s => s.cents)).toEqual(cents);
    expect(sum(split.shares.map(s => s.cents))).toBe(Math.round(total * 100));
    expect(split.totalCents).toBe(Math.round(total * 100));
    expect(split.unallocatedCents).toBe(0);
  });

  it('labels the basis in words', () => {
    expect(
      splitClusterCost(1, [{ arn: 'a', owner: null, partitions: 1 }])
        .basisDescription,
    ).toContain('monitoring level');
    expect(
      splitClusterCost(1, [
        { arn: 'a', owner: null, partitions: 1, bytesIn: 5 },
      ]).basisDescription,
    ).toContain('bytes in');
  });

  it('leaves the cost unallocated when there is nothing to split by', () => {
    expect(splitClusterCost(12.34, [])).toEqual({
      basis: 'none',
      basisDescription: expect.any(String),
      model: { partitionsShare: 0.3, bytesShare: 0.7 },
      totalCents: 1234,
      shares: [],
      platformOverhead: { cents: 0, usd: 0, topics: [] },
      unallocatedCents: 1234,
      lowerBound: false,
    });
  });

  it('keeps internal topics out of team shares and books them as platform overhead, to the cent', () => {
    // 74676¢ by partitions 50 : 12 : 6 : 1 (of 69) = 54113.04, 12987.13, 6493.57, 1082.26:
    // floors sum to 74675; the leftover cent goes to payments (.57), the largest remainder.
    const split = splitClusterCost(746.76, [
      {
        arn: '__consumer_offsets',
        owner: 'group:default/team-orders',
        partitions: 50,
        internal: true,
      },
      {
        arn: 'orders.created',
        owner: 'group:default/team-orders',
        partitions: 12,
      },
      { arn: 'payments.settled', owner: null, partitions: 6 },
      {
        arn: '__amazon_msk_canary',
        owner: null,
        partitions: 1,
        internal: true,
      },
    ]);
    expect(split.shares.map(s => s.arn)).toEqual([
      'orders.created',
      'payments.settled',
    ]);
    expect(split.platformOverhead.topics.map(t => [t.arn, t.cents])).toEqual([
      ['__consumer_offsets', 54113],
      ['__amazon_msk_canary', 1082],
    ]);
    expect(
      sum(split.shares.map(s => s.cents)) + split.platformOverhead.cents,
    ).toBe(74676);
    expect(split.platformOverhead.cents).toBe(54113 + 1082);
    expect(rollUpByOwner(split.shares)).toEqual([
      {
        owner: 'group:default/team-orders',
        cents: 12987,
        usd: 129.87,
        topicCount: 1,
      },
      { owner: 'unowned', cents: 6494, usd: 64.94, topicCount: 1 },
    ]);
  });

  it('marks every share of an incomplete estimate as a lower bound', () => {
    const topics = [{ arn: 'a', owner: null, partitions: 1 }];
    expect(
      splitClusterCost(5, topics, { estimateComplete: false }).lowerBound,
    ).toBe(true);
    expect(splitClusterCost(5, topics).lowerBound).toBe(false);
    expect(
      splitClusterCost(5, [], { estimateComplete: false }).lowerBound,
    ).toBe(true);
  });

  it('sums exactly for awkward random splits on both bases', () => {
    // A fixed pseudo-random sequence keeps the test repeatable.
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const total = Math.round(next() * 1e7) / 100;
      const topics = Array.from(
        { length: 1 + Math.floor(next() * 40) },
        (_, i) => ({
          arn: `t${i}`,
          owner: `group:default/team-${i % 3}`,
          partitions: 1 + Math.floor(next() * 50),
          bytesIn: round % 2 ? next() * 1e8 : undefined,
        }),
      );
      const split = splitClusterCost(total, topics);
      expect(split.basis).toBe(round % 2 ? 'bytes-in' : 'partitions');
      expect(sum(split.shares.map(s => s.cents))).toBe(Math.round(total * 100));
      expect(sum(rollUpByOwner(split.shares).map(o => o.cents))).toBe(
        Math.round(total * 100),
      );
    }
  });

  it('rejects negative weights and costs', () => {
    expect(() =>
      splitClusterCost(1, [{ arn: 'a', owner: null, partitions: -1 }]),
    ).toThrow('topics[0].partitions must be a number of 0 or more, got -1');
    expect(() => splitClusterCost(-1, [])).toThrow(
      'A cost must be a number of 0 or more',
    );
  });
});

describe('allocateCents', () => {
  it('gives a single weight everything', () => {
    expect(allocateCents(999, [0.3])).toEqual([999]);
  });
});

describe('rollUpByOwner', () => {
  it('sums shares per owner, null as unowned, largest first', () => {
    const split = splitClusterCost(100, [
      {
        arn: 'orders.created',
        owner: 'group:default/team-orders',
        partitions: 3,
      },
      { arn: 'payments.settled', owner: null, partitions: 3 },
      {
        arn: 'orders.shipped',
        owner: 'group:default/team-orders',
        partitions: 3,
      },
    ]);
    // 3334 + 3333 for team-orders; 3333 unowned
    expect(rollUpByOwner(split.shares)).toEqual([
      {
        owner: 'group:default/team-orders',
        cents: 6667,
        usd: 66.67,
        topicCount: 2,
      },
      { owner: 'unowned', cents: 3333, usd: 33.33, topicCount: 1 },
    ]);
  });
});

describe('isInternalTopic', () => {
  it.each`
    name                     | expected
    ${'__consumer_offsets'}  | ${true}
    ${'__amazon_msk_canary'} | ${true}
    ${'__transaction_state'} | ${true}
    ${'orders.created'}      | ${false}
    ${'orders__internal'}    | ${false}
    ${'_single_underscore'}  | ${false}
  `('$name → $expected with the default pattern', ({ name, expected }) => {
    expect(isInternalTopic(name)).toBe(expected);
    expect(
      isInternalTopic(name, new RegExp(DEFAULT_INTERNAL_TOPIC_PATTERN)),
    ).toBe(expected);
  });

  it('takes a configured pattern', () => {
    expect(isInternalTopic('_schemas', /^(__|_schemas$)/)).toBe(true);
    expect(isInternalTopic('__consumer_offsets', /^_schemas$/)).toBe(false);
  });
});

describe('hasPerTopicMetrics', () => {
  it.each`
    level                        | expected
    ${'DEFAULT'}                 | ${false}
    ${'PER_BROKER'}              | ${false}
    ${'PER_TOPIC_PER_BROKER'}    | ${true}
    ${'PER_TOPIC_PER_PARTITION'} | ${true}
    ${null}                      | ${false}
  `('$level → $expected', ({ level, expected }) => {
    expect(hasPerTopicMetrics(level)).toBe(expected);
  });
});
