/**
 * Catalog annotations that attach streaming assets to an entity.
 *
 * Every value is a comma-separated list so that one service can own several
 * clusters, topics or applications.
 */

/** Comma-separated MSK cluster ARNs. */
export const ANNOTATION_MSK_CLUSTER_ARN = 'aws.amazon.com/amazon-msk-cluster-arn';

/**
 * Comma-separated Kafka topics: a topic ARN, or `<cluster-name>/<topic>` when
 * that cluster name is unique across every configured account and region.
 */
export const ANNOTATION_MSK_TOPICS = 'aws.amazon.com/amazon-msk-topics';

/** Comma-separated Managed Service for Apache Flink application ARNs. */
export const ANNOTATION_FLINK_APPLICATION_ARN =
  'aws.amazon.com/amazon-managed-flink-application-arn';

/** Every annotation this plugin family reads. */
export const STREAMING_ANNOTATIONS = [
  ANNOTATION_MSK_CLUSTER_ARN,
  ANNOTATION_MSK_TOPICS,
  ANNOTATION_FLINK_APPLICATION_ARN,
] as const;

/** Minimal entity shape, so this package works for frontend and backend callers alike. */
export interface AnnotatedEntity {
  metadata: { annotations?: Record<string, string | undefined> };
}

/** True when the entity carries at least one streaming annotation with a non-blank value. */
export function hasStreamingAnnotations(entity: AnnotatedEntity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return STREAMING_ANNOTATIONS.some(key => (annotations[key] ?? '').trim() !== '');
}

/** Splits a comma-separated annotation value, dropping blanks around and between entries. */
export function splitAnnotationValue(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  return value
    .split(',')
    .map(part => part.trim())
    .filter(part => part.length > 0);
}
