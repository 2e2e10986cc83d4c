export { CostEstimateField } from './CostEstimateField';
export { ClusterPickerField, clusterLabel } from './ClusterPickerField';
export { proposalFromForm, budgetAfterTopic } from './proposal';
export type { CostEstimateFieldOptions, EstimateKind } from './proposal';
