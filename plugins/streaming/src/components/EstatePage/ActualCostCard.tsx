import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import type { EstateActualCost } from '@backstage-streaming/plugin-streaming-common';
import { formatOwner, formatUsd } from '../format';
import {
  ActualVsEstimateText,
  formatDifference,
} from '../StreamingContent/ActualCost';

/**
 * The bill beside the estimate for the estate and each owner (by the owner
 * cost-allocation tag), or in plain words why it is not shown.
 */
export function ActualCostCard(props: { actual: EstateActualCost }) {
  const { actual } = props;
  const shown = actual.lastMonth || actual.monthToDate;
  return (
    <InfoCard
      title="Actual cost vs estimate"
      subheader={
        actual.readAt
          ? `Cost Explorer, read ${actual.readAt.slice(
              0,
              10,
            )}; estimates at today's sizes and prices`
          : 'Cost Explorer'
      }
    >
      {(actual.state !== 'ok' || !shown) && (
        <Alert
          severity={
            actual.state === 'no-access' || actual.state === 'error'
              ? 'warning'
              : 'info'
          }
        >
          {actual.message}
        </Alert>
      )}
      {actual.tagNotActivated && (
        <Alert severity="warning">{actual.tagNotActivated}</Alert>
      )}
      {actual.lastMonth && (
        <ActualVsEstimateText
          comparison={actual.lastMonth}
          label="Last full month"
        />
      )}
      {actual.monthToDate && (
        <ActualVsEstimateText
          comparison={actual.monthToDate}
          label="Month to date"
        />
      )}
      {actual.byOwner.length > 0 && (
        <Table size="small" aria-label="Actual cost by owner, last full month">
          <TableHead>
            <TableRow>
              <TableCell>Owner (tag {actual.tagKey})</TableCell>
              <TableCell align="right">Billed</TableCell>
              <TableCell align="right">Estimated</TableCell>
              <TableCell align="right">Difference</TableCell>
              <TableCell>Why they differ</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {actual.byOwner.map(({ owner, lastMonth }) => (
              <TableRow key={owner}>
                <TableCell>
                  {owner === 'unowned' ? 'untagged' : formatOwner(owner)}
                </TableCell>
                <TableCell align="right">
                  {formatUsd(lastMonth.actualUsd)}
                </TableCell>
                <TableCell align="right">
                  {lastMonth.estimateComplete ? '' : '≥ '}
                  {formatUsd(lastMonth.estimateUsd)}
                </TableCell>
                <TableCell align="right">
                  {formatDifference(lastMonth)}
                </TableCell>
                <TableCell>
                  <Typography variant="caption">
                    {lastMonth.reasons.join('; ') || 'agree'}
                  </Typography>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
