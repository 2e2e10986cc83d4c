import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { CostHistoryStore } from '../database/CostHistoryStore';
import { InventoryStore } from '../database/InventoryStore';

/** A stored view row as the refresh's derivation writes it. */
export function viewRow(view: {
  arn: string;
  assetType: string;
  name?: string;
  owner?: string | null;
  accountId?: string;
  region?: string;
  clusterType?: string | null;
  monthlyUsd?: number | null;
  complete?: boolean | null;
  bytesIn?: number | null;
  bytesOut?: number | null;
  cost?: object | null;
  gone?: boolean;
}) {
  const name = view.name ?? view.arn;
  return {
    arn: view.arn,
    asset_type: view.assetType,
    account_id: view.accountId ?? '111111111111',
    region: view.region ?? 'us-east-1',
    name,
    name_lower: name.toLowerCase(),
    cluster_type: view.clusterType ?? null,
    owner: view.owner ?? null,
    unowned: !view.owner,
    health_status: 'healthy',
    health_rank: 0,
    monthly_usd: view.monthlyUsd ?? null,
    cost_complete: view.complete ?? null,
    bytes_in_per_sec: view.bytesIn ?? null,
    bytes_out_per_sec: view.bytesOut ?? null,
    cost: view.cost ? JSON.stringify(view.cost) : null,
    gone: view.gone ?? false,
    derived_at: '2026-11-30T12:00:00.000Z',
  };
}

export async function migratedHistory(
  databases: TestDatabases,
  id: TestDatabaseId,
): Promise<{
  knex: Knex;
  history: CostHistoryStore;
  inventory: InventoryStore;
}> {
  const knex = await databases.init(id);
  const inventory = await InventoryStore.create(
    mockServices.database({ knex }),
  );
  return { knex, history: new CostHistoryStore(knex), inventory };
}
