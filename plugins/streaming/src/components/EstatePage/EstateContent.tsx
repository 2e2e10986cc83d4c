import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { EmptyState } from '@backstage/core-components';
import { useApi, useAppSearchParams } from '@backstage/frontend-plugin-api';
import type { EstateSummaryResponse } from '@backstage-streaming/plugin-streaming-common';
import { streamingApiRef } from '../../api';
import { NotRefreshedPanel, StreamingSkeleton } from '../states';
import { ChargebackTab } from './ChargebackTab';
import {
  CostWithheldNotice,
  EstateErrorPanel,
  PartialDataNotice,
  RestrictedNotice,
} from './EstateNotices';
import { EstateListTab } from './EstateListTab';
import { SummaryCharts, SummaryTiles } from './EstateSummary';
import {
  ESTATE_TAB_LABELS,
  ESTATE_TABS,
  EstateTab,
  groupByOf,
  isEstateList,
  tabOf,
  withViewChange,
} from './estateView';
import { SavingsTab } from './SavingsTab';
import { useLoad } from './useLoad';

function assetCount(summary: EstateSummaryResponse): number {
  return Object.values(summary.assetCounts).reduce((sum, n) => sum + n, 0);
}

/**
 * The platform owner's estate: summary tiles and charts over every asset the
 * user may read, and a tab per list, the chargeback and the savings. The open
 * tab and each list's filters live in the URL.
 */
export function EstateContent() {
  const streamingApi = useApi(streamingApiRef);
  const [params, setParams] = useAppSearchParams();
  const summary = useLoad(
    () => streamingApi.getEstateSummary(),
    [streamingApi],
  );
  const tab = tabOf(params);

  if (summary.status === 'loading') return <StreamingSkeleton rows={4} />;
  if (summary.status === 'error') {
    return <EstateErrorPanel error={summary.error} />;
  }
  const value = summary.value;
  if (assetCount(value) === 0) {
    if (!value.coverage.refreshedAt) return <NotRefreshedPanel />;
    return (
      <>
        <PartialDataNotice coverage={value.coverage} />
        <RestrictedNotice coverage={value.coverage} />
        <EmptyState
          missing="data"
          title="No streaming assets in the estate"
          description={
            value.coverage.restricted
              ? 'None of the clusters, topics or Flink applications found is one you may read.'
              : 'The latest inventory refresh found no MSK clusters or Flink applications in the configured AWS accounts and regions. Check streaming.aws.accounts in app-config.'
          }
        />
      </>
    );
  }

  const openTab = (next: EstateTab) => {
    // Filters carry over to the next list; the page and order belong to this one.
    setParams(withViewChange(params, { tab: next, orderBy: undefined }));
  };

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <PartialDataNotice coverage={value.coverage} />
      <RestrictedNotice coverage={value.coverage} />
      <CostWithheldNotice cost={value.cost} />
      <SummaryTiles summary={value} />
      <SummaryCharts summary={value} />
      <Tabs
        value={tab}
        onChange={(_e, next) => openTab(next)}
        indicatorColor="primary"
        variant="scrollable"
        aria-label="Estate views"
      >
        {ESTATE_TABS.map(id => (
          <Tab key={id} value={id} label={ESTATE_TAB_LABELS[id]} />
        ))}
      </Tabs>
      {isEstateList(tab) && (
        <EstateListTab
          key={tab}
          list={tab}
          params={params}
          setParams={setParams}
        />
      )}
      {tab === 'chargeback' && (
        <ChargebackTab
          groupBy={groupByOf(params)}
          onGroupBy={groupBy => setParams(withViewChange(params, { groupBy }))}
        />
      )}
      {tab === 'savings' && <SavingsTab />}
    </Box>
  );
}
