import {
  packEntityAnswer,
  unpackEntityAnswer,
} from './entityAnswerPacking';
import { EntityStreamingResponse } from './schema';

function estimate(monthlyUsd: number) {
  return {
    region: 'us-east-1',
    monthlyUsd,
    complete: true,
    parts: [
      {
        item: 'brokerHours',
        description: 'Broker instance-hours (kafka.m7g.large)',
        quantity: 2190,
        unit: 'broker-hour',
        unitUsd: 0.204,
        monthlyUsd,
        source: 'built-in',
      },
    ],
    unknownParts: [],
    hoursPerMonth: 730,
    gbUnit: 'GB (10^9 bytes)',
    notes: [],
  };
}

function asset(name: string, extra: Record<string, unknown>) {
  return {
    arn: `arn:aws:kafka:us-east-1:111111111111:topic/c/u/${name}`,
    name,
    accountId: '111111111111',
    region: 'us-east-1',
    owner: null,
    tags: {},
    health: { status: 'healthy', findings: [] },
    refreshedAt: '2026-11-30T00:00:00.000Z',
    stale: false,
    ...extra,
  };
}

const cost = (monthlyUsd: number, share?: number) => ({
  estimate: estimate(monthlyUsd),
  usdPerGbIn: null,
  usdPerGbOut: null,
  ...(share === undefined ? {} : { share: { usd: share } }),
});

function answer(): EntityStreamingResponse {
  return {
    entityRef: 'component:default/orders-service',
    clusters: [],
    // Two topics carry the same estimate (as parsed JSON: equal, not the
    // same object), one its own, one has no cost (no permission).
    topics: [
      asset('a', { cost: cost(446.76, 1.5) }),
      asset('b', { cost: cost(446.76, 2.5) }),
      asset('c', { cost: cost(10) }),
      asset('d', {}),
    ],
    applications: [],
    problems: [],
    inventoryRefreshedAt: '2026-11-30T00:00:00.000Z',
  } as unknown as EntityStreamingResponse;
}

describe('packEntityAnswer', () => {
  it('writes a repeated estimate once and unpacks to the same answer', () => {
    const original = answer();
    const packed = packEntityAnswer(original);
    expect(packed.estimates).toEqual([estimate(446.76)]);
    const [a, b, c, d] = packed.topics as Array<{ cost?: any }>;
    expect(a.cost).toEqual({
      estimateRef: 0,
      usdPerGbIn: null,
      usdPerGbOut: null,
      share: { usd: 1.5 },
    });
    expect(b.cost.estimateRef).toBe(0);
    // Carried once: stays where it is.
    expect(c.cost.estimate).toEqual(estimate(10));
    expect(d.cost).toBeUndefined();
    expect(JSON.stringify(packed).length).toBeLessThan(
      JSON.stringify(original).length,
    );

    const unpacked = unpackEntityAnswer(JSON.parse(JSON.stringify(packed)));
    expect(unpacked).toEqual(original);
  });

  it('leaves an answer with nothing repeated as it is, apart from an empty list', () => {
    const single = { ...answer(), topics: answer().topics.slice(2) };
    const packed = packEntityAnswer(single);
    expect(packed.estimates).toEqual([]);
    expect(unpackEntityAnswer(packed)).toEqual(single);
  });
});

describe('unpackEntityAnswer', () => {
  it('returns an answer that was not packed unchanged', () => {
    const plain = answer();
    expect(unpackEntityAnswer(plain)).toBe(plain);
    expect(unpackEntityAnswer(null)).toBeNull();
  });

  it('refuses a reference to no estimate', () => {
    const packed = packEntityAnswer(answer()) as any;
    packed.topics[0].cost.estimateRef = 7;
    expect(() => unpackEntityAnswer(packed)).toThrow(
      'The entity answer refers to estimate 7 of 1',
    );
    expect(() => unpackEntityAnswer({ estimates: 'x', topics: [] })).toThrow(
      'estimates that are not a list',
    );
  });
});
