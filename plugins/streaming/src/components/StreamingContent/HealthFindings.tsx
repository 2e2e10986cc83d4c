import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { Health } from '@backstage-streaming/plugin-streaming-common';
import { StreamingHealthStatus } from '../StreamingHealthStatus';
import { SEVERITY_RANK } from '../StreamingOverviewCard/assetRows';

const useStyles = makeStyles((theme: Theme) => ({
  list: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  },
  item: {
    display: 'flex',
    gap: theme.spacing(1.5),
    alignItems: 'flex-start',
  },
  status: { flex: '0 0 7rem' },
}));

function formatMeasure(value: number | string | null): string {
  if (value === null) return 'no data';
  return typeof value === 'number'
    ? value.toLocaleString('en-US', { maximumFractionDigits: 2 })
    : value;
}

/** Each health finding, worst first: its severity by icon and word, what it means, and the measured value against its threshold. */
export function HealthFindings(props: { health: Health; subject: string }) {
  const { health, subject } = props;
  const classes = useStyles();
  if (health.findings.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No findings: every health rule that applies to {subject} passes.
      </Typography>
    );
  }
  const findings = [...health.findings].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity],
  );
  return (
    <ul className={classes.list} aria-label={`Health findings for ${subject}`}>
      {findings.map(finding => (
        <li key={finding.ruleId} className={classes.item}>
          <span className={classes.status}>
            <StreamingHealthStatus status={finding.severity} />
          </span>
          <div>
            <Typography variant="body2">{finding.message}</Typography>
            {(finding.value !== null || finding.threshold !== null) && (
              <Typography variant="caption" color="textSecondary">
                Measured {formatMeasure(finding.value)}
                {finding.threshold !== null &&
                  ` · threshold ${formatMeasure(finding.threshold)}`}{' '}
                · rule {finding.ruleId}
              </Typography>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
