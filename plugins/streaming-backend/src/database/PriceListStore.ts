import type {
  PartialPriceTable,
  PriceListServiceCode,
} from '@backstage-streaming/plugin-streaming-common';
import { Knex } from 'knex';

/** The prices of one service code in one region as last read from the AWS Price List API. */
export interface StoredPriceList {
  region: string;
  serviceCode: PriceListServiceCode;
  version: string | null;
  publicationDate: string | null;
  /** ISO time of the successful read. */
  fetchedAt: string;
  table: PartialPriceTable;
}

const TABLE = 'streaming_price_lists';

/** streaming_price_lists: the last good price list per region and service code. */
export class PriceListStore {
  constructor(private readonly db: Knex) {}

  /** Replaces the region's prices of the service code (only called after a successful read). */
  async save(list: StoredPriceList): Promise<void> {
    await this.db(TABLE)
      .insert({
        region: list.region,
        service_code: list.serviceCode,
        version: list.version,
        publication_date: list.publicationDate,
        fetched_at: list.fetchedAt,
        table_json: JSON.stringify(list.table),
      })
      .onConflict(['region', 'service_code'])
      .merge();
  }

  async list(): Promise<StoredPriceList[]> {
    const rows = await this.db(TABLE)
      .select()
      .orderBy(['region', 'service_code']);
    return rows.map(row => ({
      region: row.region,
      serviceCode: row.service_code,
      version: row.version ?? null,
      publicationDate: row.publication_date ?? null,
      fetchedAt: row.fetched_at,
      table: JSON.parse(row.table_json) as PartialPriceTable,
    }));
  }
}
