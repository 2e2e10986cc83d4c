import type { ReactNode } from 'react';
import Chip from '@material-ui/core/Chip';
import Divider from '@material-ui/core/Divider';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import HistoryIcon from '@material-ui/icons/History';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import type { StreamingAsset } from '@backstage-streaming/plugin-streaming-common';
import { StreamingHealthStatus } from '../StreamingHealthStatus';
import { formatOwnerOrClaims, formatTime } from '../format';
import { CatalogResourceLink } from '../catalogLinks';

const useStyles = makeStyles((theme: Theme) => ({
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  },
  badges: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))',
    gap: theme.spacing(1.5, 2),
    margin: 0,
  },
  fact: { minWidth: 0, overflowWrap: 'anywhere' },
  term: {
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
  },
  definition: { margin: 0 },
  meter: { marginTop: theme.spacing(0.5) },
}));

/** A labelled fact; `null` values are left out so absent data never reads as zero. */
export interface Fact {
  label: string;
  value: ReactNode | null | undefined;
}

export function Facts(props: { facts: Fact[]; label: string }) {
  const { facts, label } = props;
  const classes = useStyles();
  const shown = facts.filter(
    fact => fact.value !== null && fact.value !== undefined,
  );
  return (
    <dl className={classes.facts} aria-label={label}>
      {shown.map(fact => (
        <div key={fact.label} className={classes.fact}>
          <dt className={classes.term}>{fact.label}</dt>
          <dd className={classes.definition}>
            <Typography variant="body2" component="span">
              {fact.value}
            </Typography>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A value against a limit, in words first and as a bar second. */
export function Meter(props: {
  value: number;
  limit: number;
  text: string;
  label: string;
}) {
  const { value, limit, text, label } = props;
  const classes = useStyles();
  const percent = limit > 0 ? Math.min(100, (value / limit) * 100) : 0;
  return (
    <>
      {text}
      <LinearProgress
        className={classes.meter}
        variant="determinate"
        value={percent}
        color={value > limit ? 'secondary' : 'primary'}
        aria-label={label}
        aria-valuetext={text}
      />
    </>
  );
}

export function SubHeading(props: { children: ReactNode }) {
  return (
    <Typography variant="subtitle1" component="h3">
      {props.children}
    </Typography>
  );
}

/** The asset's card on the Streaming tab: who owns it, how healthy and how fresh it is, then its sections. */
export function AssetSection(props: {
  asset: StreamingAsset;
  typeLabel: string;
  children: ReactNode;
}) {
  const { asset, typeLabel, children } = props;
  const classes = useStyles();
  return (
    <InfoCard
      title={
        <CatalogResourceLink arn={asset.arn}>{asset.name}</CatalogResourceLink>
      }
      subheader={`${typeLabel} · ${asset.region} · account ${asset.accountId}`}
    >
      <div className={classes.body}>
        <div className={classes.badges}>
          <StreamingHealthStatus status={asset.health.status} />
          <Typography variant="body2">
            Owner: {formatOwnerOrClaims(asset.owner, asset.claimedBy)}
          </Typography>
          {asset.stale && (
            <Chip
              size="small"
              variant="outlined"
              icon={<HistoryIcon />}
              label={`stale · last refreshed ${formatTime(asset.refreshedAt)}`}
            />
          )}
          {asset.gone && (
            <Chip
              size="small"
              variant="outlined"
              icon={<DeleteOutlineIcon />}
              label="gone from AWS"
            />
          )}
        </div>
        {asset.gone && (
          <Alert severity="warning">
            {asset.name} was not in the latest listing of account{' '}
            {asset.accountId} in {asset.region}
            {asset.lastSeenAt
              ? `; it was last seen ${formatTime(asset.lastSeenAt)}`
              : ''}
            . It was deleted or renamed in AWS and is kept here until purged:
            remove it from this entity's annotations if it is gone for good.
          </Alert>
        )}
        {asset.stale && !asset.gone && (
          <Alert severity="info">
            The latest refresh of account {asset.accountId} in {asset.region}{' '}
            failed; this is the state last refreshed{' '}
            {formatTime(asset.refreshedAt)}.
          </Alert>
        )}
        {children}
      </div>
    </InfoCard>
  );
}

export function SectionDivider() {
  return <Divider />;
}
