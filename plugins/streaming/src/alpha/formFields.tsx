import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:field: StreamingCostEstimate`: the live monthly price of what a template creates. */
export const streamingCostEstimateFormField = FormFieldBlueprint.make({
  name: 'cost-estimate',
  params: {
    field: () =>
      import('../components/scaffolder').then(m =>
        createFormField({
          name: 'StreamingCostEstimate',
          component: m.CostEstimateField,
        }),
      ),
  },
});

/** `ui:field: StreamingClusterPicker`: an MSK cluster with the topic APIs that the user may read. */
export const streamingClusterPickerFormField = FormFieldBlueprint.make({
  name: 'cluster-picker',
  params: {
    field: () =>
      import('../components/scaffolder').then(m =>
        createFormField({
          name: 'StreamingClusterPicker',
          component: m.ClusterPickerField,
        }),
      ),
  },
});
