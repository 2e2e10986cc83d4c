import { parseStreamingArn } from '../arn';

/** The catalog's limit on metadata.name (catalog-model's KubernetesValidatorFunctions.isValidObjectName). */
const MAX_NAME_LENGTH = 63;
/** Hex digits of the ARN hash: 40 bits, so two assets with the same readable name never meet in practice. */
const HASH_LENGTH = 10;

/**
 * The catalog entity name of a streaming asset: its readable name (cluster,
 * topic, consumer group or application name), made valid and truncated, plus a
 * short hash of its ARN. The hash keeps names unique where readable names are
 * not (a cluster name in several accounts or regions, one topic name on
 * several clusters, names that differ only beyond the 63-character limit) and
 * keeps them stable: the same ARN always gives the same name.
 *
 * The provider names its Resource entities with this, and everything that
 * links to them (the processor's relations, the frontend's links) calls it
 * too, so the names cannot drift apart. Pure and synchronous, so browsers can
 * use it.
 */
export function streamingEntityName(arn: string): string {
  const hash = arnHash(arn.trim());
  const readable = toNameCharacters(readableNameOf(arn)).slice(
    0,
    MAX_NAME_LENGTH - HASH_LENGTH - 1,
  );
  // Truncation may leave a separator at the end; the name must end alphanumeric.
  const trimmed = readable.replace(/[-_.]+$/, '');
  return trimmed ? `${trimmed}-${hash}` : hash;
}

/** The entity ref of a streaming asset's Resource, e.g. `resource:default/orders-3f2a9c01bd`. */
export function streamingEntityRef(arn: string, namespace = 'default'): string {
  return `resource:${namespace}/${streamingEntityName(arn)}`;
}

function readableNameOf(arn: string): string {
  const parsed = parseStreamingArn(arn);
  if (!parsed) {
    // Not an ARN we know: its last path segment is the most readable part.
    return arn.split(/[/:]/).pop() ?? '';
  }
  switch (parsed.kind) {
    case 'kafka-cluster':
      return parsed.clusterName;
    case 'kafka-topic':
      return parsed.topicName;
    case 'consumer-group':
      return parsed.groupName;
    default:
      return parsed.applicationName;
  }
}

/**
 * Lower-cases and keeps what the catalog allows ([a-z0-9] with `-`, `_`, `.`
 * between): anything else becomes `-`, runs of separators collapse into one,
 * and separators at the start go.
 */
function toNameCharacters(name: string): string {
  return name
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[-_.]{2,}/g, match => match[0])
    .replace(/^[-_.]+/, '');
}

/**
 * 40 bits of two FNV-1a 32-bit hashes (different offset bases) of the UTF-16
 * code units, in hex. Not cryptographic: it only has to spread ARNs evenly,
 * and it needs no crypto API, so the browser and Node give the same result.
 */
function arnHash(arn: string): string {
  const fnv = (seed: number) => {
    let hash = seed >>> 0;
    for (let i = 0; i < arn.length; i++) {
      hash ^= arn.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  };
  return (fnv(0x811c9dc5) + fnv(0x050c5d1f)).slice(0, HASH_LENGTH);
}
