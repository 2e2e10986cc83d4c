import type { CostEstimateAnswer } from './scaffolderSchema';
import type { EntityStreamingResponse } from './schema';

/**
 * The query parameter (`sharedEstimates=true`) that asks the entity endpoint
 * for its packed answer (packEntityAnswer), which the entity page requests.
 *
 * @public
 */
export const SHARED_ESTIMATES_PARAM = 'sharedEstimates';

/**
 * The entity answer with each cost estimate that several assets carry
 * written once: `estimates` holds them, and such an asset's `cost` has
 * `estimateRef` (an index into `estimates`) instead of `estimate`.
 *
 * @public
 */
export type PackedEntityStreamingResponse = Omit<
  EntityStreamingResponse,
  'clusters' | 'topics' | 'applications' | 'consumerGroups'
> & {
  estimates: CostEstimateAnswer[];
  clusters: unknown[];
  topics: unknown[];
  applications: unknown[];
  consumerGroups?: unknown[];
};

const ASSET_LISTS = [
  'clusters',
  'topics',
  'applications',
  'consumerGroups',
] as const;

type CostCarrier = { cost?: { estimate?: unknown; estimateRef?: unknown } };

/**
 * Writes each estimate that more than one asset carries once. Every topic
 * of a provisioned cluster carries its cluster's whole estimate (the basis of
 * its share), so an entity attaching 200 topics of one cluster would send
 * the same estimate 200 times: most of the answer's bytes.
 *
 * @public
 */
export function packEntityAnswer(
  answer: EntityStreamingResponse,
): PackedEntityStreamingResponse {
  const keyOf = new Map<unknown, string>();
  const repeats = new Map<string, number>();
  for (const list of ASSET_LISTS) {
    for (const asset of (answer[list] ?? []) as CostCarrier[]) {
      const estimate = asset.cost?.estimate;
      if (!estimate) continue;
      const key = keyOf.get(estimate) ?? JSON.stringify(estimate);
      keyOf.set(estimate, key);
      repeats.set(key, (repeats.get(key) ?? 0) + 1);
    }
  }
  const estimates: CostEstimateAnswer[] = [];
  const refOf = new Map<string, number>();
  const pack = (asset: CostCarrier) => {
    const estimate = asset.cost?.estimate;
    if (!asset.cost || !estimate) return asset;
    const key = keyOf.get(estimate)!;
    if ((repeats.get(key) ?? 0) < 2) return asset;
    let ref = refOf.get(key);
    if (ref === undefined) {
      ref = estimates.push(estimate as CostEstimateAnswer) - 1;
      refOf.set(key, ref);
    }
    const { estimate: _shared, ...rest } = asset.cost;
    return { ...asset, cost: { ...rest, estimateRef: ref } };
  };
  return {
    ...answer,
    estimates,
    clusters: answer.clusters.map(pack),
    topics: answer.topics.map(pack),
    applications: answer.applications.map(pack),
    ...(answer.consumerGroups
      ? { consumerGroups: answer.consumerGroups.map(pack) }
      : {}),
  };
}

/**
 * The answer packEntityAnswer packed, as the entity endpoint gives it
 * without `sharedEstimates`; a body without `estimates` is returned as it
 * is. Throws on a reference to no estimate. The result is checked by the
 * caller (entityStreamingResponseSchema) like any answer.
 *
 * @public
 */
export function unpackEntityAnswer(body: unknown): unknown {
  if (!body || typeof body !== 'object' || !('estimates' in body)) {
    return body;
  }
  const { estimates, ...rest } = body as Record<string, unknown>;
  if (!Array.isArray(estimates)) {
    throw new TypeError('The entity answer has estimates that are not a list');
  }
  const unpack = (asset: unknown) => {
    const cost = (asset as CostCarrier | null)?.cost;
    if (!cost || !('estimateRef' in cost)) return asset;
    const { estimateRef, ...others } = cost;
    if (
      typeof estimateRef !== 'number' ||
      !Number.isInteger(estimateRef) ||
      estimateRef < 0 ||
      estimateRef >= estimates.length
    ) {
      throw new TypeError(
        `The entity answer refers to estimate ${String(
          estimateRef,
        )} of ${estimates.length}`,
      );
    }
    return {
      ...(asset as object),
      cost: { ...others, estimate: estimates[estimateRef] },
    };
  };
  const unpacked: Record<string, unknown> = { ...rest };
  for (const list of ASSET_LISTS) {
    const assets = rest[list];
    if (Array.isArray(assets)) unpacked[list] = assets.map(unpack);
  }
  return unpacked;
}
