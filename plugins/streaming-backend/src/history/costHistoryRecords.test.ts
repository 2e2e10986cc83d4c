import { splitClusterCost } from '@backstage-streaming/plugin-streaming-common';
import { CostedAsset } from '../database/CostHistoryStore';
import { costHistoryRecords } from './costHistoryRecords';

const A = 'group:default/team-a';
const B = 'group:default/team-b';

function cluster(
  arn: string,
  monthlyUsd: number,
  split: ReturnType<typeof splitClusterCost>,
): CostedAsset {
  return {
    arn,
    assetType: 'kafka-cluster',
    name: arn,
    owner: null,
    accountId: '111111111111',
    region: 'us-east-1',
    clusterType: 'standard',
    monthlyUsd,
    complete: true,
    bytesInPerSec: 1000,
    bytesOutPerSec: null,
    cost: {
      estimate: {} as NonNullable<CostedAsset['cost']>['estimate'],
      usdPerGbIn: null,
      usdPerGbOut: null,
      chargeback: {
        basis: split.basis,
        basisDescription: split.basisDescription,
        totalUsd: split.totalCents / 100,
        platformOverhead: {
          usd: split.platformOverhead.usd,
          pattern: '^__',
          topics: [],
        },
        unallocatedUsd: 0,
        lowerBound: false,
        missing: [],
        shares: split.shares.map(s => ({
          arn: s.arn,
          owner: s.owner,
          usd: s.usd,
        })),
        byOwner: [],
      },
    },
  };
}

describe('costHistoryRecords', () => {
  // $100 by partitions 1 : 1 : 1 between team-a, team-b and __consumer_offsets.
  const split = splitClusterCost(100, [
    { arn: 'a', owner: A, partitions: 1 },
    { arn: 'b', owner: B, partitions: 1 },
    { arn: '__co', owner: null, partitions: 1, internal: true },
  ]);

  it('records each cluster, each owner’s chargeback and the estate to the cent', () => {
    const records = costHistoryRecords([cluster('arn:shared', 100, split)]);
    expect(records.map(r => [r.scope, r.key, r.monthlyUsd])).toEqual([
      ['cluster', 'arn:shared', 100],
      ['owner', A, 33.34],
      ['owner', B, 33.33],
      ['estate', '*', 100],
    ]);
    expect(records[3]).toMatchObject({
      bytesInPerSec: 1000,
      bytesOutPerSec: null,
    });
  });

  it('scales a cluster’s split to a repriced day, still to the cent', () => {
    // The day's cost is $50.01 instead of $100: shares 33.34 : 33.33 : 33.33 of 5001¢.
    const records = costHistoryRecords([cluster('arn:shared', 50.01, split)]);
    expect(records.map(r => [r.scope, r.key, r.monthlyUsd])).toEqual([
      ['cluster', 'arn:shared', 50.01],
      ['owner', A, 16.67],
      ['owner', B, 16.67],
      ['estate', '*', 50.01],
    ]);
  });
});
