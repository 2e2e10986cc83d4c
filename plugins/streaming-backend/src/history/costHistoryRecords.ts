import {
  ChargebackItem,
  chargebackItemsAt,
  rollUpChargeback,
} from '@backstage-streaming/plugin-streaming-common';
import {
  CostedAsset,
  CostHistoryRecord,
  ESTATE_KEY,
} from '../database/CostHistoryStore';

const toCents = (usd: number | null) => Math.round((usd ?? 0) * 100);

/**
 * An asset's chargeback items at its `monthlyUsd`: when that differs from the
 * cost its split was made for (a backfilled day repriced at that day's
 * throughput), the items are scaled to it, still to the cent.
 */
function itemsAt(asset: CostedAsset): ChargebackItem[] {
  return chargebackItemsAt(
    { ...asset, chargeback: asset.cost?.chargeback ?? null },
    toCents(asset.monthlyUsd),
  );
}

const sumOrNull = (values: Array<number | null>): number | null =>
  values.some(v => v !== null)
    ? values.reduce<number>((sum, v) => sum + (v ?? 0), 0)
    : null;

/**
 * One day's history records from the derived clusters and applications: each
 * at its cost and throughput, each owner at its chargeback (dedicated assets
 * plus shares of shared clusters; `unowned` for what nobody owns), and the
 * estate at the sum, to the cent. Topics are not recorded: they are many and
 * derivable from their clusters.
 */
export function costHistoryRecords(assets: CostedAsset[]): CostHistoryRecord[] {
  const records: CostHistoryRecord[] = assets.map(asset => ({
    scope: asset.assetType === 'kafka-cluster' ? 'cluster' : 'application',
    key: asset.arn,
    name: asset.name,
    owner: asset.owner,
    monthlyUsd: toCents(asset.monthlyUsd) / 100,
    complete: asset.complete === true && asset.monthlyUsd !== null,
    bytesInPerSec: asset.bytesInPerSec,
    bytesOutPerSec: asset.bytesOutPerSec,
  }));
  const chargeback = rollUpChargeback(assets.flatMap(itemsAt), 'owner');
  for (const row of [...chargeback.rows, chargeback.unowned]) {
    if (row === chargeback.unowned && row.assetCount === 0) continue;
    records.push({
      scope: 'owner',
      key: row.key,
      name: row.key,
      owner: row === chargeback.unowned ? null : row.key,
      monthlyUsd: row.monthlyUsd,
      complete: row.complete,
      bytesInPerSec: null,
      bytesOutPerSec: null,
    });
  }
  const clusters = assets.filter(a => a.assetType === 'kafka-cluster');
  records.push({
    scope: 'estate',
    key: ESTATE_KEY,
    name: null,
    owner: null,
    monthlyUsd: chargeback.monthlyUsd,
    complete: chargeback.complete,
    bytesInPerSec: sumOrNull(clusters.map(c => c.bytesInPerSec)),
    bytesOutPerSec: sumOrNull(clusters.map(c => c.bytesOutPerSec)),
  });
  return records;
}
