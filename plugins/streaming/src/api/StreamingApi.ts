import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EntityStreamingResponse,
  MetricRange,
  MetricSeriesResponse,
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
