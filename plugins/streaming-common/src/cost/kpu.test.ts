import {
  autoscalingEvents,
  crossCheckKpus,
  DEFAULT_KPU_LIMIT,
  kpuHistory,
  kpuLimitUsage,
  kpusInUse,
  resolveKpuLimit,
} from './kpu';

describe('kpusInUse', () => {
  it.each`
    status             | mode             | current | parallelism  | perKpu  | total   | processing
    ${'RUNNING'}       | ${'STREAMING'}   | ${4}    | ${undefined} | ${1}    | ${5}    | ${4}
    ${'RUNNING'}       | ${'STREAMING'}   | ${5}    | ${undefined} | ${2}    | ${4}    | ${3}
    ${'RUNNING'}       | ${'STREAMING'}   | ${64}   | ${undefined} | ${8}    | ${9}    | ${8}
    ${'RUNNING'}       | ${null}          | ${1}    | ${undefined} | ${1}    | ${2}    | ${1}
    ${'RUNNING'}       | ${'INTERACTIVE'} | ${2}    | ${undefined} | ${1}    | ${4}    | ${2}
    ${'RUNNING'}       | ${'STREAMING'}   | ${null} | ${6}         | ${4}    | ${3}    | ${2}
    ${'RUNNING'}       | ${'STREAMING'}   | ${null} | ${null}      | ${null} | ${2}    | ${1}
    ${'AUTOSCALING'}   | ${'STREAMING'}   | ${8}    | ${undefined} | ${1}    | ${9}    | ${8}
    ${'ROLLED_BACK'}   | ${'STREAMING'}   | ${2}    | ${undefined} | ${1}    | ${3}    | ${2}
    ${'READY'}         | ${'STREAMING'}   | ${4}    | ${undefined} | ${1}    | ${0}    | ${0}
    ${'READY'}         | ${'INTERACTIVE'} | ${4}    | ${undefined} | ${1}    | ${0}    | ${0}
    ${'DELETING'}      | ${'STREAMING'}   | ${4}    | ${undefined} | ${1}    | ${0}    | ${0}
    ${'SOMETHING_NEW'} | ${'STREAMING'}   | ${4}    | ${undefined} | ${1}    | ${null} | ${null}
  `(
    '$status $mode parallelism $current/$parallelism per KPU $perKpu → $total',
    ({ status, mode, current, parallelism, perKpu, total, processing }) => {
      // e.g. ceil(5 / 2) = 3 + 1 orchestration = 4; Studio: 2 + 2 = 4; defaults 1/1: 1 + 1 = 2
      const count = kpusInUse({
        status,
        applicationMode: mode,
        currentParallelism: current,
        parallelism,
        parallelismPerKpu: perKpu,
      });
      expect(count.total).toBe(total);
      expect(count.processing).toBe(processing);
    },
  );

  it('explains the count', () => {
    expect(
      kpusInUse({
        status: 'RUNNING',
        applicationMode: 'STREAMING',
        currentParallelism: 5,
        parallelismPerKpu: 2,
      }).basis,
    ).toBe('ceil(5 / 2) = 3 + 1 orchestration KPU = 4');
  });

  it.each`
    field                   | value
    ${'currentParallelism'} | ${0}
    ${'parallelismPerKpu'}  | ${9}
    ${'parallelismPerKpu'}  | ${1.5}
  `('rejects $field = $value', ({ field, value }) => {
    expect(() =>
      kpusInUse({
        status: 'RUNNING',
        applicationMode: 'STREAMING',
        currentParallelism: 2,
        parallelismPerKpu: 1,
        [field]: value,
      }),
    ).toThrow(field);
  });
});

describe('crossCheckKpus', () => {
  it.each`
    computed | metric  | status         | hint
    ${5}     | ${5}    | ${'agree'}     | ${'Computed 5 KPUs, matching the KPUs metric.'}
    ${5}     | ${5.2}  | ${'agree'}     | ${'matching'}
    ${5}     | ${4}    | ${'disagree'}  | ${'Computed 5 KPUs from the parallelism, but the KPUs metric reports 4. The metric may exclude the orchestration KPU.'}
    ${5}     | ${9}    | ${'disagree'}  | ${'but the KPUs metric reports 9. The metric is sampled hourly'}
    ${5}     | ${null} | ${'no-metric'} | ${'no recent datapoint'}
  `(
    'computed $computed vs metric $metric → $status',
    ({ computed, metric, status, hint }) => {
      const check = crossCheckKpus(computed, metric);
      expect(check.status).toBe(status);
      expect(check.message).toContain(hint);
    },
  );
});

