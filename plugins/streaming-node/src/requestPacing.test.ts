import {
  DEFAULT_REQUESTS_PER_SECOND,
  OperationPacer,
  paceRequests,
  requestsPerSecond,
} from './requestPacing';

describe('OperationPacer', () => {
  it('spaces calls 1 / perSecond apart, however many ask at once', async () => {
    let now = 1_000;
    const waits: number[] = [];
    const pacer = new OperationPacer(
      10,
      () => now,
      async ms => {
        waits.push(ms);
      },
    );
    await Promise.all(Array.from({ length: 4 }, () => pacer.acquire()));
    expect(waits).toEqual([100, 200, 300]);
    // After a quiet spell the next call goes at once.
    now += 10_000;
    await pacer.acquire();
    expect(waits).toHaveLength(3);
  });
});

describe('paceRequests', () => {
  it('paces only the operations with a rate, by their own rate', async () => {
    let middleware: any;
    paceRequests(
      { middlewareStack: { add: m => (middleware = m) } },
      { DescribeTopic: 20 },
    );
    const next = jest.fn(async () => 'sent');
    const started = Date.now();
    const sent = await Promise.all(
      Array.from({ length: 5 }, () =>
        middleware(next, { commandName: 'DescribeTopicCommand' })({}),
      ),
    );
    // Five calls at 20 per second: the last leaves 200 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(sent).toEqual(Array(5).fill('sent'));

    const unpaced = Date.now();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        middleware(next, { commandName: 'ListTopicsCommand' })({}),
      ),
    );
    expect(Date.now() - unpaced).toBeLessThan(100);
  });
});

describe('requestsPerSecond', () => {
  it('replaces single figures, adds operations, and 0 turns pacing off', () => {
    const rates = requestsPerSecond('kafka', {
      DescribeTopic: 40,
      ListTopics: 0,
      DescribeClusterOperationV2: 2,
    });
    expect(rates.DescribeTopic).toBe(40);
    expect(rates.ListTopics).toBe(0);
    expect(rates.DescribeClusterOperationV2).toBe(2);
    expect(rates.ListNodes).toBe(DEFAULT_REQUESTS_PER_SECOND.kafka.ListNodes);
  });
});
