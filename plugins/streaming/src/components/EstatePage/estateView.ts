import {
  ESTATE_DEFAULT_LIMIT,
  ESTATE_LISTS,
  ESTATE_MAX_LIMIT,
  ESTATE_SORT_FIELDS,
  EstateList,
  EstateListQuery,
  EstateSortField,
  CHARGEBACK_GROUP_BY,
  ChargebackGroupBy,
  clusterTypeSchema,
  healthStatusSchema,
} from '@backstage-streaming/plugin-streaming-common';

/**
 * The estate page's view, kept in the URL's query so a link shares it: the
 * tab, and for a list its filters, search, order and page.
 */

export const ESTATE_TABS = [
  'clusters',
  'topics',
  'consumer-groups',
  'applications',
  'chargeback',
  'savings',
] as const;
export type EstateTab = (typeof ESTATE_TABS)[number];

export const ESTATE_TAB_LABELS: Record<EstateTab, string> = {
  clusters: 'Clusters',
  topics: 'Topics',
  'consumer-groups': 'Consumer groups',
  applications: 'Flink applications',
  chargeback: 'Chargeback',
  savings: 'Savings',
};

const CLUSTER_TYPES = clusterTypeSchema.options;
const HEALTH_STATUSES = healthStatusSchema.options;

/** The filters a list tab offers, in the order the toolbar shows them. */
export const LIST_FILTER_KEYS = [
  'q',
  'owner',
  'accountId',
  'region',
  'clusterType',
  'healthStatus',
  'unowned',
] as const;

export function isEstateList(tab: string): tab is EstateList {
  return Object.prototype.hasOwnProperty.call(ESTATE_LISTS, tab);
}

/** The open tab; an unknown or missing `tab` opens the clusters. */
export function tabOf(params: URLSearchParams): EstateTab {
  const tab = params.get('tab');
  return (ESTATE_TABS as readonly string[]).includes(tab ?? '')
    ? (tab as EstateTab)
    : 'clusters';
}

export function groupByOf(params: URLSearchParams): ChargebackGroupBy {
  const groupBy = params.get('groupBy');
  return (CHARGEBACK_GROUP_BY as readonly string[]).includes(groupBy ?? '')
    ? (groupBy as ChargebackGroupBy)
    : 'owner';
}

/**
 * The list query a URL asks for. Values the API would refuse are dropped
 * rather than sent, so an edited or outdated link still opens a view.
 */
export function listQueryOf(params: URLSearchParams): EstateListQuery {
  const query: EstateListQuery = {};
  const text = (key: string) => params.get(key)?.trim() || undefined;
  query.q = text('q');
  query.owner = text('owner');
  query.accountId = text('accountId');
  query.region = text('region');
  query.cursor = text('cursor');
  const clusterType = text('clusterType');
  if ((CLUSTER_TYPES as readonly string[]).includes(clusterType ?? '')) {
    query.clusterType = clusterType as EstateListQuery['clusterType'];
  }
  const health = text('healthStatus');
  if ((HEALTH_STATUSES as readonly string[]).includes(health ?? '')) {
    query.healthStatus = health as EstateListQuery['healthStatus'];
  }
  if (params.get('unowned') === 'true') query.unowned = true;
  const orderBy = sortOf(params);
  if (orderBy) query.orderBy = `${orderBy.field}:${orderBy.direction}`;
  const limit = Number(params.get('limit'));
  query.limit =
    Number.isInteger(limit) && limit > 0 && limit <= ESTATE_MAX_LIMIT
      ? limit
      : ESTATE_DEFAULT_LIMIT;
  for (const key of Object.keys(query) as Array<keyof EstateListQuery>) {
    if (query[key] === undefined) delete query[key];
  }
  return query;
}

export interface EstateSort {
  field: EstateSortField;
  direction: 'asc' | 'desc';
}

export function sortOf(params: URLSearchParams): EstateSort | undefined {
  const [field, direction] = (params.get('orderBy') ?? '').split(':');
  if (
    !(ESTATE_SORT_FIELDS as readonly string[]).includes(field) ||
    (direction !== 'asc' && direction !== 'desc')
  ) {
    return undefined;
  }
  return { field: field as EstateSortField, direction };
}

/**
 * The URL after one change of the view. A new filter, search or order starts
 * at the first page again, since the cursor belongs to the old result.
 */
export function withViewChange(
  params: URLSearchParams,
  changes: Record<string, string | undefined>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  if (!('cursor' in changes)) next.delete('cursor');
  return next;
}

/** The next order when a column header is clicked: new columns start at their natural order. */
export function nextSort(
  current: EstateSort | undefined,
  field: EstateSortField,
): string {
  if (current?.field === field) {
    return `${field}:${current.direction === 'asc' ? 'desc' : 'asc'}`;
  }
  // Names read A→Z; money, health (worst first), lag, KPUs and partitions largest first.
  return `${field}:${field === 'name' ? 'asc' : 'desc'}`;
}
