import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  CHARGEBACK_GROUP_BY,
  ChargebackGroupBy,
  ChargebackResponse,
  CostEstimateAnswer,
  costEstimateSchema,
  AssetActualCost,
  OwnerActualCost,
  CostHistoryResponse,
  CostProposal,
  ESTATE_LISTS,
  EntityStreamingResponse,
  EstateList,
  EstateListQuery,
  EstateListResponse,
  EstateSummaryResponse,
  SavingsResponse,
  entityStreamingResponseSchema,
  ScaffolderCluster,
  scaffolderClustersResponseSchema,
  isMetricRange,
  METRIC_RANGE_IDS,
  MetricSeriesResponse,
  metricSeriesResponseSchema,
  SHARED_ESTIMATES_PARAM,
  unpackEntityAnswer,
} from '@backstage-streaming/plugin-streaming-common';
import type {
  CostHistoryRequest,
  EstateCsvFile,
  EstateCsvRequest,
  MetricSeriesRequest,
  SavingsRequest,
  StreamingApi,
} from './StreamingApi';
import type { StreamingScaffolderApi } from './StreamingScaffolderApi';

/**
 * The query string of an estate list: only the parameters that are set, so a
 * shared URL and the request say the same thing.
 */
export function estateListParams(query: EstateListQuery = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'unowned' && value === false) continue;
    params.set(key, String(value));
  }
  return params;
}

function checkList(list: string): asserts list is EstateList {
  if (!Object.prototype.hasOwnProperty.call(ESTATE_LISTS, list)) {
    throw new TypeError(
      `list must be one of ${Object.keys(ESTATE_LISTS).join(
        ', ',
      )}, got '${list}'`,
    );
  }
}

function checkGroupBy(groupBy: string): asserts groupBy is ChargebackGroupBy {
  if (!(CHARGEBACK_GROUP_BY as readonly string[]).includes(groupBy)) {
    throw new TypeError(
      `groupBy must be one of ${CHARGEBACK_GROUP_BY.join(
        ', ',
      )}, got '${groupBy}'`,
    );
  }
}

/** `attachment; filename="topics.csv"` → `topics.csv`. */
function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match ? decodeURIComponent(match[1]) : fallback;
}

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
    // Packed: each cost estimate that several assets carry comes once.
    const body = await this.get(
      `/v1/entity/${path}?${SHARED_ESTIMATES_PARAM}=true`,
    );
    return parseAnswer(
      entityStreamingResponseSchema,
      unpackEntityAnswer(body),
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

  async listEstate(
    list: EstateList,
    query: EstateListQuery = {},
  ): Promise<EstateListResponse> {
    checkList(list);
    const params = estateListParams(query);
    const search = params.toString();
    return (await this.get(
      `/v1/${list}${search ? `?${search}` : ''}`,
    )) as EstateListResponse;
  }

  async getEstateSummary(
    query: { owner?: string } = {},
  ): Promise<EstateSummaryResponse> {
    const search = query.owner
      ? `?${new URLSearchParams({ owner: query.owner })}`
      : '';
    return (await this.get(`/v1/summary${search}`)) as EstateSummaryResponse;
  }

  async getChargeback(groupBy: ChargebackGroupBy): Promise<ChargebackResponse> {
    checkGroupBy(groupBy);
    return (await this.get(
      `/v1/chargeback?${new URLSearchParams({ groupBy })}`,
    )) as ChargebackResponse;
  }

  async getSavings(request: SavingsRequest = {}): Promise<SavingsResponse> {
    const params = estateListParams(request);
    const search = params.toString();
    return (await this.get(
      `/v1/savings${search ? `?${search}` : ''}`,
    )) as SavingsResponse;
  }

  async getCostHistory(
    request: CostHistoryRequest,
  ): Promise<CostHistoryResponse> {
    const { scope, key, days } = request;
    if (scope === 'owner' && !key) {
      throw new TypeError('An owner cost history needs the owner ref as key');
    }
    const params = new URLSearchParams({ scope, days: String(days) });
    if (key) params.set('key', key);
    return (await this.get(`/v1/history?${params}`)) as CostHistoryResponse;
  }

  async getActualCost(arn: string): Promise<AssetActualCost> {
    return (await this.get(
      `/v1/actual-cost?${new URLSearchParams({ arn })}`,
    )) as AssetActualCost;
  }

  async getOwnerActualCost(owner: string): Promise<OwnerActualCost> {
    return (await this.get(
      `/v1/actual-cost/owner?${new URLSearchParams({ owner })}`,
    )) as OwnerActualCost;
  }

  async downloadEstateCsv(request: EstateCsvRequest): Promise<EstateCsvFile> {
    let path: string;
    let fallback: string;
    if ('chargeback' in request) {
      checkGroupBy(request.chargeback);
      const params = new URLSearchParams({
        groupBy: request.chargeback,
        format: 'csv',
      });
      path = `/v1/chargeback?${params}`;
      fallback = `chargeback-by-${request.chargeback}.csv`;
    } else {
      checkList(request.list);
      // The whole view, not one page: the backend streams every matching row.
      const { cursor: _cursor, limit: _limit, ...query } = request.query;
      const params = estateListParams(query);
      params.set('format', 'csv');
      path = `/v1/${request.list}?${params}`;
      fallback = `${request.list}.csv`;
    }
    const response = await this.fetch(path, {
      headers: { Accept: 'text/csv' },
    });
    return {
      blob: await response.blob(),
      fileName: fileNameOf(response, fallback),
    };
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
    const response = await this.fetch(path, init);
    return response.json();
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('streaming');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
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
