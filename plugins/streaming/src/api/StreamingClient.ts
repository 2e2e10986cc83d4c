import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  CostEstimateAnswer,
  costEstimateSchema,
  CostProposal,
  EntityStreamingResponse,
  entityStreamingResponseSchema,
  ScaffolderCluster,
  scaffolderClustersResponseSchema,
  isMetricRange,
  METRIC_RANGE_IDS,
  MetricSeriesResponse,
  metricSeriesResponseSchema,
} from '@backstage-streaming/plugin-streaming-common';
import type { MetricSeriesRequest, StreamingApi } from './StreamingApi';
import type { StreamingScaffolderApi } from './StreamingScaffolderApi';

/**
 * Default {@link StreamingApi} implementation, talking to the `streaming` backend plugin.
 *
 * @public
 */
export class StreamingClient implements StreamingApi, StreamingScaffolderApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityStreaming(
    entityRef: CompoundEntityRef,
  ): Promise<EntityStreamingResponse> {
    const { namespace, kind, name } = entityRef;
    if (!namespace || !kind || !name) {
      throw new TypeError(
        `Entity ref needs a namespace, kind and name, got ${JSON.stringify(
          entityRef,
        )}`,
      );
    }
    // Kinds are case-insensitive in Backstage; the lower-case form matches catalog URLs.
    const path = [namespace, kind.toLocaleLowerCase('en-US'), name]
      .map(encodeURIComponent)
      .join('/');
    const body = await this.get(`/v1/entity/${path}`);
    return parseAnswer(
      entityStreamingResponseSchema,
      body,
      `${kind}:${namespace}/${name}`,
    );
  }

  async getMetricSeries(
    request: MetricSeriesRequest,
  ): Promise<MetricSeriesResponse> {
    const { arn, metricId, range, entityRef } = request;
    if (!arn || !metricId || !entityRef) {
      throw new TypeError(
        `A metric series needs an arn, a metricId and an entityRef, got ${JSON.stringify(
          request,
        )}`,
      );
    }
    if (!isMetricRange(range)) {
      throw new TypeError(
        `range must be one of ${METRIC_RANGE_IDS.join(', ')}, got '${range}'`,
      );
    }
    const query = new URLSearchParams({
      arn,
      metric: metricId,
      range,
      entityRef,
    });
    const body = await this.get(`/v1/metrics?${query}`);
    return parseAnswer(
      metricSeriesResponseSchema,
      body,
      `${metricId} of ${arn}`,
    );
  }

  async estimateCost(proposal: CostProposal): Promise<CostEstimateAnswer> {
    const body = await this.get('/v1/estimate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(proposal),
    });
    return parseAnswer(
      costEstimateSchema,
      body,
      `the estimate of a ${proposal.kind}`,
    );
  }

  async listScaffolderClusters(): Promise<ScaffolderCluster[]> {
    const body = await this.get('/v1/scaffolder/clusters');
    return parseAnswer(
      scaffolderClustersResponseSchema,
      body,
      'the scaffolder clusters',
    ).clusters;
  }

  private async get(path: string, init?: RequestInit): Promise<unknown> {
    const baseUrl = await this.discoveryApi.getBaseUrl('streaming');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}

/** The part of a zod schema used here; the schemas come from streaming-common. */
interface AnswerSchema<T> {
  safeParse(body: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: {
          issues: Array<{ path: (string | number)[]; message: string }>;
        };
      };
}

/** Checks the answer against the shared schema, so a drifted backend fails here with the field at fault. */
function parseAnswer<T>(
  schema: AnswerSchema<T>,
  body: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `The streaming backend sent an unexpected answer for ${what}: ` +
        `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}
