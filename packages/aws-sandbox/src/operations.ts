/** The SigV4 signing names of the emulated services, as they appear in the credential scope. */
export type ServiceName =
  | 'kafka'
  | 'kinesisanalytics'
  | 'monitoring'
  | 'application-autoscaling'
  | 'logs'
  | 'pricing'
  | 'ce';

export const SERVICE_NAMES: readonly ServiceName[] = [
  'kafka',
  'kinesisanalytics',
  'monitoring',
  'application-autoscaling',
  'logs',
  'pricing',
  'ce',
];

/** Every operation the sandbox answers, per service. */
export const OPERATIONS: Record<ServiceName, readonly string[]> = {
  kafka: [
    'ListClustersV2',
    'DescribeClusterV2',
    'ListNodes',
    'ListTopics',
    'DescribeTopic',
    'ListTagsForResource',
    'CreateClusterV2',
    'CreateConfiguration',
    'CreateTopic',
    'ListConfigurations',
    'GetBootstrapBrokers',
  ],
  kinesisanalytics: [
    'ListApplications',
    'DescribeApplication',
    'ListApplicationOperations',
    'ListTagsForResource',
    'CreateApplication',
  ],
  monitoring: [
    'GetMetricData',
    'ListMetrics',
    'PutMetricAlarm',
    'DescribeAlarms',
  ],
  'application-autoscaling': [
    'RegisterScalableTarget',
    'PutScalingPolicy',
    'DescribeScalableTargets',
  ],
  logs: ['CreateLogGroup', 'CreateLogStream', 'DescribeLogGroups'],
  pricing: ['GetProducts', 'DescribeServices'],
  ce: ['GetDimensionValues', 'GetCostAndUsage', 'GetCostAndUsageWithResources'],
};

/** Operations that create resources: they may add an account's first resources in a region. */
export const CREATE_OPERATIONS: readonly string[] = [
  'CreateClusterV2',
  'CreateConfiguration',
  'CreateTopic',
  'CreateApplication',
  'PutMetricAlarm',
  'RegisterScalableTarget',
  'PutScalingPolicy',
  'CreateLogGroup',
  'CreateLogStream',
];

export const ALL_OPERATIONS: readonly string[] = [
  ...new Set(Object.values(OPERATIONS).flat()),
].sort();

/**
 * The IAM action AWS names in an AccessDenied message for an operation.
 * MSK's topic APIs are authorised by the cluster's data-plane actions.
 */
export function iamAction(service: ServiceName, operation: string): string {
  if (service === 'kafka' && operation === 'ListTopics')
    return 'kafka-cluster:DescribeTopic';
  if (service === 'kafka' && operation === 'DescribeTopic') {
    return 'kafka-cluster:DescribeTopicDynamicConfiguration';
  }
  if (service === 'kafka' && operation === 'CreateTopic')
    return 'kafka-cluster:CreateTopic';
  const prefix = service === 'monitoring' ? 'cloudwatch' : service;
  return `${prefix}:${operation}`;
}
