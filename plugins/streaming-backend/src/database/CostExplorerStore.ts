import { Knex } from 'knex';

/** One cached Cost Explorer answer of a payer account. */
export interface CostExplorerRead<T = unknown> {
  payerAccountId: string;
  /** e.g. `services`, `last-month:owner`, `month-to-date:owner`, `resources`, `status`. */
  kind: string;
  period: { start: string; end: string };
  /** ISO time of the read. */
  readAt: string;
  result: T;
}

const READS = 'streaming_cost_explorer_reads';
const REQUESTS = 'streaming_cost_explorer_requests';

/** streaming_cost_explorer_reads and _requests: Cost Explorer answers and the requests paid for. */
export class CostExplorerStore {
  constructor(private readonly db: Knex) {}

  async save(read: CostExplorerRead): Promise<void> {
    await this.db(READS)
      .insert({
        payer_account_id: read.payerAccountId,
        kind: read.kind,
        period_start: read.period.start,
        period_end: read.period.end,
        read_at: read.readAt,
        result_json: JSON.stringify(read.result),
      })
      .onConflict(['payer_account_id', 'kind'])
      .merge();
  }

  async list(): Promise<CostExplorerRead[]> {
    const rows = await this.db(READS).select();
    return rows.map(row => ({
      payerAccountId: row.payer_account_id,
      kind: row.kind,
      period: { start: row.period_start, end: row.period_end },
      readAt: row.read_at,
      result: JSON.parse(row.result_json),
    }));
  }

  /** Requests made for the payer account on a UTC day. */
  async requestsOn(payerAccountId: string, day: string): Promise<number> {
    const row = await this.db(REQUESTS)
      .where({ payer_account_id: payerAccountId, day })
      .first();
    return row ? Number(row.requests) : 0;
  }

  async addRequests(
    payerAccountId: string,
    day: string,
    requests: number,
  ): Promise<void> {
    if (requests === 0) return;
    await this.db(REQUESTS)
      .insert({ payer_account_id: payerAccountId, day, requests })
      .onConflict(['payer_account_id', 'day'])
      .merge({
        requests: this.db.raw('?? + ?', [`${REQUESTS}.requests`, requests]),
      });
  }
}
