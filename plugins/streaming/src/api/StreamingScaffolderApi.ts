import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CostEstimateAnswer,
  CostProposal,
  ScaffolderCluster,
} from '@backstage-streaming/plugin-streaming-common';

/**
 * What the scaffolder form fields ask the streaming backend: the price of a
 * proposed asset and the clusters a new topic can go to.
 *
 * @public
 */
export interface StreamingScaffolderApi {
  /** `POST /v1/estimate`: the monthly estimate of a proposed cluster, topic or Flink application, from the estate's cost rules. */
  estimateCost(proposal: CostProposal): Promise<CostEstimateAnswer>;
  /** `GET /v1/scaffolder/clusters`: clusters the user may read that have the MSK topic APIs, with their partition budget. */
  listScaffolderClusters(): Promise<ScaffolderCluster[]>;
}

/**
 * Implemented by StreamingClient; a ref of its own so the scaffolder fields do
 * not widen StreamingApi.
 *
 * @public
 */
export const streamingScaffolderApiRef =
  createApiRef<StreamingScaffolderApi>().with({
    id: 'plugin.streaming.scaffolder',
    pluginId: 'streaming',
  });
