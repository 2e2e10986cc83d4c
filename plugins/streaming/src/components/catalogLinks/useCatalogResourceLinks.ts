import { useEffect, useMemo, useState } from 'react';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { streamingEntityRef } from '@backstage-streaming/plugin-streaming-common';

/** Only what tells that an entity exists; the catalog sends nothing else. */
const EXISTENCE_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

const NO_LINKS: ReadonlyMap<string, string> = new Map();

/**
 * The Resource entity refs of those assets (by ARN) that the catalog holds,
 * as the catalog module ingests them (docs/catalog.md). The refs come from
 * streamingEntityRef, the function the entity provider names its entities
 * with, so no configuration is needed. One batched catalog request per set
 * of ARNs; while it runs, when it fails, or when the app has no catalog,
 * the map is empty and names stay plain text.
 *
 * `exclude` leaves out one entity ref: the page being viewed links nowhere.
 */
export function useCatalogResourceLinks(
  arns: readonly string[],
  exclude?: string,
): ReadonlyMap<string, string> {
  const catalogApi = useApiHolder().get(catalogApiRef);
  // A stable key, so a re-render with the same assets asks nothing again.
  const key = useMemo(() => [...new Set(arns)].sort().join('\n'), [arns]);
  const [links, setLinks] = useState<ReadonlyMap<string, string>>(NO_LINKS);

  useEffect(() => {
    const unique = key ? key.split('\n') : [];
    const refs = unique.map(arn => streamingEntityRef(arn));
    const wanted = unique
      .map((arn, index) => ({ arn, ref: refs[index] }))
      .filter(({ ref }) => ref !== exclude);
    setLinks(NO_LINKS);
    if (!catalogApi || wanted.length === 0) return undefined;

    let current = true;
    catalogApi
      .getEntitiesByRefs({
        entityRefs: wanted.map(({ ref }) => ref),
        fields: EXISTENCE_FIELDS,
      })
      .then(({ items }) => {
        if (!current) return;
        const found = new Map<string, string>();
        wanted.forEach(({ arn, ref }, index) => {
          if (items[index]) found.set(arn, ref);
        });
        setLinks(found);
      })
      .catch(() => {
        // Links are a convenience: without the catalog the names still show.
      });
    return () => {
      current = false;
    };
  }, [catalogApi, key, exclude]);

  return links;
}
