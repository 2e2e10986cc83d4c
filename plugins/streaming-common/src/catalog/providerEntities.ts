import { AnnotatedEntity } from '../annotations';
import { parseStreamingArn } from '../arn';

/**
 * Annotations on the Resource entities the streaming entity provider writes
 * (docs/catalog.md). The attachment annotations (annotations.ts) are set too,
 * so the Streaming card and tab show the asset on its own Resource page.
 */
export const ANNOTATION_STREAMING_ARN = 'aws.amazon.com/arn';
export const ANNOTATION_STREAMING_ACCOUNT_ID = 'aws.amazon.com/account-id';
export const ANNOTATION_STREAMING_REGION = 'aws.amazon.com/region';
export const ANNOTATION_STREAMING_CLUSTER_TYPE =
  'aws.amazon.com/amazon-msk-cluster-type';
/** `true` on an entity given the default owner because the inventory knows no owner. */
export const ANNOTATION_STREAMING_UNOWNED = 'streaming.backstage.io/unowned';

/** The provider's location key, also the prefix of its managed-by-location annotation. */
export const STREAMING_PROVIDER_LOCATION = 'streaming-provider:default';

/**
 * True for an entity the streaming entity provider wrote. Such entities carry
 * attachment annotations for their own asset, yet must not attach it in the
 * sense of ownership claims or relations: they would claim their own asset
 * and depend on themselves.
 */
export function isStreamingProviderEntity(entity: AnnotatedEntity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations['backstage.io/managed-by-location'] ===
    STREAMING_PROVIDER_LOCATION
  );
}

/**
 * The streaming asset a Resource entity stands for (its ARN annotation), or
 * undefined when it has none or the ARN is not an MSK or Managed Flink one
 * (other AWS plugins may use the same annotation for other resources).
 */
export function streamingAssetArnOf(
  entity: AnnotatedEntity,
): string | undefined {
  const value = entity.metadata.annotations?.[ANNOTATION_STREAMING_ARN];
  return value && parseStreamingArn(value) ? value.trim() : undefined;
}
