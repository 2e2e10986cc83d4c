import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AssetActualCost,
  OwnerActualCost,
  ChargebackGroupBy,
  ChargebackResponse,
  CostHistoryResponse,
  EntityStreamingResponse,
  EstateList,
  EstateListQuery,
  EstateListResponse,
  EstateSummaryResponse,
  MetricRange,
  MetricSeriesResponse,
  SavingsResponse,
} from '@backstage-streaming/plugin-streaming-common';

/**
 * One chart's worth of data: a metric of one asset over a range, read for the
 * entity whose page shows it (the backend checks that the entity attaches it).
 *
 * @public
 */
export interface MetricSeriesRequest {
  /** ARN of the cluster, topic, consumer group or Flink application. */
  arn: string;
  /** A metric id from the metric table, e.g. `msk.broker.cpuUser`. */
  metricId: string;
  range: MetricRange;
  /** The entity whose page shows the chart, e.g. `component:default/orders-service`. */
  entityRef: string;
}

/**
 * What the estate's CSV export covers: one of the lists with its current
 * filters and order, or the chargeback grouped one way.
 *
 * @public
 */
export type EstateCsvRequest =
  | { list: EstateList; query: EstateListQuery }
  | { chargeback: ChargebackGroupBy };

/**
 * A CSV file read with the user's credentials, ready to hand to the browser.
 *
 * @public
 */
export interface EstateCsvFile {
  blob: Blob;
  /** From the answer's Content-Disposition, else one named after the request. */
  fileName: string;
}

/** @public */
export interface CostHistoryRequest {
  scope: 'estate' | 'owner';
  /** The owner entity ref, with scope `owner`. */
  key?: string;
  days: 30 | 90;
}

/** @public */
export interface SavingsRequest {
  limit?: number;
  cursor?: string;
}

/**
 * Reads streaming assets (MSK clusters, topics, Managed Flink applications)
 * from the streaming backend.
 *
 * @public
 */
export interface StreamingApi {
  /** The clusters, topics and Flink applications an entity's annotations name, plus what kept others from showing. */
  getEntityStreaming(
    entityRef: CompoundEntityRef,
  ): Promise<EntityStreamingResponse>;

  /**
   * The time series of one metric of one asset. Rejects with a
   * `ResponseError` whose `statusCode` says why: 400 when the metric is not
   * published for the asset, 429 when rate-limited (the `Retry-After` header
   * says how long to wait), 503 when CloudWatch failed and nothing is cached.
   */
  getMetricSeries(request: MetricSeriesRequest): Promise<MetricSeriesResponse>;

  /** One page of an estate list (`/v1/clusters`, `/v1/topics`, ...), filtered and sorted by the backend. */
  listEstate(
    list: EstateList,
    query?: EstateListQuery,
  ): Promise<EstateListResponse>;

  /**
   * The estate's totals: cost by cluster type, account, region and owner,
   * health counts, unowned assets, KPUs; with `owner`, of that owner's assets only.
   */
  getEstateSummary(query?: { owner?: string }): Promise<EstateSummaryResponse>;

  /** What each owner (or account, region, cluster type) is charged, with the basis of each share. */
  getChargeback(groupBy: ChargebackGroupBy): Promise<ChargebackResponse>;

  /** Right-sizing opportunities, largest monthly saving first. */
  getSavings(request?: SavingsRequest): Promise<SavingsResponse>;

  /** The estate's or an owner's cost per day, with the largest changes over the period. */
  getCostHistory(request: CostHistoryRequest): Promise<CostHistoryResponse>;

  /**
   * A list or the chargeback as CSV, read through the fetch API so the
   * user's Backstage token goes with it (a plain link would not carry it).
   */
  downloadEstateCsv(request: EstateCsvRequest): Promise<EstateCsvFile>;

  /**
   * What Cost Explorer billed for a cluster or application over the last 14
   * days beside its estimate, or why that is not shown (`state`). Rejects
   * with 403 when the caller may not see the asset's cost.
   */
  getActualCost(arn: string): Promise<AssetActualCost>;

  /** What Cost Explorer billed an owner (by the owner tag) last month beside its estimate, or why not. */
  getOwnerActualCost(owner: string): Promise<OwnerActualCost>;
}

/**
 * Shared by the legacy and the new frontend system, so both resolve the same client.
 *
 * @public
 */
export const streamingApiRef = createApiRef<StreamingApi>().with({
  id: 'plugin.streaming.api',
  pluginId: 'streaming',
});
