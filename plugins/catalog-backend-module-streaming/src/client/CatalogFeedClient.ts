import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AssetType,
  CatalogFeedPage,
  catalogFeedAttachmentsSchema,
  catalogFeedPageSchema,
  CatalogFeedState,
  catalogFeedStateSchema,
} from '@backstage-streaming/plugin-streaming-common';
import { z } from 'zod';

/** What the provider and processor read from the streaming backend. */
export interface CatalogFeed {
  getState(): Promise<CatalogFeedState>;
  getPage(query: {
    after?: string;
    limit: number;
    assetTypes: AssetType[];
    accountIds: string[];
    regions: string[];
    flinkTopicKeys: string[];
  }): Promise<CatalogFeedPage>;
  /** The ARNs of the live assets an entity's annotations attach. */
  getAttachedArns(entityRef: string): Promise<string[]>;
}

/**
 * Reads the streaming backend's internal catalog feed with the catalog's own
 * service credentials (a token for the streaming plugin), found through
 * discovery: the catalog never calls AWS.
 */
export class CatalogFeedClient implements CatalogFeed {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async getState(): Promise<CatalogFeedState> {
    return this.get('state', {}, catalogFeedStateSchema);
  }

  async getPage(query: Parameters<CatalogFeed['getPage']>[0]) {
    return this.get(
      'assets',
      {
        ...(query.after ? { after: query.after } : {}),
        limit: String(query.limit),
        assetTypes: query.assetTypes.join(','),
        accountIds: query.accountIds.join(','),
        regions: query.regions.join(','),
        flinkTopicKeys: query.flinkTopicKeys.join(','),
      },
      catalogFeedPageSchema,
    );
  }

  async getAttachedArns(entityRef: string): Promise<string[]> {
    const body = await this.get(
      'attachments',
      { entityRef },
      catalogFeedAttachmentsSchema,
    );
    return body.arns;
  }

  private async get<T extends z.ZodTypeAny>(
    path: string,
    query: Record<string, string>,
    schema: T,
  ): Promise<z.infer<T>> {
    const baseUrl = await this.discovery.getBaseUrl('streaming');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'streaming',
    });
    const search = new URLSearchParams(
      Object.entries(query).filter(([, value]) => value !== ''),
    );
    const response = await fetch(
      `${baseUrl}/v1/internal/catalog/${path}${
        search.size ? `?${search}` : ''
      }`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return schema.parse(await response.json());
  }
}
