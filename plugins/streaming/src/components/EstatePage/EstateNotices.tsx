import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import type {
  EstateCostVisibility,
  EstateCoverage,
} from '@backstage-streaming/plugin-streaming-common';
import { describeEstateError } from '../errors';
import { formatTime } from '../format';

/**
 * What an estate answer leaves out, said plainly: failed account-regions
 * (their rows are the last known state), assets hidden by permissions, and
 * cost withheld.
 */

export function PartialDataNotice(props: { coverage: EstateCoverage }) {
  const failed = props.coverage.failedAccountRegions;
  if (failed.length === 0) return null;
  const lines = failed.map(
    f =>
      `${f.accountId} / ${f.region}${
        f.lastErrorCode ? ` (${f.lastErrorCode})` : ''
      }: ${
        f.lastSuccessAt
          ? `last read ${formatTime(f.lastSuccessAt)}`
          : 'never read'
      }`,
  );
  return (
    <WarningPanel
      severity="warning"
      title={`Partial data: the latest refresh of ${failed.length} ${
        failed.length === 1 ? 'account-region' : 'account-regions'
      } failed`}
      defaultExpanded
      message={
        <>
          <Typography variant="body2">
            Their assets show the last known state, and totals include them as
            they were:
          </Typography>
          <ul aria-label="Failed account-regions">
            {lines.map(line => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      }
    />
  );
}

export function RestrictedNotice(props: { coverage: EstateCoverage }) {
  if (!props.coverage.restricted) return null;
  return (
    <WarningPanel
      severity="info"
      title="Restricted view: you see only the assets you may read"
      message="Your permissions hide part of the estate. Lists, counts and totals on this page cover only the assets shown to you."
    />
  );
}

export function CostWithheldNotice(props: { cost: EstateCostVisibility }) {
  const { shown, reason } = props.cost;
  if (shown === 'all') return null;
  return (
    <WarningPanel
      severity="info"
      title={
        shown === 'none'
          ? 'Cost is not shown: you may not see the cost of these assets'
          : 'Cost is shown for some assets only'
      }
      message={reason ?? 'Your permissions withhold the cost of some assets.'}
    />
  );
}

export function StaleRowsNotice(props: { count: number }) {
  if (props.count === 0) return null;
  return (
    <WarningPanel
      severity="info"
      title={`Stale data: ${props.count} ${
        props.count === 1 ? 'row shows' : 'rows show'
      } the last known state`}
      message="The latest refresh of their AWS account and region failed; the rows marked Stale show what was seen last."
    />
  );
}

export function EstateErrorPanel(props: { error: Error }) {
  const problem = describeEstateError(props.error);
  return (
    <WarningPanel
      severity="error"
      title={problem.title}
      message={problem.detail}
      defaultExpanded
    />
  );
}
