import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import LinearProgress from '@material-ui/core/LinearProgress';
import GetAppIcon from '@material-ui/icons/GetApp';
import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  clusterTypeSchema,
  EstateAssetRow,
  EstateList,
  EstateListQuery,
  EstateListResponse,
  EstateSortField,
  healthStatusSchema,
} from '@backstage-streaming/plugin-streaming-common';
import { streamingApiRef } from '../../api';
import { StreamingHealthStatus } from '../StreamingHealthStatus';
import { CLUSTER_TYPE_LABELS } from '../StreamingOverviewCard/assetRows';
import { HEALTH_STATUS_LABELS } from '../StreamingHealthStatus/StreamingHealthStatus';
import { formatNumber, formatUnitUsd, formatUsdPerMonth } from '../format';
import { StreamingSkeleton } from '../states';
import {
  CostWithheldNotice,
  EstateErrorPanel,
  PartialDataNotice,
  RestrictedNotice,
  StaleRowsNotice,
} from './EstateNotices';
import { AttachedEntities, OwnerLink } from './links';
import {
  CatalogResourceLink,
  CatalogResourceLinksProvider,
} from '../catalogLinks';
import { listQueryOf, nextSort, sortOf, withViewChange } from './estateView';
import { saveFile } from './saveFile';
import { useLoad } from './useLoad';

const useStyles = makeStyles((theme: Theme) => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    alignItems: 'center',
    marginBottom: theme.spacing(2),
  },
  field: { minWidth: 160 },
  panel: { display: 'flex', flexDirection: 'column', gap: theme.spacing(2) },
}));

/** A column of a list: its header, how a row shows in it, and its sort field. */
interface Column {
  id: string;
  title: string;
  sort?: EstateSortField;
  numeric?: boolean;
  /** Cost columns are left out when the caller may see no cost. */
  cost?: boolean;
  render(row: EstateAssetRow): React.ReactNode;
}

function costCell(value: number | null | undefined, complete?: boolean | null) {
  if (value === undefined) return 'withheld';
  if (value === null) return 'unknown';
  const text = formatUsdPerMonth(value);
  return complete === false ? `≥ ${text}` : text;
}

const NAME: Column = {
  id: 'name',
  title: 'Name',
  sort: 'name',
  render: row => (
    <>
      <Typography variant="body2" component="div">
        <CatalogResourceLink arn={row.arn}>{row.name}</CatalogResourceLink>{' '}
        {row.stale && <Chip size="small" label="Stale" variant="outlined" />}
      </Typography>
      <AttachedEntities entityRefs={row.entityRefs} />
    </>
  ),
};
const CLUSTER: Column = {
  id: 'cluster',
  title: 'Cluster',
  render: row => row.clusterName ?? '—',
};
const OWNER: Column = {
  id: 'owner',
  title: 'Owner',
  render: row => <OwnerLink owner={row.owner} claimedBy={row.claimedBy} />,
};
const TYPE: Column = {
  id: 'clusterType',
  title: 'Type',
  render: row => (row.clusterType ? CLUSTER_TYPE_LABELS[row.clusterType] : '—'),
};
const WHERE: Column = {
  id: 'where',
  title: 'Account / region',
  render: row => `${row.accountId} / ${row.region}`,
};
const HEALTH: Column = {
  id: 'health',
  title: 'Health',
  sort: 'health',
  render: row => <StreamingHealthStatus status={row.healthStatus} />,
};
const MONTHLY: Column = {
  id: 'monthlyUsd',
  title: 'Monthly cost',
  sort: 'monthlyUsd',
  numeric: true,
  cost: true,
  render: row => costCell(row.monthlyUsd, row.costComplete),
};
const PER_GB: Column = {
  id: 'usdPerGbIn',
  title: '$/GB in',
  sort: 'usdPerGbIn',
  numeric: true,
  cost: true,
  render: row => {
    if (row.usdPerGbIn === undefined) return 'withheld';
    if (row.usdPerGbIn === null) return '—';
    const text = formatUnitUsd(row.usdPerGbIn);
    return row.costComplete === false ? `≥ ${text}` : text;
  },
};
const SAVING: Column = {
  id: 'savingUsd',
  title: 'Possible saving',
  numeric: true,
  cost: true,
  render: row => {
    if (row.savingUsd === undefined) return 'withheld';
    return row.savingUsd ? formatUsdPerMonth(row.savingUsd) : '—';
  },
};
const PARTITIONS: Column = {
  id: 'partitions',
  title: 'Partitions',
  sort: 'partitions',
  numeric: true,
  render: row =>
    row.partitions === null ? '—' : formatNumber(row.partitions, 0),
};
const LAG: Column = {
  id: 'lag',
  title: 'Max lag',
  sort: 'lag',
  numeric: true,
  render: row => (row.maxLag === null ? '—' : formatNumber(row.maxLag, 0)),
};
const KPUS: Column = {
  id: 'kpus',
  title: 'KPUs',
  sort: 'kpus',
  numeric: true,
  render: row =>
    row.kpus === null
      ? '—'
      : `${formatNumber(row.kpus)}${
          row.kpuLimitUsage === null
            ? ''
            : ` (${formatNumber(row.kpuLimitUsage * 100, 0)}% of limit)`
        }`,
};

