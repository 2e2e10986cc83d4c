import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  EntityStreamingResponse,
  entityStreamingResponseSchema,
} from '@backstage-streaming/plugin-streaming-common';
import type { StreamingApi } from './StreamingApi';

/**
 * Default {@link StreamingApi} implementation, talking to the `streaming` backend plugin.
 *
 * @public
 */
export class StreamingClient implements StreamingApi {
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
    const parsed = entityStreamingResponseSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `The streaming backend sent an unexpected answer for ${kind}:${namespace}/${name}: ` +
          `${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
    }
    return parsed.data;
  }

  private async get(path: string): Promise<unknown> {
    const baseUrl = await this.discoveryApi.getBaseUrl('streaming');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
