import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { streamingApiRef } from '../../api';
import { formatUsdPerMonth } from '../format';
import { StreamingSkeleton } from '../states';
import {
  CostWithheldNotice,
  EstateErrorPanel,
  PartialDataNotice,
  RestrictedNotice,
} from './EstateNotices';
import { OwnerLink } from './links';
import {
  CatalogResourceLink,
  CatalogResourceLinksProvider,
} from '../catalogLinks';
import { useLoad } from './useLoad';

/** Right-sizing across the estate, largest monthly saving first, as the backend ranks it. */
export function SavingsTab() {
  const streamingApi = useApi(streamingApiRef);
  const state = useLoad(
    () => streamingApi.getSavings({ limit: 100 }),
    [streamingApi],
  );
  if (state.status === 'loading') return <StreamingSkeleton rows={4} />;
  if (state.status === 'error') return <EstateErrorPanel error={state.error} />;
  const response = state.value;
  return (
    <CatalogResourceLinksProvider arns={response.items.map(item => item.arn)}>
      <PartialDataNotice coverage={response.coverage} />
      <RestrictedNotice coverage={response.coverage} />
      <CostWithheldNotice cost={response.cost} />
      {response.items.length === 0 ? (
        <EmptyState
          missing="info"
          title="No right-sizing opportunities"
          description="Every cluster and Flink application whose cost you may see is sized for its load."
        />
      ) : (
        <>
          <Typography variant="body2">
            {response.totalCount} opportunities, saving{' '}
            {formatUsdPerMonth(response.totalMonthlySavingUsd)} in all.
          </Typography>
          <Table size="small" aria-label="Savings">
            <TableHead>
              <TableRow>
                <TableCell>Asset</TableCell>
                <TableCell>Owner</TableCell>
                <TableCell>Change</TableCell>
                <TableCell align="right">Monthly saving</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {response.items.map(item => (
                <TableRow key={item.arn}>
                  <TableCell>
                    <CatalogResourceLink arn={item.arn}>
                      {item.name}
                    </CatalogResourceLink>
                    <Typography
                      variant="caption"
                      component="div"
                      color="textSecondary"
                    >
                      {item.accountId} / {item.region}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <OwnerLink owner={item.owner} />
                  </TableCell>
                  <TableCell>
                    {item.change}
                    <Typography
                      variant="caption"
                      component="div"
                      color="textSecondary"
                    >
                      {item.message}
                    </Typography>
                  </TableCell>
                  <TableCell align="right">
                    {formatUsdPerMonth(item.monthlySavingUsd)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </CatalogResourceLinksProvider>
  );
}