export const LIST_COLUMNS: Record<EstateList, Column[]> = {
  clusters: [
    NAME,
    OWNER,
    TYPE,
    WHERE,
    HEALTH,
    PARTITIONS,
    MONTHLY,
    PER_GB,
    SAVING,
  ],
  topics: [
    NAME,
    CLUSTER,
    OWNER,
    WHERE,
    HEALTH,
    PARTITIONS,
    LAG,
    MONTHLY,
    PER_GB,
  ],
  'consumer-groups': [NAME, CLUSTER, OWNER, WHERE, HEALTH, LAG],
  applications: [NAME, OWNER, WHERE, HEALTH, KPUS, MONTHLY, SAVING],
};

const LIST_NOUNS: Record<EstateList, string> = {
  clusters: 'clusters',
  topics: 'topics',
  'consumer-groups': 'consumer groups',
  applications: 'Flink applications',
};

/** A text filter that changes the URL on Enter or when it loses focus, not on each key. */
function FilterField(props: {
  label: string;
  value: string;
  onCommit(value: string): void;
}) {
  const classes = useStyles();
  const [draft, setDraft] = useState(props.value);
  const [shown, setShown] = useState(props.value);
  if (shown !== props.value) {
    // The URL changed under us (back button, a shared link): follow it.
    setShown(props.value);
    setDraft(props.value);
  }
  const commit = () => {
    if (draft.trim() !== props.value) props.onCommit(draft.trim());
  };
  return (
    <TextField
      id={`estate-filter-${props.label.replace(/\W+/g, '-').toLowerCase()}`}
      className={classes.field}
      size="small"
      variant="outlined"
      label={props.label}
      value={draft}
      onChange={e => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={e => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

function SelectFilter(props: {
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange(value: string): void;
}) {
  const classes = useStyles();
  return (
    <TextField
      select
      id={`estate-filter-${props.label.replace(/\W+/g, '-').toLowerCase()}`}
      className={classes.field}
      size="small"
      variant="outlined"
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ inputProps: { 'aria-label': props.label } }}
    >
      <MenuItem value="">Any</MenuItem>
      {props.options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * One list tab: its filters, search, order and page come from the URL and go
 * back into it, so the view can be shared; the backend pages and sorts.
 */
export function EstateListTab(props: {
  list: EstateList;
  params: URLSearchParams;
  setParams(next: URLSearchParams): void;
}) {
  const { list, params, setParams } = props;
  const classes = useStyles();
  const streamingApi = useApi(streamingApiRef);
  const query = listQueryOf(params);
  const queryKey = JSON.stringify(query);
  const state = useLoad(
    () => streamingApi.listEstate(list, query),
    [streamingApi, list, queryKey],
  );
  // The last answer stays on screen while the next view loads, so a sort or a
  // page turn does not blank the table.
  const [shown, setShown] = useState<EstateListResponse>();
  useEffect(() => {
    if (state.status === 'loaded') setShown(state.value);
  }, [state]);
  // The cursors of the pages before this one, so "Previous page" can go back.
  const [earlier, setEarlier] = useState<Array<string | undefined>>([]);
  const [downloading, setDownloading] = useState<Error | 'busy' | null>(null);

  const change = (changes: Record<string, string | undefined>) => {
    if (!('cursor' in changes)) setEarlier([]);
    setParams(withViewChange(params, changes));
  };
  const sort = sortOf(params);

  const download = async () => {
    setDownloading('busy');
    try {
      saveFile(await streamingApi.downloadEstateCsv({ list, query }));
      setDownloading(null);
    } catch (error) {
      setDownloading(error as Error);
    }
  };

  return (
    <div className={classes.panel}>
      <div
        className={classes.toolbar}
        role="search"
        aria-label={`Filter ${LIST_NOUNS[list]}`}
      >
        <FilterField
          label="Search by name"
          value={query.q ?? ''}
          onCommit={q => change({ q })}
        />
        <FilterField
          label="Owner"
          value={query.owner ?? ''}
          onCommit={owner => change({ owner })}
        />
        <FilterField
          label="Account"
          value={query.accountId ?? ''}
          onCommit={accountId => change({ accountId })}
        />
        <FilterField
          label="Region"
          value={query.region ?? ''}
          onCommit={region => change({ region })}
        />
        <SelectFilter
          label="Cluster type"
          value={query.clusterType ?? ''}
          options={clusterTypeSchema.options.map(value => ({
            value,
            label: CLUSTER_TYPE_LABELS[value],
          }))}
          onChange={clusterType => change({ clusterType })}
        />
        <SelectFilter
          label="Health"
          value={query.healthStatus ?? ''}
          options={healthStatusSchema.options.map(value => ({
            value,
            label: HEALTH_STATUS_LABELS[value],
          }))}
          onChange={healthStatus => change({ healthStatus })}
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={query.unowned === true}
              onChange={e =>
                change({ unowned: e.target.checked ? 'true' : undefined })
              }
            />
          }
          label="Unowned only"
        />
        <Box flexGrow={1} />
        <Button
          variant="outlined"
          startIcon={<GetAppIcon />}
          onClick={download}
          disabled={downloading === 'busy'}
        >
          Download CSV
        </Button>
      </div>
      {downloading instanceof Error && <EstateErrorPanel error={downloading} />}
      {state.status === 'loading' && !shown && <StreamingSkeleton rows={4} />}
      {state.status === 'loading' && shown && (
        <LinearProgress aria-label="Loading the next view" />
      )}
      {state.status === 'error' && <EstateErrorPanel error={state.error} />}
      {shown && state.status !== 'error' && (
        <ListResult
          list={list}
          response={shown}
          query={query}
          sort={sort}
          onSort={field => change({ orderBy: nextSort(sort, field) })}
          onNext={() => {
            setEarlier([...earlier, query.cursor]);
            change({ cursor: shown.nextCursor ?? undefined });
          }}
          onPrevious={previousPage(earlier, query.cursor, cursor => {
            setEarlier(earlier.slice(0, -1));
            change({ cursor });
          })}
        />
      )}
    </div>
  );
}

/**
 * Back one page: to the cursor before this one, or to the first page when
 * the page was opened from a link (no earlier cursors are known then).
 */
function previousPage(
  earlier: Array<string | undefined>,
  cursor: string | undefined,
  go: (cursor: string | undefined) => void,
): (() => void) | undefined {
  if (earlier.length > 0) return () => go(earlier[earlier.length - 1]);
  if (cursor) return () => go(undefined);
  return undefined;
}

function emptyListText(
  noun: string,
  filtered: boolean,
  refreshedAt: string | null,
) {
  if (filtered) {
    return {
      title: `No ${noun} match these filters`,
      description: 'Clear a filter or the search to see more.',
    };
  }
  return {
    title: `No ${noun} in the estate`,
    description: refreshedAt
      ? 'The latest inventory refresh found none in the configured AWS accounts and regions.'
      : 'The backend has not finished its first inventory refresh yet; reload the page in a minute.',
  };
}

function ListResult(props: {
  list: EstateList;
  response: EstateListResponse;
  query: EstateListQuery;
  sort: ReturnType<typeof sortOf>;
  onSort(field: EstateSortField): void;
  onNext(): void;
  onPrevious?: () => void;
}) {
  const { list, response, query, sort } = props;
  const columns = LIST_COLUMNS[list].filter(
    column => !column.cost || response.cost.shown !== 'none',
  );
  const filtered = Object.keys(query).some(
    key => !['limit', 'orderBy', 'cursor'].includes(key),
  );
  const staleRows = response.items.filter(row => row.stale).length;
  return (
    <CatalogResourceLinksProvider arns={response.items.map(row => row.arn)}>
      <PartialDataNotice coverage={response.coverage} />
      <RestrictedNotice coverage={response.coverage} />
      <CostWithheldNotice cost={response.cost} />
      <StaleRowsNotice count={staleRows} />
      {response.totalCount === 0 ? (
        <EmptyState
          missing={filtered ? 'data' : 'info'}
          {...emptyListText(
            LIST_NOUNS[list],
            filtered,
            response.coverage.refreshedAt,
          )}
        />
      ) : (
        <>
          <Typography variant="body2" color="textSecondary">
            {response.totalCount} {LIST_NOUNS[list]}
            {query.cursor ? ' (a later page)' : ''}
          </Typography>
          <Table size="small" aria-label={LIST_NOUNS[list]}>
            <TableHead>
              <TableRow>
                {columns.map(column => (
                  <TableCell
                    key={column.id}
                    align={column.numeric ? 'right' : 'left'}
                    sortDirection={
                      sort && column.sort === sort.field
                        ? sort.direction
                        : false
                    }
                  >
                    {column.sort ? (
                      <TableSortLabel
                        active={sort?.field === column.sort}
                        direction={
                          sort?.field === column.sort ? sort.direction : 'asc'
                        }
                        onClick={() => props.onSort(column.sort!)}
                      >
                        {column.title}
                      </TableSortLabel>
                    ) : (
                      column.title
                    )}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {response.items.map(row => (
                <TableRow key={row.arn}>
                  {columns.map(column => (
                    <TableCell
                      key={column.id}
                      align={column.numeric ? 'right' : 'left'}
                    >
                      {column.render(row)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Box display="flex" justifyContent="flex-end" style={{ gap: 8 }}>
            <Button
              size="small"
              onClick={props.onPrevious}
              disabled={!props.onPrevious}
            >
              Previous page
            </Button>
            <Button
              size="small"
              onClick={props.onNext}
              disabled={!response.nextCursor}
            >
              Next page
            </Button>
          </Box>
        </>
      )}
    </CatalogResourceLinksProvider>
  );
}
