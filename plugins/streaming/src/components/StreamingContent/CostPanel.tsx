import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  AssetCost,
  EntityStreamingResponse,
} from '@backstage-streaming/plugin-streaming-common';
import {
  costBound,
  CostBound,
  formatBound,
  formatNumber,
  formatOwner,
  formatUnitUsd,
  formatUsd,
  formatUsdPerMonth,
} from '../format';
import { ActualCost } from './ActualCost';

const useStyles = makeStyles((theme: Theme) => ({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  },
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
  reason: { overflowWrap: 'anywhere' },
}));

type CostPermission = EntityStreamingResponse['cost'];
type CostPart = AssetCost['estimate']['parts'][number];

const ORIGIN_LABELS = {
  'price-list': 'AWS Price List',
  'built-in': 'built-in table',
  configuration: 'configured',
} as const;

/** Where a part's price came from, e.g. "AWS Price List, 2026-11-01"; the full source is its tooltip. */
export function priceOriginText(part: CostPart): string {
  // A view derived before parts carried their origin: the tooltip still gives the source.
  if (part.unitUsd === null || !part.priceOrigin) return '—';
  const origin = ORIGIN_LABELS[part.priceOrigin];
  return part.priceAsOf ? `${origin}, ${part.priceAsOf}` : origin;
}

const BASIS_LABELS = {
  // The chargeback model: shared fixed cost by partitions and bytes, usage to the topic that caused it.
  'bytes-in': 'partitions and bytes',
  partitions: 'partitions',
  none: 'nothing to split by',
} as const;

function monthlyHeadline(
  estimate: AssetCost['estimate'],
  bound: CostBound,
): string {
  // Nothing known is not $0: say so rather than "≥ $0.00".
  if (
    !estimate.complete &&
    estimate.parts.every(part => part.monthlyUsd === null)
  ) {
    return 'unknown';
  }
  return formatBound(formatUsdPerMonth(estimate.monthlyUsd), bound);
}

export function deltaText(delta: number | null): string {
  if (delta === null) return 'cost change unknown (a price is missing)';
  if (delta < 0) return `saves ${formatUsdPerMonth(-delta)}`;
  if (delta > 0) return `adds ${formatUsdPerMonth(delta)}`;
  return 'no cost change';
}

