import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { RouterLink } from '@backstage/frontend-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { formatOwner, formatOwnerOrClaims } from '../format';

/** An owner, linked to its group's page; `unknown` (with claims) when nobody owns it. */
export function OwnerLink(props: {
  owner: string | null;
  claimedBy?: string[];
}) {
  const entityLink = useEntityRefLink();
  if (!props.owner) {
    return (
      <Typography variant="body2" component="span" color="textSecondary">
        {formatOwnerOrClaims(null, props.claimedBy)}
      </Typography>
    );
  }
  return (
    <MuiLink component={RouterLink} href={entityLink(props.owner)}>
      {formatOwner(props.owner)}
    </MuiLink>
  );
}

const SHOWN_ENTITIES = 3;

/** The entities whose annotations attach an asset, each linked to its page. */
export function AttachedEntities(props: { entityRefs: string[] }) {
  const entityLink = useEntityRefLink();
  const { entityRefs } = props;
  if (entityRefs.length === 0) return null;
  const shown = entityRefs.slice(0, SHOWN_ENTITIES);
  return (
    <Typography variant="caption" component="div" color="textSecondary">
      Used by{' '}
      {shown.map((ref, index) => (
        <span key={ref}>
          {index > 0 && ', '}
          <MuiLink component={RouterLink} href={entityLink(ref)}>
            {formatOwner(ref)}
          </MuiLink>
        </span>
      ))}
      {entityRefs.length > SHOWN_ENTITIES &&
        ` and ${entityRefs.length - SHOWN_ENTITIES} more`}
    </Typography>
  );
}
