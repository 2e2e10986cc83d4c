import {
  expressBrokerLimitsFor,
  KNOWN_BROKER_INSTANCE_TYPES,
  parseBrokerInstanceType,
  partitionLimitsFor,
} from './limits';

describe('broker limits', () => {
  it('knows every MSK broker type of the pricing table', () => {
    expect(KNOWN_BROKER_INSTANCE_TYPES).toHaveLength(1 + 8 + 7 + 7);
    expect(KNOWN_BROKER_INSTANCE_TYPES).toContain('kafka.m5.24xlarge');
    expect(KNOWN_BROKER_INSTANCE_TYPES).not.toContain('kafka.m7g.24xlarge');
  });

  it.each`
    type                     | parsed
    ${'kafka.m7g.large'}     | ${{ family: 'kafka.m7g', size: 'large', express: false }}
    ${'express.m7g.4xlarge'} | ${{ family: 'express.m7g', size: '4xlarge', express: true }}
    ${'kafka.t3.small'}      | ${{ family: 'kafka.t3', size: 'small', express: false }}
    ${'kafka.t3.large'}      | ${null}
    ${'large'}               | ${null}
  `('parses $type', ({ type, parsed }) => {
    expect(parseBrokerInstanceType(type)).toEqual(parsed);
  });

  it.each`
    type                      | recommended | max
    ${'kafka.t3.small'}       | ${300}      | ${300}
    ${'kafka.m5.xlarge'}      | ${1000}     | ${1500}
    ${'kafka.m7g.2xlarge'}    | ${2000}     | ${3000}
    ${'kafka.m5.24xlarge'}    | ${4000}     | ${6000}
    ${'express.m7g.xlarge'}   | ${1000}     | ${2000}
    ${'express.m7g.16xlarge'} | ${20000}    | ${32000}
  `(
    'partitions per broker on $type: $recommended / $max',
    ({ type, recommended, max }) => {
      expect(partitionLimitsFor(type)).toEqual({ recommended, max });
    },
  );

  it('gives Express throughput limits only for Express types', () => {
    expect(expressBrokerLimitsFor('express.m7g.large')).toMatchObject({
      ingressMBps: { sustained: 15.6, max: 23.4 },
      egressMBps: { sustained: 31.2, max: 58.5 },
    });
    expect(expressBrokerLimitsFor('kafka.m7g.large')).toBeNull();
    expect(partitionLimitsFor('kafka.m6i.large')).toBeNull();
  });
});
