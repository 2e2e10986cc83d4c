import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ChargebackGroupBy,
  ChargebackResponse,
  ChargebackRow,
  ClusterType,
} from '@backstage-streaming/plugin-streaming-common';
import { streamingApiRef } from '../../api';
import { CLUSTER_TYPE_LABELS } from '../StreamingOverviewCard/assetRows';
import { formatUsd } from '../format';
import { StreamingSkeleton } from '../states';
import {
  CostWithheldNotice,
  EstateErrorPanel,
  PartialDataNotice,
  RestrictedNotice,
} from './EstateNotices';
import { formatMoney } from './EstateSummary';
import { OwnerLink } from './links';
import { saveFile } from './saveFile';
import { useLoad } from './useLoad';

const GROUP_BY_LABELS: Record<ChargebackGroupBy, string> = {
  owner: 'Owner',
  account: 'Account',
  region: 'Region',
  clusterType: 'Cluster type',
};

function KeyCell(props: { groupBy: ChargebackGroupBy; row: ChargebackRow }) {
  const { groupBy, row } = props;
  if (groupBy === 'owner') return <OwnerLink owner={row.key} />;
  if (groupBy === 'clusterType') {
    return <>{CLUSTER_TYPE_LABELS[row.key as ClusterType] ?? row.key}</>;
  }
  return <>{row.key}</>;
}

function ChargebackLine(props: {
  row: ChargebackRow;
  label?: string;
  groupBy: ChargebackGroupBy;
}) {
  const { row } = props;
  return (
    <TableRow>
      <TableCell>
        {props.label ?? <KeyCell groupBy={props.groupBy} row={row} />}
        {row.basis.length > 0 && (
          <Typography variant="caption" component="div" color="textSecondary">
            {row.basis.join('; ')}
          </Typography>
        )}
      </TableCell>
      <TableCell align="right">{row.assetCount}</TableCell>
      <TableCell align="right">{formatUsd(row.dedicatedUsd)}</TableCell>
      <TableCell align="right">{formatUsd(row.sharedFixedUsd)}</TableCell>
      <TableCell align="right">{formatUsd(row.usageUsd)}</TableCell>
      <TableCell align="right">{formatMoney(row)}</TableCell>
    </TableRow>
  );
}

/** What each owner (or account, region, cluster type) is charged, with the split's basis, and the month's report as CSV. */
export function ChargebackTab(props: {
  groupBy: ChargebackGroupBy;
  onGroupBy(groupBy: ChargebackGroupBy): void;
}) {
  const { groupBy } = props;
  const streamingApi = useApi(streamingApiRef);
  const state = useLoad(
    () => streamingApi.getChargeback(groupBy),
    [streamingApi, groupBy],
  );
  const [downloadError, setDownloadError] = useState<Error>();
  const download = async () => {
    setDownloadError(undefined);
    try {
      saveFile(await streamingApi.downloadEstateCsv({ chargeback: groupBy }));
    } catch (error) {
      setDownloadError(error as Error);
    }
  };
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <Box display="flex" alignItems="center" style={{ gap: 12 }}>
        <TextField
          select
          id="estate-chargeback-group-by"
          size="small"
          variant="outlined"
          label="Group by"
          value={groupBy}
          onChange={e => props.onGroupBy(e.target.value as ChargebackGroupBy)}
          SelectProps={{ inputProps: { 'aria-label': 'Group by' } }}
          style={{ minWidth: 180 }}
        >
          {Object.entries(GROUP_BY_LABELS).map(([value, label]) => (
            <MenuItem key={value} value={value}>
              {label}
            </MenuItem>
          ))}
        </TextField>
        <Box flexGrow={1} />
        <Button
          variant="outlined"
          startIcon={<GetAppIcon />}
          onClick={download}
        >
          Download this month's report (CSV)
        </Button>
      </Box>
      {downloadError && <EstateErrorPanel error={downloadError} />}
      {state.status === 'loading' && <StreamingSkeleton rows={4} />}
      {state.status === 'error' && <EstateErrorPanel error={state.error} />}
      {state.status === 'loaded' && <ChargebackTable response={state.value} />}
    </Box>
  );
}

function ChargebackTable(props: { response: ChargebackResponse }) {
  const { response } = props;
  return (
    <>
      <PartialDataNotice coverage={response.coverage} />
      <RestrictedNotice coverage={response.coverage} />
      <CostWithheldNotice cost={response.cost} />
      {response.cost.shown !== 'none' && (
        <>
          <Typography variant="body2">
            Total {formatMoney(response)}. Shared clusters' fixed cost is split{' '}
            {response.model.description}.
          </Typography>
          <Table size="small" aria-label="Chargeback">
            <TableHead>
              <TableRow>
                <TableCell>{GROUP_BY_LABELS[response.groupBy]}</TableCell>
                <TableCell align="right">Assets</TableCell>
                <TableCell align="right">Dedicated</TableCell>
                <TableCell align="right">Share of shared clusters</TableCell>
                <TableCell align="right">Usage</TableCell>
                <TableCell align="right">Monthly total</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {response.rows.map(row => (
                <ChargebackLine
                  key={row.key}
                  row={row}
                  groupBy={response.groupBy}
                />
              ))}
              {response.unowned.assetCount > 0 && (
                <ChargebackLine
                  row={response.unowned}
                  label="Unowned"
                  groupBy={response.groupBy}
                />
              )}
              <ChargebackLine
                row={response.platformOverhead}
                label="Platform overhead"
                groupBy={response.groupBy}
              />
            </TableBody>
          </Table>
        </>
      )}
    </>
  );
}
