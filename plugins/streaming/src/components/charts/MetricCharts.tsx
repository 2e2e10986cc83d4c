import { useState } from 'react';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
import type { MetricRange } from '@backstage-streaming/plugin-streaming-common';
import type { ChartChoice } from './chartMetrics';
import { MetricChart } from './MetricChart';
import { RangePicker } from './RangePicker';

const useStyles = makeStyles((theme: Theme) => ({
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  choices: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    margin: 0,
    padding: 0,
    listStyle: 'none',
    marginBottom: theme.spacing(2),
  },
}));

/**
 * One asset's charts under one range picker, with the metrics it publishes
 * to choose from (the usual ones chosen to start with).
 */
export function MetricCharts(props: {
  arn: string;
  subject: string;
  entityRef: string;
  choice: ChartChoice;
  /** Said instead of charts when the asset publishes none. */
  emptyMessage: string;
}) {
  const { arn, subject, entityRef, choice, emptyMessage } = props;
  const classes = useStyles();
  const [range, setRange] = useState<MetricRange>('24h');
  const [selected, setSelected] = useState<string[]>(choice.defaults);

  if (choice.metrics.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyMessage}
      </Typography>
    );
  }

  const toggle = (id: string) =>
    setSelected(current =>
      current.includes(id) ? current.filter(m => m !== id) : [...current, id],
    );
  // Charts keep the table's order whatever order they were picked in.
  const shown = choice.metrics.filter(metric => selected.includes(metric.id));

  return (
    <section aria-label={`Charts for ${subject}`}>
      <div className={classes.toolbar}>
        <Typography variant="subtitle1" component="h3">
          Charts
        </Typography>
        <RangePicker value={range} onChange={setRange} subject={subject} />
      </div>
      <ul
        className={classes.choices}
        aria-label={`Metrics to chart for ${subject}`}
      >
        {choice.metrics.map(metric => {
          const isSelected = selected.includes(metric.id);
          return (
            <li key={metric.id}>
              <Chip
                size="small"
                clickable
                role="button"
                aria-pressed={isSelected}
                color={isSelected ? 'primary' : 'default'}
                variant={isSelected ? 'default' : 'outlined'}
                icon={isSelected ? <CheckIcon /> : undefined}
                label={metric.label}
                onClick={() => toggle(metric.id)}
              />
            </li>
          );
        })}
      </ul>
      {shown.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No metric chosen: pick one above to chart it.
        </Typography>
      ) : (
        <Grid container spacing={2}>
          {shown.map(metric => (
            <Grid item xs={12} md={6} key={metric.id}>
              <MetricChart
                arn={arn}
                subject={subject}
                metric={metric}
                range={range}
                entityRef={entityRef}
              />
            </Grid>
          ))}
        </Grid>
      )}
    </section>
  );
}