function Breakdown(props: { cost: AssetCost; title: string }) {
  const { cost, title } = props;
  const classes = useStyles();
  return (
    <Table size="small" aria-label={title}>
      <TableHead>
        <TableRow>
          <TableCell>Part</TableCell>
          <TableCell align="right">Quantity</TableCell>
          <TableCell align="right">Unit price</TableCell>
          <TableCell>Price from</TableCell>
          <TableCell align="right">Monthly</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {cost.estimate.parts.map(part => (
          <TableRow key={`${part.item}-${part.description}`}>
            <TableCell>
              {part.description}
              {part.reason && (
                <Typography
                  variant="caption"
                  component="p"
                  color="textSecondary"
                  className={classes.reason}
                >
                  {part.reason}
                </Typography>
              )}
            </TableCell>
            <TableCell align="right">
              {part.quantity === null
                ? 'unknown'
                : `${formatNumber(part.quantity, 2)} ${part.unit}`}
            </TableCell>
            <TableCell align="right" title={part.source ?? undefined}>
              {part.unitUsd === null ? 'unknown' : formatUnitUsd(part.unitUsd)}
            </TableCell>
            <TableCell title={part.source ?? undefined}>
              {priceOriginText(part)}
            </TableCell>
            <TableCell align="right">
              {part.monthlyUsd === null
                ? 'unknown'
                : formatUsd(part.monthlyUsd)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The quantities no API gives, taken from streaming.pricing.assumptions. */
function Assumptions(props: { parts: CostPart[] }) {
  const classes = useStyles();
  const assumed = props.parts.filter(part => part.assumedIn);
  if (assumed.length === 0) return null;
  return (
    <div>
      <Typography variant="subtitle2" component="h4">
        Assumptions
      </Typography>
      <Typography variant="body2" component="ul" className={classes.list}>
        {assumed.map(part => (
          <li key={part.item}>
            {part.description}:{' '}
            {part.quantity === null
              ? 'unknown'
              : `${formatNumber(part.quantity, 2)} ${part.unit}`}
            , assumed in {part.assumedIn} (no AWS API gives it)
          </li>
        ))}
      </Typography>
    </div>
  );
}

function Chargeback(props: {
  chargeback: NonNullable<AssetCost['chargeback']>;
  bound: CostBound;
  subject: string;
}) {
  const { chargeback, bound, subject } = props;
  const overhead = chargeback.platformOverhead;
  const unallocated = chargeback.unallocatedUsd;
  return (
    <div>
      <Typography variant="subtitle2" component="h4">
        Chargeback by owner
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Basis: {BASIS_LABELS[chargeback.basis]}. {chargeback.basisDescription}
      </Typography>
      {(chargeback.byOwner.length > 0 || overhead.topics.length > 0) && (
        <Table size="small" aria-label={`Chargeback of ${subject} by owner`}>
          <TableHead>
            <TableRow>
              <TableCell>Owner</TableCell>
              <TableCell align="right">Topics</TableCell>
              <TableCell align="right">Monthly share</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {chargeback.byOwner.map(row => (
              <TableRow key={row.owner}>
                <TableCell>{formatOwner(row.owner)}</TableCell>
                <TableCell align="right">{row.topicCount}</TableCell>
                <TableCell align="right">
                  {formatBound(formatUsd(row.usd), bound)}
                </TableCell>
              </TableRow>
            ))}
            {overhead.topics.length > 0 && (
              <TableRow>
                <TableCell title={`Topics matching ${overhead.pattern}`}>
                  Platform overhead (internal topics)
                </TableCell>
                <TableCell align="right">{overhead.topics.length}</TableCell>
                <TableCell align="right">
                  {formatBound(formatUsd(overhead.usd), bound)}
                </TableCell>
              </TableRow>
            )}
            {unallocated > 0 && (
              <TableRow>
                <TableCell>Unallocated</TableCell>
                <TableCell align="right">0</TableCell>
                <TableCell align="right">
                  {formatBound(formatUsd(unallocated), bound)}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function Rightsizing(props: {
  rightsizing: NonNullable<AssetCost['rightsizing']>;
}) {
  const { rightsizing } = props;
  const classes = useStyles();
  if (rightsizing.recommendations.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Right-sizing: the current size fits the measured load.
      </Typography>
    );
  }
  return (
    <div>
      <Typography variant="subtitle2" component="h4">
        Right-sizing
      </Typography>
      <ul className={classes.list}>
        {rightsizing.recommendations.map(recommendation => (
          <li key={recommendation.ruleId}>
            <Typography variant="body2">{recommendation.message}</Typography>
            {recommendation.options.length > 0 && (
              <ul className={classes.list}>
                {recommendation.options.map(option => (
                  <Typography
                    component="li"
                    variant="body2"
                    key={option.change}
                  >
                    {option.change}: {deltaText(option.monthlyUsdDelta)}
                  </Typography>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What an asset costs: the monthly estimate and its parts, cost per GB,
 * chargeback (a cluster's split by owner, or a topic's share) and right-sizing
 * with the monthly saving. Says so when cost is not permitted or not computed.
 */
export function CostPanel(props: {
  cost: AssetCost | undefined;
  permission: CostPermission;
  subject: string;
  /** A cluster's or application's ARN: its actual cost is shown beside the estimate. */
  actualCostArn?: string;
}) {
  const { cost, permission, subject, actualCostArn } = props;
  const classes = useStyles();

  // Cost is permitted per asset: the reason also explains an asset without it.
  if (permission?.permitted === false || (!cost && permission?.reason)) {
    return (
      <Alert severity="info">
        Cost not shown: {permission.reason ?? 'you are not allowed to see it.'}
      </Alert>
    );
  }
  if (!cost) {
    return (
      <Typography variant="body2" color="textSecondary">
        No cost estimate for {subject} yet: the backend computes it once the
        asset's size and metrics are known.
      </Typography>
    );
  }
  const { estimate, share } = cost;
  const bound = costBound(cost);
  const headline = monthlyHeadline(estimate, bound);
  const shareText = share && formatBound(formatUsdPerMonth(share.usd), bound);
  return (
    <div className={classes.panel}>
      {share && share.platformOverhead && (
        <Typography variant="body1">
          Platform overhead: <strong>{shareText}</strong> of the cluster's{' '}
          {headline}, split by {BASIS_LABELS[share.basis]}. An internal topic is
          charged to no team.
        </Typography>
      )}
      {share && !share.platformOverhead && (
        <Typography variant="body1">
          Share of its cluster: <strong>{shareText}</strong> of the cluster's{' '}
          {headline}, split by {BASIS_LABELS[share.basis]}
          {share.basisDescription ? `: ${share.basisDescription}` : ''}.
        </Typography>
      )}
      {!share && (
        <Typography variant="body1">
          Estimated cost: <strong>{headline}</strong> at list prices in{' '}
          {estimate.region}.
        </Typography>
      )}
      {(cost.usdPerGbIn !== null ||
        cost.usdPerGbOut !== null ||
        typeof cost.usdPerMillionRecords === 'number') && (
        <Typography variant="body2">
          {[
            cost.usdPerGbIn !== null &&
              formatBound(`${formatUnitUsd(cost.usdPerGbIn)} per GB in`, bound),
            cost.usdPerGbOut !== null &&
              formatBound(
                `${formatUnitUsd(cost.usdPerGbOut)} per GB out`,
                bound,
              ),
            typeof cost.usdPerMillionRecords === 'number' &&
              formatBound(
                `${formatUnitUsd(
                  cost.usdPerMillionRecords,
                )} per million records`,
                bound,
              ),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
      )}
      {!estimate.complete && (
        <Alert severity="info">
          Some parts have no known price or quantity, so the total is a lower
          bound. What to configure is said under each unknown part below.
        </Alert>
      )}
      {share && (
        <Typography variant="subtitle2" component="h4">
          The cluster's cost
        </Typography>
      )}
      <Breakdown
        cost={cost}
        title={
          share ? `Cost of the cluster of ${subject}` : `Cost of ${subject}`
        }
      />
      <Assumptions parts={estimate.parts} />
      {actualCostArn && <ActualCost arn={actualCostArn} />}
      {cost.chargeback && (
        <Chargeback
          chargeback={cost.chargeback}
          bound={bound}
          subject={subject}
        />
      )}
      {cost.rightsizing && <Rightsizing rightsizing={cost.rightsizing} />}
      <Typography variant="caption" color="textSecondary">
        {estimate.notes.length > 0
          ? estimate.notes.join(' ')
          : `A month is ${estimate.hoursPerMonth} hours; GB means ${estimate.gbUnit}.`}
      </Typography>
    </div>
  );
}