describe('kpuHistory', () => {
  it('builds an hourly series from the KPUs metric, with peak and average', () => {
    const history = kpuHistory([
      { timestamp: '2026-01-01T00:10:00Z', kpus: 3 },
      { timestamp: '2026-01-01T01:10:00Z', kpus: 5 },
      { timestamp: '2026-01-01T03:10:00Z', kpus: 2 },
    ]);
    // hour 02 has no sample: it keeps 5
    expect(history.hourly).toEqual([
      { hour: '2026-01-01T00:00:00.000Z', kpus: 3 },
      { hour: '2026-01-01T01:00:00.000Z', kpus: 5 },
      { hour: '2026-01-01T02:00:00.000Z', kpus: 5 },
      { hour: '2026-01-01T03:00:00.000Z', kpus: 2 },
    ]);
    expect(history.peak).toBe(5);
    expect(history.average).toBe(3.75); // (3 + 5 + 5 + 2) / 4
  });

  it('converts parallelism to KPUs and takes the highest value within an hour', () => {
    const history = kpuHistory(
      [
        { timestamp: '2026-01-01T00:05:00Z', currentParallelism: 4 },
        { timestamp: '2026-01-01T00:50:00Z', currentParallelism: 8 },
        { timestamp: '2026-01-01T01:30:00Z', currentParallelism: 4 },
      ],
      {
        parallelismPerKpu: 2,
        start: '2025-12-31T23:00:00Z',
        end: '2026-01-01T02:00:00Z',
      },
    );
    // 4 / 2 + 1 = 3; 8 / 2 + 1 = 5
    expect(history.hourly.map(h => h.kpus)).toEqual([null, 5, 3, 3]);
    expect(history.peak).toBe(5);
    expect(history.average).toBeCloseTo(11 / 3);
  });

  it('is empty without observations and rejects bad timestamps', () => {
    expect(kpuHistory([])).toEqual({ hourly: [], peak: null, average: null });
    expect(() => kpuHistory([{ timestamp: 'yesterday', kpus: 1 }])).toThrow(
      'observations[0].timestamp is not a valid time',
    );
  });
});

describe('autoscalingEvents', () => {
  it('derives up and down events from parallelism changes', () => {
    const events = autoscalingEvents([
      { timestamp: '2026-01-01T03:00:00Z', currentParallelism: 3 },
      { timestamp: '2026-01-01T00:00:00Z', currentParallelism: 2 },
      { timestamp: '2026-01-01T01:00:00Z', currentParallelism: 4 },
      { timestamp: '2026-01-01T02:00:00Z', currentParallelism: 4 },
      { timestamp: '2026-01-01T04:00:00Z', currentParallelism: 2 },
      { timestamp: '2026-01-01T05:00:00Z', currentParallelism: 10 },
      { timestamp: '2026-01-01T06:00:00Z', currentParallelism: 5 },
    ]);
    expect(events).toEqual([
      {
        at: '2026-01-01T01:00:00.000Z',
        direction: 'up',
        fromParallelism: 2,
        toParallelism: 4,
        pattern: 'autoscale-up',
      },
      // ceil(4 / 2) = 2, not 3: a manual change
      {
        at: '2026-01-01T03:00:00.000Z',
        direction: 'down',
        fromParallelism: 4,
        toParallelism: 3,
        pattern: 'other',
      },
      // ceil(3 / 2) = 2: the autoscaler's halving, rounded up
      {
        at: '2026-01-01T04:00:00.000Z',
        direction: 'down',
        fromParallelism: 3,
        toParallelism: 2,
        pattern: 'autoscale-down',
      },
      {
        at: '2026-01-01T05:00:00.000Z',
        direction: 'up',
        fromParallelism: 2,
        toParallelism: 10,
        pattern: 'other',
      },
      {
        at: '2026-01-01T06:00:00.000Z',
        direction: 'down',
        fromParallelism: 10,
        toParallelism: 5,
        pattern: 'autoscale-down',
      },
    ]);
  });
});

describe('KPU limit', () => {
  it('defaults to 64 and validates streaming.flink.kpuLimit', () => {
    expect(DEFAULT_KPU_LIMIT).toBe(64);
    expect(resolveKpuLimit(undefined)).toBe(64);
    expect(resolveKpuLimit(128)).toBe(128);
    expect(() => resolveKpuLimit(0)).toThrow(
      'streaming.flink.kpuLimit must be a whole number of 1 or more, got 0',
    );
    expect(() => resolveKpuLimit('64')).toThrow('got "64"');
  });

  it.each`
    kpus  | limit        | percent  | remaining | atOrOver | canDouble
    ${5}  | ${undefined} | ${7.8}   | ${59}     | ${false} | ${true}
    ${32} | ${64}        | ${50}    | ${32}     | ${false} | ${true}
    ${33} | ${64}        | ${51.6}  | ${31}     | ${false} | ${false}
    ${64} | ${64}        | ${100}   | ${0}      | ${true}  | ${false}
    ${70} | ${64}        | ${109.4} | ${0}      | ${true}  | ${false}
  `(
    '$kpus of $limit',
    ({ kpus, limit, percent, remaining, atOrOver, canDouble }) => {
      // 32 KPUs = 31 processing + 1: doubled 62 + 1 = 63 ≤ 64; 33 = 32 + 1: doubled 64 + 1 = 65 > 64
      const usage = kpuLimitUsage(kpus, limit);
      expect(usage).toMatchObject({
        kpus,
        limit: limit ?? 64,
        percent,
        remaining,
        atOrOverLimit: atOrOver,
      });
      expect(usage.canDouble).toBe(canDouble);
    },
  );
});
