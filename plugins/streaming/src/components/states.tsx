import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import { EmptyState, WarningPanel } from '@backstage/core-components';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import {
  EntityStreamingResponse,
  STREAMING_ANNOTATIONS,
} from '@backstage-streaming/plugin-streaming-common';
import { describeEntityError } from './errors';
import { formatTime } from './format';

/**
 * The states every view shares, each with its own words so a reader can tell
 * them apart: loading, no annotations, not refreshed yet, nothing found,
 * stale, and the backend not answering.
 */

const useStyles = makeStyles((theme: Theme) => ({
  skeleton: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
}));

/** Placeholders shaped like the content, while it loads. */
export function StreamingSkeleton(props: { rows?: number }) {
  const classes = useStyles();
  const rows = props.rows ?? 3;
  return (
    <div
      className={classes.skeleton}
      role="progressbar"
      aria-busy="true"
      aria-label="Loading streaming data"
    >
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} variant="rect" height={index === 0 ? 40 : 72} />
      ))}
    </div>
  );
}

/** The entity has none of our annotations: which ones to add, as Backstage's own plugins say it. */
export function NoStreamingAnnotations() {
  return (
    <>
      <MissingAnnotationEmptyState annotation={[...STREAMING_ANNOTATIONS]} />
      <Typography variant="body2" color="textSecondary">
        Any one of these annotations is enough. Each takes a comma-separated
        list, for example{' '}
        <code>
          aws.amazon.com/amazon-msk-cluster-arn:
          arn:aws:kafka:us-east-1:123456789012:cluster/orders/…
        </code>{' '}
        or <code>aws.amazon.com/amazon-msk-topics: orders/orders.created</code>.
      </Typography>
    </>
  );
}

export function NotRefreshedPanel() {
  return (
    <WarningPanel
      severity="info"
      title="Streaming inventory not refreshed yet"
      message="The backend has not finished its first look at the configured AWS accounts. Clusters, topics and Flink applications appear here once it has; reload the page in a minute."
      defaultExpanded
    />
  );
}

export function NoAssetsFound() {
  return (
    <EmptyState
      missing="data"
      title="No streaming assets found"
      description="None of the clusters, topics or Flink applications named in this entity's annotations were found by the latest inventory refresh. Check the annotation values against the AWS accounts and regions Backstage Streaming is configured for."
    />
  );
}

/** Some assets are the last known state because their account's latest refresh failed. */
export function StaleNotice(props: { response: EntityStreamingResponse }) {
  const { response } = props;
  const stale = [
    ...response.clusters,
    ...response.topics,
    ...response.applications,
    ...(response.consumerGroups ?? []),
  ].filter(asset => asset.stale);
  if (stale.length === 0) return null;
  const oldest = stale
    .map(asset => asset.refreshedAt)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return (
    <WarningPanel
      severity="info"
      title={`Stale data: ${stale.length} ${
        stale.length === 1 ? 'asset shows' : 'assets show'
      } the last known state`}
      message={`The latest refresh of their AWS account and region failed, so they show what was seen last, as early as ${formatTime(
        oldest,
      )}: ${stale.map(asset => asset.name).join(', ')}.`}
    />
  );
}

/** The entity request failed; each cause has its own title. */
export function LoadErrorPanel(props: { error: Error }) {
  const problem = describeEntityError(props.error);
  return (
    <WarningPanel
      severity="error"
      title={problem.title}
      message={problem.detail}
      defaultExpanded
    />
  );
}

export function RefreshedAt(props: { response: EntityStreamingResponse }) {
  const { inventoryRefreshedAt } = props.response;
  if (!inventoryRefreshedAt) return null;
  return (
    <Typography variant="body2" color="textSecondary">
      Inventory refreshed {formatTime(inventoryRefreshedAt)}
    </Typography>
  );
}
