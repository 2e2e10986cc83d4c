import { createContext, useContext, type ReactNode } from 'react';
import MuiLink from '@material-ui/core/Link';
import { RouterLink } from '@backstage/frontend-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { useCatalogResourceLinks } from './useCatalogResourceLinks';

const CatalogResourceLinksContext = createContext<ReadonlyMap<
  string,
  string
> | null>(null);

/**
 * Asks the catalog once which of these assets have a Resource entity, for
 * every CatalogResourceLink below it.
 */
export function CatalogResourceLinksProvider(props: {
  arns: readonly string[];
  /** The entity being viewed, which needs no link to itself. */
  exclude?: string;
  children: ReactNode;
}) {
  const links = useCatalogResourceLinks(props.arns, props.exclude);
  return (
    <CatalogResourceLinksContext.Provider value={links}>
      {props.children}
    </CatalogResourceLinksContext.Provider>
  );
}

/**
 * An asset's name, linked to its Resource entity page when the catalog holds
 * one; plain text otherwise (or outside a CatalogResourceLinksProvider).
 */
export function CatalogResourceLink(props: {
  arn: string;
  children: ReactNode;
}) {
  const links = useContext(CatalogResourceLinksContext);
  const ref = links?.get(props.arn);
  if (!ref) return <>{props.children}</>;
  return <EntityPageLink entityRef={ref}>{props.children}</EntityPageLink>;
}

// Its own component: the entity route is resolved only for a name that links,
// so a view without the catalog's routes still renders its plain names.
function EntityPageLink(props: { entityRef: string; children: ReactNode }) {
  const entityLink = useEntityRefLink();
  return (
    <MuiLink component={RouterLink} href={entityLink(props.entityRef)}>
      {props.children}
    </MuiLink>
  );
}
