import Box from '@material-ui/core/Box';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { RouterLink, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { HealthStatus } from '@backstage-streaming/plugin-streaming-common';
import { streamingApiRef } from '../../api';
import { estatePageRouteRef } from '../../routes';
import { StreamingHealthStatus } from '../StreamingHealthStatus';
import { formatUsdPerMonth } from '../format';
import { StreamingSkeleton } from '../states';
import { EstateErrorPanel } from '../EstatePage/EstateNotices';
import { ActualVsEstimateText } from '../StreamingContent/ActualCost';
import { useLoad } from '../EstatePage/useLoad';
import { groupFigures } from './groupFigures';

const HEALTH_ORDER: HealthStatus[] = [
  'critical',
  'warning',
  'unknown',
  'healthy',
];

/**
 * The "Streaming" card on a Group page: the team's assets, their health and
 * monthly cost, as the backend figures them for the estate page (the
 * summary filtered by the team as owner, and the team's chargeback row).
 */
export function GroupStreamingCard() {
  const { entity } = useEntity();
  const owner = stringifyEntityRef(entity);
  const streamingApi = useApi(streamingApiRef);
  const estateLink = useRouteRef(estatePageRouteRef);
  const state = useLoad(async () => {
    const [summary, chargeback] = await Promise.all([
      streamingApi.getEstateSummary({ owner }),
      streamingApi.getChargeback('owner'),
    ]);
    return groupFigures(owner, summary, chargeback);
  }, [streamingApi, owner]);

  const href = estateLink
    ? `${estateLink()}?${new URLSearchParams({ owner })}`
    : undefined;

  return (
    <InfoCard
      title="Streaming"
      subheader="MSK and Managed Flink assets this team owns"
    >
      {state.status === 'loading' && <StreamingSkeleton rows={2} />}
      {state.status === 'error' && <EstateErrorPanel error={state.error} />}
      {state.status === 'loaded' && (
        <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
          {Object.values(state.value.counts).every(n => n === 0) ? (
            <Typography variant="body2">
              This team owns no streaming assets.
            </Typography>
          ) : (
            <>
              <Typography variant="body2">
                {state.value.counts.clusters} clusters ·{' '}
                {state.value.counts.topics} topics ·{' '}
                {state.value.counts.consumerGroups} consumer groups ·{' '}
                {state.value.counts.applications} Flink applications
              </Typography>
              {state.value.monthlyUsd === undefined ? (
                <Typography variant="body2" color="textSecondary">
                  Monthly cost: not shown (you may not see this team's cost)
                </Typography>
              ) : (
                <Typography variant="h6" aria-label="Monthly cost">
                  {state.value.complete ? '' : '≥ '}
                  {formatUsdPerMonth(state.value.monthlyUsd)}
                </Typography>
              )}
              {state.value.monthlyUsd !== undefined && (
                <OwnerActualCostLine owner={owner} />
              )}
              <Box
                display="flex"
                style={{ gap: 16 }}
                aria-label="Health counts"
              >
                {HEALTH_ORDER.filter(s => state.value.health[s] > 0).map(
                  status => (
                    <span key={status}>
                      <StreamingHealthStatus status={status} />{' '}
                      {state.value.health[status]}
                    </span>
                  ),
                )}
              </Box>
              {state.value.basis.length > 0 && (
                <Typography variant="caption" color="textSecondary">
                  How it is charged: {state.value.basis.join(' ')}
                </Typography>
              )}
            </>
          )}
          {href && (
            <MuiLink component={RouterLink} href={href}>
              Open in the streaming estate
            </MuiLink>
          )}
        </Box>
      )}
    </InfoCard>
  );
}

/** Last month's bill of the team (by the owner tag) beside its estimate, or why it is not shown. */
function OwnerActualCostLine(props: { owner: string }) {
  const streamingApi = useApi(streamingApiRef);
  const actual = useLoad(
    () => streamingApi.getOwnerActualCost(props.owner),
    [streamingApi, props.owner],
  );
  if (actual.status !== 'loaded') return null;
  const { lastMonth, message } = actual.value;
  if (!lastMonth) {
    return (
      <Typography variant="caption" color="textSecondary">
        Actual cost: {message}
      </Typography>
    );
  }
  return (
    <ActualVsEstimateText
      comparison={lastMonth}
      label="Billed last month (Cost Explorer, owner tag)"
    />
  );
}
