import Chip from '@material-ui/core/Chip';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import Alert from '@material-ui/lab/Alert';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  METRIC_RANGES,
  MetricDefinition,
  MetricRange,
  MetricSeriesResponse,
} from '@backstage-streaming/plugin-streaming-common';
import { formatMetricValue, formatTime } from '../format';
import { describeSeries, toChartRows } from './summary';
import { useInView } from './useInView';
import { useMetricSeries } from './useMetricSeries';

const CHART_HEIGHT = 180;
// Lines differ by dash pattern as well as colour, so they stay apart without colour.
const DASHES = ['', '6 3', '2 2', '10 4 2 4', '1 4'];

const useStyles = makeStyles((theme: Theme) => ({
  figure: {
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    minWidth: 0,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  plot: { height: CHART_HEIGHT, width: '100%' },
}));

function tickFormatter(range: MetricRange) {
  const short = range === '1h' || range === '24h';
  return (t: number) =>
    new Date(t).toLocaleString(
      undefined,
      short
        ? { hour: '2-digit', minute: '2-digit' }
        : { month: 'short', day: 'numeric' },
    );
}

function Plot(props: { response: MetricSeriesResponse; name: string }) {
  const { response, name } = props;
  const theme = useTheme();
  const classes = useStyles();
  const colours = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.info.main,
  ];
  const format = (v: number) => formatMetricValue(v, response.unit);
  return (
    <div
      className={classes.plot}
      role="img"
      aria-label={`${name}, last ${METRIC_RANGES[response.range].label}`}
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart
          data={toChartRows(response)}
          margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={tickFormatter(response.range)}
            fontSize={11}
          />
          <YAxis
            tickFormatter={format}
            width={72}
            fontSize={11}
            allowDecimals={response.unit !== 'count'}
          />
          <Tooltip
            labelFormatter={t => formatTime(new Date(Number(t)).toISOString())}
            formatter={(value: number) => format(value)}
          />
          {response.series.length > 1 && <Legend />}
          {response.series.map((line, index) => (
            <Line
              key={line.label}
              type="monotone"
              dataKey={`s${index}`}
              name={line.label}
              stroke={colours[index % colours.length]}
              strokeDasharray={DASHES[index % DASHES.length]}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** One metric of one asset: the chart, its summary in words, and what to do when it cannot be drawn. */
export function MetricChart(props: {
  arn: string;
  /** The asset's name, so each chart's accessible name is unique on the page. */
  subject: string;
  metric: MetricDefinition;
  range: MetricRange;
  entityRef: string;
}) {
  const { arn, subject, metric, range, entityRef } = props;
  const classes = useStyles();
  // Charts load as they come into view, so a long page does not ask for every series at once.
  const { ref, inView } = useInView<HTMLElement>();
  const { state, retry } = useMetricSeries({
    arn,
    metricId: metric.id,
    range,
    entityRef,
    enabled: inView,
  });
  const titleId = `chart-${arn}-${metric.id}`.replace(/[^A-Za-z0-9_-]/g, '_');

  return (
    <figure ref={ref} className={classes.figure} aria-labelledby={titleId}>
      <div className={classes.header}>
        <Typography id={titleId} variant="subtitle2" component="h4">
          {metric.label}
        </Typography>
        {state.status === 'loaded' && state.value.stale && (
          <Chip
            size="small"
            variant="outlined"
            label="stale"
            title={`CloudWatch could not be read; this is the series read at ${formatTime(
              state.value.fetchedAt,
            )}${
              state.value.staleReason ? ` (${state.value.staleReason})` : ''
            }.`}
          />
        )}
      </div>
      {state.status === 'loading' && (
        <Skeleton
          variant="rect"
          height={CHART_HEIGHT}
          aria-label={`Loading ${metric.label}`}
        />
      )}
      {state.status === 'error' && (
        <Alert
          severity={state.problem.kind === 'not-published' ? 'info' : 'warning'}
          action={
            state.problem.kind === 'not-published' ? undefined : (
              <Button color="inherit" size="small" onClick={retry}>
                Retry
              </Button>
            )
          }
        >
          {state.problem.title}
          {state.problem.detail && (
            <Typography variant="caption" component="p">
              {state.problem.detail}
            </Typography>
          )}
        </Alert>
      )}
      {state.status === 'loaded' && (
        <>
          <Plot response={state.value} name={`${metric.label} of ${subject}`} />
          <Typography
            component="figcaption"
            variant="caption"
            color="textSecondary"
          >
            {describeSeries(state.value)}
            {state.value.stale &&
              ` Stale: last read from CloudWatch at ${formatTime(
                state.value.fetchedAt,
              )}.`}
          </Typography>
        </>
      )}
    </figure>
  );
}
