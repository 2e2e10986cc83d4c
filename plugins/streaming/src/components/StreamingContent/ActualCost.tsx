import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import type { ActualVsEstimate } from '@backstage-streaming/plugin-streaming-common';
import { streamingApiRef } from '../../api';
import { useLoad } from '../EstatePage/useLoad';
import { formatUsd } from '../format';

/** "+12.0%" / "-3.5%" / "no estimate to compare". */
export function formatDifference(comparison: ActualVsEstimate): string {
  if (comparison.differencePercent === null) return 'no estimate to compare';
  const sign = comparison.differencePercent > 0 ? '+' : '';
  return `${sign}${comparison.differencePercent.toFixed(1)}%`;
}

/** One comparison in words: billed, estimated, the difference, and why when they differ. */
export function ActualVsEstimateText(props: {
  comparison: ActualVsEstimate;
  label: string;
}) {
  const { comparison, label } = props;
  const { period } = comparison;
  return (
    <div>
      <Typography variant="body2">
        {label} ({period.start} to {period.end}, end excluded): billed{' '}
        <strong>{formatUsd(comparison.actualUsd)}</strong>, estimated{' '}
        {comparison.estimateComplete ? '' : 'at least '}
        {formatUsd(comparison.estimateUsd)} ({formatDifference(comparison)}).
      </Typography>
      {comparison.reasons.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="ul">
          {comparison.reasons.map(reason => (
            <li key={reason}>{reason}</li>
          ))}
        </Typography>
      )}
    </div>
  );
}

/** What Cost Explorer billed for one cluster or application beside its estimate. */
export function ActualCost(props: { arn: string }) {
  const streamingApi = useApi(streamingApiRef);
  const actual = useLoad(
    () => streamingApi.getActualCost(props.arn),
    [streamingApi, props.arn],
  );
  if (actual.status === 'loading') return null;
  if (actual.status === 'error') {
    return (
      <Typography variant="caption" color="textSecondary">
        Actual cost not shown: {actual.error.message}
      </Typography>
    );
  }
  const { value } = actual;
  if (!value.lastTwoWeeks) {
    return (
      <Typography variant="caption" color="textSecondary">
        Actual cost: {value.message}
      </Typography>
    );
  }
  return (
    <div>
      {value.state !== 'ok' && <Alert severity="info">{value.message}</Alert>}
      <ActualVsEstimateText
        comparison={value.lastTwoWeeks}
        label="Actual cost from Cost Explorer, last 14 days"
      />
    </div>
  );
}
