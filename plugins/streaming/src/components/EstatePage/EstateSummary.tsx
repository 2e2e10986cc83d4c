import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  ClusterType,
  EstateMoney,
  EstateSummaryResponse,
  HealthStatus,
} from '@backstage-streaming/plugin-streaming-common';
import { streamingApiRef } from '../../api';
import { StreamingHealthStatus } from '../StreamingHealthStatus';
import { CLUSTER_TYPE_LABELS } from '../StreamingOverviewCard/assetRows';
import {
  formatNumber,
  formatOwner,
  formatUnitUsd,
  formatUsd,
  formatUsdPerMonth,
} from '../format';
import { StreamingSkeleton } from '../states';
import { EstateErrorPanel } from './EstateNotices';
import { useLoad } from './useLoad';
import { ActualCostCard } from './ActualCostCard';

const useStyles = makeStyles((theme: Theme) => ({
  tile: { padding: theme.spacing(2), height: '100%' },
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

/** A monthly figure, as a lower bound when part of it has no price. */
export function formatMoney(money: EstateMoney): string {
  const text = formatUsdPerMonth(money.monthlyUsd);
  return money.complete ? text : `≥ ${text}`;
}

function Tile(props: { title: string; value: string; note?: string }) {
  const classes = useStyles();
  return (
    <Paper className={classes.tile} role="group" aria-label={props.title}>
      <Typography variant="overline" color="textSecondary">
        {props.title}
      </Typography>
      <Typography variant="h5">{props.value}</Typography>
      {props.note && (
        <Typography variant="body2" color="textSecondary">
          {props.note}
        </Typography>
      )}
    </Paper>
  );
}

const HEALTH_ORDER: HealthStatus[] = [
  'critical',
  'warning',
  'unknown',
  'healthy',
];

/** The summary tiles: cost, cost per GB, health counts, unowned assets, KPUs. */
export function SummaryTiles(props: { summary: EstateSummaryResponse }) {
  const classes = useStyles();
  const { summary } = props;
  const costShown = summary.cost.shown !== 'none';
  const counts = summary.assetCounts;
  const kpus = summary.kpusByAccountRegion.reduce((sum, r) => sum + r.kpus, 0);
  return (
    <Grid container spacing={2}>
      {costShown && (
        <Grid item xs={12} sm={6} md={3}>
          <Tile
            title="Monthly cost"
            value={formatMoney(summary)}
            note={
              summary.complete
                ? 'Every part priced'
                : `${formatUsd(summary.completeMonthlyUsd)} of it fully priced`
            }
          />
        </Grid>
      )}
      {costShown && (
        <Grid item xs={12} sm={6} md={3}>
          <Tile
            title="Cost per GB in"
            value={
              summary.usdPerGbIn === null
                ? 'unknown'
                : formatUnitUsd(summary.usdPerGbIn)
            }
            note="Clusters' monthly cost ÷ GB written per month"
          />
        </Grid>
      )}
      <Grid item xs={12} sm={6} md={3}>
        <Tile
          title="Assets"
          value={formatNumber(
            counts['kafka-cluster'] +
              counts['kafka-topic'] +
              counts['consumer-group'] +
              counts['flink-application'],
            0,
          )}
          note={`${counts['kafka-cluster']} clusters · ${counts['kafka-topic']} topics · ${counts['consumer-group']} consumer groups · ${counts['flink-application']} Flink applications`}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <Tile
          title="Unowned"
          value={`${summary.unowned.assetCount} ${
            summary.unowned.assetCount === 1 ? 'asset' : 'assets'
          }`}
          note={costShown ? formatMoney(summary.unowned) : undefined}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <Paper className={classes.tile} role="group" aria-label="Health">
          <Typography variant="overline" color="textSecondary">
            Health
          </Typography>
          {HEALTH_ORDER.map(status => (
            <Box key={status} display="flex" justifyContent="space-between">
              <StreamingHealthStatus status={status} />
              <Typography variant="body2">{summary.health[status]}</Typography>
            </Box>
          ))}
        </Paper>
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <Tile
          title="KPUs in use"
          value={formatNumber(kpus, 1)}
          note={summary.kpusByAccountRegion
            .map(r => `${r.accountId} / ${r.region}: ${formatNumber(r.kpus)}`)
            .join(' · ')}
        />
      </Grid>
    </Grid>
  );
}

const OWNER_BARS = 10;

/** Cost by owner (the largest ten), by cluster type, and the KPU limits. */
export function SummaryCharts(props: { summary: EstateSummaryResponse }) {
  const classes = useStyles();
  const { summary } = props;
  const costShown = summary.cost.shown !== 'none';
  const byOwner = summary.byOwner.slice(0, OWNER_BARS).map(group => ({
    name: formatOwner(group.key),
    monthlyUsd: group.monthlyUsd,
  }));
  const byType = summary.byClusterType.map(group => ({
    name: CLUSTER_TYPE_LABELS[group.key as ClusterType] ?? group.key,
    monthlyUsd: group.monthlyUsd,
  }));
  return (
    <Grid container spacing={2}>
      {costShown && (
        <Grid item xs={12} md={6}>
          <InfoCard title="Cost by owner" subheader="Monthly, largest first">
            <CostBars data={byOwner} label="Monthly cost by owner" />
          </InfoCard>
        </Grid>
      )}
      {costShown && (
        <Grid item xs={12} md={6}>
          <InfoCard title="Cost by cluster type" subheader="Monthly">
            <CostBars data={byType} label="Monthly cost by cluster type" />
          </InfoCard>
        </Grid>
      )}
      {costShown && (
        <Grid item xs={12} md={8}>
          <CostTrend />
        </Grid>
      )}
      <Grid item xs={12} md={costShown ? 4 : 12}>
        <InfoCard
          title="KPUs against limits"
          subheader="Flink applications nearest their per-application KPU limit"
        >
          {summary.nearestKpuLimit.length === 0 ? (
            <Typography variant="body2">No Flink applications.</Typography>
          ) : (
            <ul className={classes.list} aria-label="Nearest KPU limit">
              {summary.nearestKpuLimit.map(app => (
                <li key={app.arn}>
                  <Typography variant="body2">
                    {app.name}: {formatNumber(app.kpus)} of {app.kpuLimit} KPUs
                    ({formatNumber(app.usage * 100, 0)}%)
                    {app.owner ? ` · ${formatOwner(app.owner)}` : ''}
                  </Typography>
                </li>
              ))}
            </ul>
          )}
        </InfoCard>
      </Grid>
      {costShown && summary.actual && (
        <Grid item xs={12}>
          <ActualCostCard actual={summary.actual} />
        </Grid>
      )}
    </Grid>
  );
}

function CostBars(props: {
  data: Array<{ name: string; monthlyUsd: number }>;
  label: string;
}) {
  if (props.data.length === 0) {
    return <Typography variant="body2">No cost yet.</Typography>;
  }
  return (
    <div role="img" aria-label={props.label} style={{ height: 240 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={props.data} layout="vertical" margin={{ left: 40 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={v => formatUsd(Number(v))} />
          <YAxis type="category" dataKey="name" width={120} />
          <Tooltip formatter={v => formatUsdPerMonth(Number(v))} />
          <Bar dataKey="monthlyUsd" name="Monthly cost" fill="#1f77b4" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The estate's cost per day over 30 or 90 days, from the daily snapshots, with what changed most. */
export function CostTrend() {
  const classes = useStyles();
  const streamingApi = useApi(streamingApiRef);
  const [days, setDays] = useState<30 | 90>(30);
  const history = useLoad(
    () => streamingApi.getCostHistory({ scope: 'estate', days }),
    [streamingApi, days],
  );
  return (
    <InfoCard
      title="Cost trend"
      subheader="Estate cost per day, from the daily snapshots"
      action={
        <ToggleButtonGroup
          size="small"
          exclusive
          value={days}
          onChange={(_e, value) => value && setDays(value)}
          aria-label="Trend period"
        >
          <ToggleButton value={30}>30 days</ToggleButton>
          <ToggleButton value={90}>90 days</ToggleButton>
        </ToggleButtonGroup>
      }
    >
      {history.status === 'loading' && <StreamingSkeleton rows={1} />}
      {history.status === 'error' && <EstateErrorPanel error={history.error} />}
      {history.status === 'loaded' && (
        <>
          {history.value.days.length === 0 ? (
            <Typography variant="body2">
              No daily snapshot yet: the first is taken a day after the backend
              starts.
            </Typography>
          ) : (
            <div
              role="img"
              aria-label={`Estate cost per day over ${days} days`}
              style={{ height: 220 }}
            >
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={history.value.days}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="day" />
                  <YAxis tickFormatter={v => formatUsd(Number(v))} />
                  <Tooltip formatter={v => formatUsdPerMonth(Number(v))} />
                  <Line
                    dataKey="monthlyUsd"
                    name="Monthly cost"
                    dot={false}
                    stroke="#1f77b4"
                  />
                </LineChart>
              </ResponsiveContainer>
            </div>
          )}
          {history.value.largestChanges.length > 0 && (
            <>
              <Typography variant="subtitle2">
                Largest changes over {days} days
              </Typography>
              <ul className={classes.list} aria-label="Largest changes">
                {history.value.largestChanges.map(change => (
                  <li key={`${change.scope}:${change.key}`}>
                    <Typography variant="body2">
                      {change.scope === 'owner'
                        ? formatOwner(change.key)
                        : change.name}{' '}
                      ({change.scope}): {formatUsd(change.fromUsd)} →{' '}
                      {formatUsd(change.toUsd)} (
                      {change.deltaUsd >= 0 ? '+' : ''}
                      {formatUsd(change.deltaUsd)}/month)
                    </Typography>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </InfoCard>
  );
}
