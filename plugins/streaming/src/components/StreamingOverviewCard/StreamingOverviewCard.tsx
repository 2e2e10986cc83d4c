import { useMemo } from 'react';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityStreamingResponse } from '@backstage-streaming/plugin-streaming-common';
import { StreamingHealthStatus } from '../StreamingHealthStatus';
import { AssetRow, SEVERITY_RANK, toAssetRows } from './assetRows';
import { StreamingProblemsPanel } from './StreamingProblemsPanel';
import { useEntityStreaming } from './useEntityStreaming';

const useStyles = makeStyles((theme: Theme) => ({
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  },
  name: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    overflowWrap: 'break-word',
  },
  facts: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
}));

function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}

function StaleChip(props: { row: AssetRow }) {
  const { row } = props;
  return (
    <Tooltip
      title={`The latest refresh of account ${row.accountId} in ${
        row.region
      } failed; this is the state last seen at ${formatTime(row.refreshedAt)}.`}
    >
      <Chip label="stale" size="small" variant="outlined" />
    </Tooltip>
  );
}

function AssetName(props: { row: AssetRow }) {
  const { row } = props;
  const classes = useStyles();
  return (
    <>
      <span className={classes.name}>
        <Typography variant="body2" component="span" title={row.id}>
          {row.name}
        </Typography>
        {row.stale && <StaleChip row={row} />}
      </span>
      <Typography variant="caption" color="textSecondary">
        {row.typeLabel}
      </Typography>
    </>
  );
}

function AssetFacts(props: { row: AssetRow }) {
  const { row } = props;
  const classes = useStyles();
  return (
    <ul className={classes.facts}>
      {row.facts.map(fact => (
        <Typography key={fact.label} component="li" variant="body2">
          {fact.label}: {fact.value}
        </Typography>
      ))}
    </ul>
  );
}

// Widths are explicit: material-table would otherwise split the card evenly
// and squeeze the facts. Health sits right after what the asset is.
const columns: TableColumn<AssetRow>[] = [
  {
    title: 'Asset',
    field: 'name',
    width: '25%',
    render: row => <AssetName row={row} />,
  },
  {
    title: 'Health',
    field: 'health',
    width: '30%',
    customSort: (a, b) => SEVERITY_RANK[a.health] - SEVERITY_RANK[b.health],
    render: row => (
      <>
        <StreamingHealthStatus status={row.health} />
        {row.topFinding && (
          <Typography variant="caption" component="p" color="textSecondary">
            {row.topFinding.message}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Details',
    sorting: false,
    width: '30%',
    render: row => <AssetFacts row={row} />,
  },
  {
    title: 'Region / account',
    field: 'region',
    width: '15%',
    render: row => (
      <>
        <Typography variant="body2">{row.region}</Typography>
        <Typography variant="caption" color="textSecondary">
          {row.accountId}
        </Typography>
      </>
    ),
  },
];

function StreamingAssets(props: { response: EntityStreamingResponse }) {
  const { response } = props;
  const rows = useMemo(() => toAssetRows(response), [response]);
  const notRefreshed = response.inventoryRefreshedAt === null;
  const classes = useStyles();

  return (
    <div className={classes.stack}>
      {response.problems.length > 0 && (
        <StreamingProblemsPanel problems={response.problems} />
      )}
      {notRefreshed && (
        <WarningPanel
          severity="info"
          title="Streaming inventory not refreshed yet"
          message="The backend has not finished its first look at the configured AWS accounts. Clusters, topics and Flink applications appear here once it has; reload the page in a minute."
          defaultExpanded
        />
      )}
      {rows.length > 0 && (
        <Table<AssetRow>
          columns={columns}
          data={rows}
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          style={{ boxShadow: 'none' }}
        />
      )}
      {rows.length === 0 && !notRefreshed && (
        <EmptyState
          missing="data"
          title="No streaming assets found"
          description="None of the clusters, topics or Flink applications named in this entity's annotations were found by the latest inventory refresh. Check the annotation values against the AWS accounts and regions Backstage Streaming is configured for."
        />
      )}
    </div>
  );
}

/**
 * The MSK clusters, topics and Managed Flink applications of the current
 * catalog entity, with their health.
 *
 * @public
 */
export function StreamingOverviewCard() {
  const { entity } = useEntity();
  const state = useEntityStreaming(getCompoundEntityRef(entity));

  const subheader =
    state.status === 'loaded' && state.value.inventoryRefreshedAt
      ? `Amazon MSK and Managed Service for Apache Flink · inventory refreshed ${formatTime(
          state.value.inventoryRefreshedAt,
        )}`
      : 'Amazon MSK and Managed Service for Apache Flink';

  return (
    <InfoCard title="Streaming" subheader={subheader}>
      {state.status === 'loading' && <Progress />}
      {state.status === 'error' && (
        <ResponseErrorPanel
          title={`Could not load streaming data: ${state.error.message}`}
          error={state.error}
        />
      )}
      {state.status === 'loaded' && <StreamingAssets response={state.value} />}
    </InfoCard>
  );
}
