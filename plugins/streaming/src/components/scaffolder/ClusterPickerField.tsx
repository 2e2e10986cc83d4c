import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { ScaffolderCluster } from '@backstage-streaming/plugin-streaming-common';
import { formatNumber } from '../format';
import { useScaffolderClusters } from './useScaffolderClusters';

/** One line per cluster: name, type, region, account and partition budget left. */
export function clusterLabel(cluster: ScaffolderCluster): string {
  const budget = cluster.partitionBudget
    ? `${formatNumber(
        cluster.partitionBudget.remainingReplicas,
        0,
      )} of ${formatNumber(
        cluster.partitionBudget.capacity,
        0,
      )} partition replicas free`
    : 'partition budget unknown';
  const state = cluster.state === 'ACTIVE' ? '' : `, ${cluster.state}`;
  return `${cluster.name} (${cluster.clusterType}, ${cluster.region}, ${cluster.accountId}${state}): ${budget}`;
}

/**
 * Picks the MSK cluster for a new topic among those the user may read that
 * have the MSK topic APIs (GET /v1/scaffolder/clusters). Its value is the
 * cluster ARN.
 */
export function ClusterPickerField(
  props: FieldExtensionComponentProps<string>,
) {
  const { formData, onChange, schema, required, rawErrors, idSchema } = props;
  const { clusters, error } = useScaffolderClusters();
  const id = `${idSchema?.$id ?? 'streaming-cluster'}-select`;
  const title = schema?.title ?? 'Cluster';
  let help = schema?.description ?? '';
  if (error) help = `Clusters could not be loaded: ${error.message}`;
  else if (clusters?.length === 0)
    help =
      'No cluster you may read has the MSK topic APIs (provisioned, Kafka 3.6.0 or later).';
  return (
    <FormControl
      margin="normal"
      fullWidth
      required={required}
      error={!!error || (rawErrors?.length ?? 0) > 0}
    >
      <InputLabel id={`${id}-label`}>{title}</InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        value={formData ?? ''}
        onChange={event => onChange(String(event.target.value))}
        disabled={!clusters}
      >
        {(clusters ?? []).map(cluster => (
          <MenuItem
            key={cluster.arn}
            value={cluster.arn}
            disabled={cluster.state !== 'ACTIVE'}
          >
            {clusterLabel(cluster)}
          </MenuItem>
        ))}
      </Select>
      <FormHelperText>{clusters ? help : 'Loading clusters…'}</FormHelperText>
    </FormControl>
  );
}
