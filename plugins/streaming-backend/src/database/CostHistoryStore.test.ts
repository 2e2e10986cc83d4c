import { TestDatabases } from '@backstage/backend-test-utils';
import { migratedHistory, viewRow } from '../__testUtils__/costHistory';
import { CostHistoryRecord, daysBefore, ESTATE_KEY } from './CostHistoryStore';

// SQLite always; PostgreSQL where a server is configured (npm test points at the local one).
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15'],
});

const NOW = new Date('2026-11-30T12:00:00Z');

function record(
  scope: CostHistoryRecord['scope'],
  key: string,
  monthlyUsd: number,
  owner: string | null = null,
): CostHistoryRecord {
  return {
    scope,
    key,
    name: key === ESTATE_KEY ? null : `name of ${key}`,
    owner,
    monthlyUsd,
    complete: true,
    bytesInPerSec: scope === 'owner' ? null : 1000,
    bytesOutPerSec: null,
  };
}

describe.each(databases.eachSupportedId())(
  'CostHistoryStore on %s',
  databaseId => {
    it('keeps one row per scope, key and day however often the day is recorded', async () => {
      const { knex, history } = await migratedHistory(databases, databaseId);
      expect(await history.isEmpty()).toBe(true);
      await history.replaceDay(
        '2026-11-30',
        [
          record('estate', ESTATE_KEY, 100),
          record('cluster', 'arn:a', 60),
          record('cluster', 'arn:b', 40),
        ],
        { backfilled: true },
      );
      // Later the same day: arn:b is gone and arn:a costs more; a recorded day replaces a backfilled one.
      await history.replaceDay('2026-11-30', [
        record('estate', ESTATE_KEY, 75.5),
        record('cluster', 'arn:a', 75.5),
      ]);
      const rows = await knex('streaming_cost_history').orderBy('key');
      expect(
        rows.map(r => [
          r.scope,
          r.key,
          Number(r.monthly_usd),
          Boolean(r.backfilled),
        ]),
      ).toEqual([
        ['estate', '*', 75.5, false],
        ['cluster', 'arn:a', 75.5, false],
      ]);
      expect(await history.isEmpty()).toBe(false);
    });

    it('purges the days before the retention period', async () => {
      const { history } = await migratedHistory(databases, databaseId);
      // 400 days including today (2026-11-30) start on 2025-10-27.
      for (const day of ['2025-10-26', '2025-10-27', '2026-11-30']) {
        await history.replaceDay(day, [record('estate', ESTATE_KEY, 1)]);
      }
      expect(await history.purgeOlderThan(400, NOW)).toBe(1);
      const left = await history.series({
        scope: 'estate',
        key: ESTATE_KEY,
        days: 1000,
        now: NOW,
      });
      expect(left.map(d => d.day)).toEqual(['2025-10-27', '2026-11-30']);
    });

    it('reads the estate’s and an owner’s series over the last N days, oldest first', async () => {
      const { history } = await migratedHistory(databases, databaseId);
      for (let back = 40; back >= 0; back--) {
        const day = daysBefore('2026-11-30', back);
        await history.replaceDay(
          day,
          [
            record('estate', ESTATE_KEY, 1000 + back),
            record(
              'owner',
              'group:default/team-a',
              100 + back,
              'group:default/team-a',
            ),
          ],
          { backfilled: back > 0 },
        );
      }
      const estate = await history.series({
        scope: 'estate',
        key: ESTATE_KEY,
        days: 30,
        now: NOW,
      });
      expect(estate).toHaveLength(30);
      expect(estate[0]).toMatchObject({
        day: '2026-11-01',
        monthlyUsd: 1029,
        complete: true,
        bytesInPerSec: 1000,
        backfilled: true,
      });
      expect(estate[29]).toMatchObject({
        day: '2026-11-30',
        monthlyUsd: 1000,
        backfilled: false,
      });
      const owner = await history.series({
        scope: 'owner',
        key: 'group:default/team-a',
        days: 7,
        now: NOW,
      });
      expect(owner.map(d => d.monthlyUsd)).toEqual([
        106, 105, 104, 103, 102, 101, 100,
      ]);
    });

    it('finds the largest changes between the first and last day of the period', async () => {
      const { history } = await migratedHistory(databases, databaseId);
      const a = 'group:default/team-a';
      const b = 'group:default/team-b';
      await history.replaceDay('2026-10-31', [
        record('estate', ESTATE_KEY, 10),
      ]);
      await history.replaceDay('2026-11-01', [
        record('estate', ESTATE_KEY, 700),
        record('cluster', 'arn:grows', 100, a),
        record('cluster', 'arn:gone', 300, b),
        record('application', 'arn:flat', 50, a),
        record('owner', a, 150, a),
        record('owner', b, 300, b),
      ]);
      await history.replaceDay('2026-11-30', [
        record('estate', ESTATE_KEY, 820),
        record('cluster', 'arn:grows', 180.25, a),
        record('cluster', 'arn:new', 400, b),
        record('application', 'arn:flat', 50, a),
        record('owner', a, 230.25, a),
        record('owner', b, 400, b),
      ]);
      const changes = await history.largestChanges({ days: 30, now: NOW });
      expect(
        changes.map(c => [c.scope, c.key, c.fromUsd, c.toUsd, c.deltaUsd]),
      ).toEqual([
        ['cluster', 'arn:new', 0, 400, 400],
        ['cluster', 'arn:gone', 300, 0, -300],
        ['owner', b, 300, 400, 100],
        ['cluster', 'arn:grows', 100, 180.25, 80.25],
        ['owner', a, 150, 230.25, 80.25],
      ]);
      expect(
        (await history.largestChanges({ days: 30, now: NOW, owner: a })).map(
          c => c.key,
        ),
      ).toEqual(['arn:grows', a]);
      expect(
        await history.largestChanges({ days: 30, now: NOW, limit: 1 }),
      ).toHaveLength(1);
      // One day in the period: nothing to compare.
      expect(await history.largestChanges({ days: 1, now: NOW })).toEqual([]);
    });

    it('reads the derived clusters and applications, not topics or gone assets', async () => {
      const { knex, history } = await migratedHistory(databases, databaseId);
      await knex('streaming_asset_views').insert([
        viewRow({
          arn: 'arn:c',
          assetType: 'kafka-cluster',
          clusterType: 'standard',
          owner: 'group:default/team-a',
          monthlyUsd: 746.76,
          complete: true,
          bytesIn: 4e6,
          cost: { estimate: { parts: [] } },
        }),
        viewRow({
          arn: 'arn:c/topic',
          assetType: 'kafka-topic',
          monthlyUsd: 1,
        }),
        viewRow({ arn: 'arn:old', assetType: 'kafka-cluster', gone: true }),
        viewRow({
          arn: 'arn:app',
          assetType: 'flink-application',
          monthlyUsd: 160.6,
          complete: false,
        }),
      ]);
      expect(await history.costedAssets()).toEqual([
        expect.objectContaining({
          arn: 'arn:app',
          assetType: 'flink-application',
          monthlyUsd: 160.6,
          complete: false,
          cost: null,
        }),
        expect.objectContaining({
          arn: 'arn:c',
          clusterType: 'standard',
          owner: 'group:default/team-a',
          monthlyUsd: 746.76,
          complete: true,
          bytesInPerSec: 4e6,
          bytesOutPerSec: null,
          cost: { estimate: { parts: [] } },
        }),
      ]);
    });
  },
);
