/**
 * Catalog annotations that attach streaming assets to an entity.
 *
 * Every value is a comma-separated list so that one service can own several
 * clusters, topics or applications.
 */

/** Comma-separated MSK cluster ARNs. */
export const ANNOTATION_MSK_CLUSTER_ARN =
  'aws.amazon.com/amazon-msk-cluster-arn';

/**
 * Comma-separated Kafka topics: a topic ARN, or `<cluster-name>/<topic>` when
 * that cluster name is unique across every configured account and region.
 */
export const ANNOTATION_MSK_TOPICS = 'aws.amazon.com/amazon-msk-topics';

/** Comma-separated Managed Service for Apache Flink application ARNs. */
export const ANNOTATION_FLINK_APPLICATION_ARN =
  'aws.amazon.com/amazon-managed-flink-application-arn';

/**
 * Attaches every MSK cluster carrying all these tags:
 * `key=value,key2=value2` (each entry split on its first `=`).
 */
export const ANNOTATION_MSK_TAGS = 'aws.amazon.com/amazon-msk-tags';

/** Attaches every Managed Flink application carrying all these tags, as for MSK. */
export const ANNOTATION_FLINK_TAGS = 'aws.amazon.com/amazon-managed-flink-tags';

/**
 * Comma-separated consumer groups as `<cluster-name>/<group>` (split on the
 * first `/`), or consumer-group ARNs.
 */
export const ANNOTATION_MSK_CONSUMER_GROUPS =
  'aws.amazon.com/amazon-msk-consumer-groups';

/** Every annotation this plugin family reads. */
export const STREAMING_ANNOTATIONS = [
  ANNOTATION_MSK_CLUSTER_ARN,
  ANNOTATION_MSK_TOPICS,
  ANNOTATION_MSK_CONSUMER_GROUPS,
  ANNOTATION_FLINK_APPLICATION_ARN,
  ANNOTATION_MSK_TAGS,
  ANNOTATION_FLINK_TAGS,
] as const;

/** Minimal entity shape, so this package works for frontend and backend callers alike. */
export interface AnnotatedEntity {
  metadata: { annotations?: Record<string, string | undefined> };
}

/** True when the entity carries at least one streaming annotation with a non-blank value. */
export function hasStreamingAnnotations(entity: AnnotatedEntity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return STREAMING_ANNOTATIONS.some(
    key => (annotations[key] ?? '').trim() !== '',
  );
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

/**
 * Parses a tag-selector annotation (`key=value,key2=value2`). Each entry is
 * split on its first `=`, so values may contain `=`. Returns the entries that
 * are malformed separately, so the caller can report them.
 */
export function parseTagSelector(value: string | undefined): {
  tags: Record<string, string>;
  malformed: string[];
} {
  const tags: Record<string, string> = {};
  const malformed: string[] = [];
  for (const entry of splitAnnotationValue(value)) {
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (!key) {
      malformed.push(entry);
      continue;
    }
    tags[key] = entry.slice(eq + 1).trim();
  }
  return { tags, malformed };
}

/** True when `tags` carries every key of `selector` with the same value. */
export function matchesTagSelector(
  tags: Record<string, string>,
  selector: Record<string, string>,
): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every(key => tags[key] === selector[key]);
}
