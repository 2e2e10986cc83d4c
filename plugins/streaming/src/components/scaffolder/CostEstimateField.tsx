import { useEffect, useState } from 'react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { CostEstimateAnswer } from '@backstage-streaming/plugin-streaming-common';
import { streamingScaffolderApiRef } from '../../api';
import { formatNumber, formatUnitUsd, formatUsdPerMonth } from '../format';
import {
  budgetAfterTopic,
  CostEstimateFieldOptions,
  proposalFromForm,
} from './proposal';
import { useScaffolderClusters } from './useScaffolderClusters';

/** Waits for the user to stop typing before asking for a new price. */
const DEBOUNCE_MS = 400;

/**
 * The monthly price of what the template will create, live as the user
 * changes size, brokers, parallelism or partitions (POST /v1/estimate, the
 * same cost rules as the service page), and for a topic the partition budget
 * left on the chosen cluster. Its value is the estimated USD per month.
 */
export function CostEstimateField(
  props: FieldExtensionComponentProps<number, CostEstimateFieldOptions>,
) {
  const { uiSchema, formContext, onChange, formData, schema } = props;
  const options: CostEstimateFieldOptions = uiSchema?.['ui:options'] ?? {};
  const values: Record<string, unknown> = formContext?.formData ?? {};
  const api = useApi(streamingScaffolderApiRef);
  const topic = options.kind === 'kafka-topic';
  const { clusters, error: clustersError } = useScaffolderClusters(topic);
  const built = proposalFromForm(options, values, clusters ?? []);
  const key = 'proposal' in built ? JSON.stringify(built.proposal) : '';
  const [state, setState] = useState<{
    key?: string;
    estimate?: CostEstimateAnswer;
    error?: Error;
  }>({});

  useEffect(() => {
    if (!key) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      api.estimateCost(JSON.parse(key)).then(
        estimate => current && setState({ key, estimate }),
        error => current && setState({ key, error }),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key]);

  const estimate = state.key === key ? state.estimate : undefined;
  useEffect(() => {
    if (estimate && formData !== estimate.monthlyUsd) {
      onChange(estimate.monthlyUsd);
    }
  }, [estimate, formData, onChange]);

  const title = schema?.title ?? 'Estimated monthly price';
  let body: JSX.Element;
  if ('missing' in built) {
    body = (
      <Typography variant="body2" color="textSecondary">
        Fill in {built.missing.join(' and ')} to see the price.
      </Typography>
    );
  } else if (state.key === key && state.error) {
    body = (
      <Alert severity="warning">
        The price could not be estimated: {state.error.message}
      </Alert>
    );
  } else if (!estimate) {
    body = (
      <Typography variant="body2" color="textSecondary">
        Estimating…
      </Typography>
    );
  } else {
    body = <EstimateSummary estimate={estimate} />;
  }

  const cluster = 'cluster' in built ? built.cluster : undefined;
  const left = topic
    ? budgetAfterTopic(cluster, values.partitions, values.replicationFactor)
    : null;
  return (
    <FormControl margin="normal" fullWidth>
      <FormLabel>{title}</FormLabel>
      <div aria-live="polite" data-testid="streaming-cost-estimate">
        {body}
        {topic && cluster && left !== null && (
          <Typography
            variant="body2"
            color={left < 0 ? 'error' : 'textPrimary'}
          >
            {left < 0
              ? `Over the partition budget of ${cluster.name} by ${formatNumber(
                  -left,
                  0,
                )} replicas: the task will refuse it.`
              : `Partition budget left on ${
                  cluster.name
                } after this topic: ${formatNumber(
                  left,
                  0,
                )} replicas (of ${formatNumber(
                  cluster.partitionBudget!.capacity,
                  0,
                )} recommended).`}
          </Typography>
        )}
        {topic && cluster && left === null && (
          <Typography variant="body2" color="textSecondary">
            The partition budget of {cluster.name} is unknown.
          </Typography>
        )}
        {clustersError && (
          <Alert severity="warning">
            Clusters could not be loaded: {clustersError.message}
          </Alert>
        )}
      </div>
      <FormHelperText>
        Estimated with the same cost rules and prices as the Streaming tab.
      </FormHelperText>
    </FormControl>
  );
}

function EstimateSummary({ estimate }: { estimate: CostEstimateAnswer }) {
  const known = estimate.parts.filter(p => p.monthlyUsd !== null);
  return (
    <>
      <Typography variant="h6" component="p">
        {estimate.complete ? '' : '≥ '}
        {formatUsdPerMonth(estimate.monthlyUsd)}
      </Typography>
      {known.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {known.map(part => (
            <li key={part.item}>
              <Typography variant="body2">
                {part.description}: {formatNumber(part.quantity ?? 0, 0)}{' '}
                {part.unit} × {formatUnitUsd(part.unitUsd ?? 0)} ={' '}
                {formatUsdPerMonth(part.monthlyUsd!)}
              </Typography>
            </li>
          ))}
        </ul>
      )}
      {!estimate.complete && (
        <Typography variant="body2" color="textSecondary">
          A lower bound: the price of{' '}
          {estimate.unknownParts.map(p => p.item).join(', ')} is unknown before
          it runs, so a price limit cannot be checked against it.
        </Typography>
      )}
      {estimate.notes
        .filter(
          note =>
            note.startsWith('A topic') ||
            note.startsWith('MSK Serverless bills'),
        )
        .map(note => (
          <Typography key={note} variant="body2" color="textSecondary">
            {note}
          </Typography>
        ))}
    </>
  );
}
