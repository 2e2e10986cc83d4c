import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  AssetType,
  hasStreamingAnnotations,
  isStreamingProviderEntity,
  parseStreamingArn,
  streamingEntityName,
} from '@backstage-streaming/plugin-streaming-common';
import { CatalogFeed } from '../client/CatalogFeedClient';

/**
 * The refresh key of every entity the processor relates: the provider asks
 * the catalog to re-process them after each inventory change, so relations
 * follow a refresh without waiting for the catalog's own processing loop.
 */
export const STREAMING_ATTACHMENTS_REFRESH_KEY = 'streaming:attachments';

/**
 * Gives every entity whose streaming annotations attach assets a `dependsOn`
 * relation to each asset's Resource (and the matching `dependencyOf`), so a
 * component's "Depends on resources" card and the catalog graph show them.
 *
 * The attachments come from the streaming backend, which resolved them at
 * its last refresh, rather than from the annotations here: prefixes
 * (`cluster/orders.*`), `<cluster-name>/<topic>` entries and tag selectors
 * need the whole inventory to resolve, and resolving them twice would let the
 * entity page and the catalog disagree about what an entity attaches.
 *
 * The provider's own Resources are skipped: they stand for their asset and
 * would otherwise depend on themselves.
 */
export class StreamingRelationsProcessor implements CatalogProcessor {
  constructor(
    private readonly options: {
      feed: CatalogFeed;
      logger: LoggerService;
      /** Asset types the provider ingests: no relation points at a Resource that is never written. */
      assetTypes: AssetType[];
    },
  ) {}

  getProcessorName(): string {
    return 'StreamingRelationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (isStreamingProviderEntity(entity) || !hasStreamingAnnotations(entity)) {
      return entity;
    }
    const self = getCompoundEntityRef(entity);
    emit(processingResult.refresh(STREAMING_ATTACHMENTS_REFRESH_KEY));
    // A failure is thrown: the catalog then keeps the entity's previous
    // relations and shows the error, rather than dropping them.
    const arns = await this.options.feed.getAttachedArns(
      stringifyEntityRef(self),
    );
    for (const arn of arns) {
      const kind = parseStreamingArn(arn)?.kind;
      if (!kind || !this.options.assetTypes.includes(kind)) continue;
      const target = {
        kind: 'Resource',
        namespace: 'default',
        name: streamingEntityName(arn),
      };
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_DEPENDS_ON,
          target,
        }),
      );
      emit(
        processingResult.relation({
          source: target,
          type: RELATION_DEPENDENCY_OF,
          target: self,
        }),
      );
    }
    return entity;
  }
}
