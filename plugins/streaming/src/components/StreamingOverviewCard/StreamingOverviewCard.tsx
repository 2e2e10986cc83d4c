import { useMemo } from 'react';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityStreamingResponse } from '@backstage-streaming/plugin-streaming-common';
import { isStreamingAvailable } from '../../conditions';
import {
  formatBound,
  formatOwnerOrClaims,
  formatTime,
  formatUnitUsd,
  formatUsdPerMonth,
} from '../format';
import {
  LoadErrorPanel,
  NoAssetsFound,
  NoStreamingAnnotations,
  NotRefreshedPanel,
  StreamingSkeleton,
} from '../states';
import { StreamingHealthStatus } from '../StreamingHealthStatus';
import { useEntityStreaming } from '../useEntityStreaming';
import { AssetRow, SEVERITY_RANK, toAssetRows } from './assetRows';
import { StreamingProblemsPanel } from './StreamingProblemsPanel';
import {
  assetArnsOf,
  CatalogResourceLink,
  CatalogResourceLinksProvider,
} from '../catalogLinks';

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
  // Amounts wrap between lines, never inside "$746.76/month".
  money: { whiteSpace: 'nowrap' },
}));

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
          <CatalogResourceLink arn={row.id}>{row.name}</CatalogResourceLink>
        </Typography>
        {row.stale && <StaleChip row={row} />}
        {row.gone && (
          <Tooltip title="No longer in AWS: it was deleted or renamed, and is kept here until purged.">
            <Chip label="gone" size="small" variant="outlined" />
          </Tooltip>
        )}
      </span>
      <Typography variant="caption" color="textSecondary" component="p">
        {row.typeLabel}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        Owner: {formatOwnerOrClaims(row.owner, row.claimedBy)}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        <span title="Region">{row.region}</span> ·{' '}
        <span title="AWS account">{row.accountId}</span>
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

function AssetCostCell(props: { row: AssetRow }) {
  const { cost } = props.row;
  const classes = useStyles();
  if (!cost) {
    return (
      <Typography variant="body2" color="textSecondary">
        –
      </Typography>
    );
  }
  const bound = { lowerBound: !cost.complete, missing: cost.missing };
  const perGb = [
    cost.usdPerGbIn !== null &&
      formatBound(`${formatUnitUsd(cost.usdPerGbIn)}/GB in`, bound),
    cost.usdPerGbOut !== null &&
      formatBound(`${formatUnitUsd(cost.usdPerGbOut)}/GB out`, bound),
  ].filter((text): text is string => Boolean(text));
  return (
    <div className={classes.money}>
      <Typography variant="body2">
        {formatBound(formatUsdPerMonth(cost.monthlyUsd), bound)}
      </Typography>
      {cost.isShare && (
        <Typography variant="caption" color="textSecondary" component="p">
          {cost.isPlatformOverhead
            ? 'platform overhead of its cluster (internal topic)'
            : 'share of its cluster'}
        </Typography>
      )}
      {perGb.map(text => (
        <Typography
          key={text}
          variant="caption"
          color="textSecondary"
          component="p"
        >
          {text}
        </Typography>
      ))}
    </div>
  );
}

// Widths are explicit: material-table would otherwise split the card evenly
// and squeeze the facts. Health sits right after what the asset is.
function columnsFor(showCost: boolean): TableColumn<AssetRow>[] {
  return [
    {
      title: 'Asset',
      field: 'name',
      width: '28%',
      render: row => <AssetName row={row} />,
    },
    {
      title: 'Health',
      field: 'health',
      width: '28%',
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
      width: showCost ? '25%' : '40%',
      render: row => <AssetFacts row={row} />,
    },
    ...(showCost
      ? [
          {
            title: 'Cost',
            sorting: false,
            width: '19%',
            render: (row: AssetRow) => <AssetCostCell row={row} />,
          },
        ]
      : []),
  ];
}

function StreamingAssets(props: { response: EntityStreamingResponse }) {
  const { response } = props;
  const rows = useMemo(() => toAssetRows(response), [response]);
  const notRefreshed = response.inventoryRefreshedAt === null;
  const costDenied = response.cost?.permitted === false;
  const classes = useStyles();

  return (
    <div className={classes.stack}>
      {response.problems.length > 0 && (
        <StreamingProblemsPanel problems={response.problems} />
      )}
      {notRefreshed && <NotRefreshedPanel />}
      {costDenied && rows.length > 0 && (
        <Alert severity="info">
          Cost not shown:{' '}
          {response.cost?.reason ?? 'you are not allowed to see it.'}
        </Alert>
      )}
      {!costDenied && response.cost?.reason && rows.length > 0 && (
        // Cost is permitted per asset: some assets here show none.
        <Alert severity="info">{response.cost.reason}</Alert>
      )}
      {rows.length > 0 && (
        <Table<AssetRow>
          columns={columnsFor(!costDenied && rows.some(row => row.cost))}
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
      {rows.length === 0 && !notRefreshed && <NoAssetsFound />}
    </div>
  );
}

function LoadedStreamingCard() {
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
      {state.status === 'loading' && <StreamingSkeleton />}
      {state.status === 'error' && <LoadErrorPanel error={state.error} />}
      {state.status === 'loaded' && (
        <CatalogResourceLinksProvider
          arns={assetArnsOf(state.value)}
          exclude={stringifyEntityRef(entity)}
        >
          <StreamingAssets response={state.value} />
        </CatalogResourceLinksProvider>
      )}
    </InfoCard>
  );
}

/**
 * The MSK clusters, topics and Managed Flink applications of the current
 * catalog entity, with their health, owner, cost and KPUs.
 *
 * @public
 */
export function StreamingOverviewCard() {
  const { entity } = useEntity();
  if (!isStreamingAvailable(entity)) {
    return (
      <InfoCard title="Streaming">
        <NoStreamingAnnotations />
      </InfoCard>
    );
  }
  return <LoadedStreamingCard />;
}
