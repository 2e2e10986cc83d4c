/**
 * What went wrong with one AWS call, in a form that can be stored and shown.
 */
export interface AwsCallError {
  /** The SDK operation, e.g. `ListClustersV2`. */
  operation: string;
  /** The AWS error code, e.g. `AccessDeniedException`, `ThrottlingException`, `TimeoutError`. */
  code: string;
  /** The IAM action the operation needs, named so an AccessDenied can be fixed. */
  iamAction?: string;
  message: string;
}

/** The IAM action each operation we call needs (service authorization reference). */
const IAM_ACTIONS: Record<string, string> = {
  ListClustersV2: 'kafka:ListClustersV2',
  DescribeClusterV2: 'kafka:DescribeClusterV2',
  ListNodes: 'kafka:ListNodes',
  ListTopics: 'kafka-cluster:DescribeTopic',
  DescribeTopic: 'kafka-cluster:DescribeTopicDynamicConfiguration',
  ListApplications: 'kinesisanalytics:ListApplications',
  DescribeApplication: 'kinesisanalytics:DescribeApplication',
  ListApplicationOperations: 'kinesisanalytics:ListApplicationOperations',
  'KinesisAnalytics:ListTagsForResource':
    'kinesisanalytics:ListTagsForResource',
  'Kafka:ListTagsForResource': 'kafka:ListTagsForResource',
  GetMetricData: 'cloudwatch:GetMetricData',
  ListMetrics: 'cloudwatch:ListMetrics',
  GetProducts: 'pricing:GetProducts',
  GetDimensionValues: 'ce:GetDimensionValues',
  GetCostAndUsage: 'ce:GetCostAndUsage',
  GetCostAndUsageWithResources: 'ce:GetCostAndUsageWithResources',
};

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'ForbiddenException',
  'UnauthorizedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
]);

const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

export type AwsErrorKind =
  | 'access-denied'
  | 'throttled'
  | 'timeout'
  | 'not-found'
  | 'other';

/** Classifies an SDK error so callers can decide how to degrade. */
export function classifyAwsError(code: string): AwsErrorKind {
  if (ACCESS_DENIED.has(code)) return 'access-denied';
  if (THROTTLED.has(code)) return 'throttled';
  if (/timeout|timedout|ETIMEDOUT|ECONNRESET|ECONNREFUSED/i.test(code))
    return 'timeout';
  if (/NotFound/.test(code)) return 'not-found';
  return 'other';
}

/** Turns anything an SDK call threw into an AwsCallError. */
export function toAwsCallError(
  operation: string,
  error: unknown,
  service?: 'Kafka' | 'KinesisAnalytics',
): AwsCallError {
  const err = error as
    | { name?: string; code?: string; message?: string }
    | undefined;
  const code = String(err?.name ?? err?.code ?? 'UnknownError');
  const iamAction =
    IAM_ACTIONS[service ? `${service}:${operation}` : operation] ??
    IAM_ACTIONS[operation];
  let message = String(err?.message ?? error);
  if (
    classifyAwsError(code) === 'access-denied' &&
    iamAction &&
    !message.includes(iamAction)
  ) {
    message = `${message} (the call needs the IAM action ${iamAction})`;
  }
  return { operation, code, iamAction, message };
}

/** Thrown by readers so callers get the operation and code of the failed call. */
export class AwsReadError extends Error {
  readonly detail: AwsCallError;
  /** AWS calls made before the failure, by operation, when known. */
  calls?: Record<string, number>;

  constructor(detail: AwsCallError, calls?: Record<string, number>) {
    super(`${detail.operation} failed: ${detail.code}: ${detail.message}`);
    this.name = 'AwsReadError';
    this.detail = detail;
    this.calls = calls;
  }
}

/** Runs one SDK call and rethrows its failure as an AwsReadError. */
export async function awsCall<T>(
  operation: string,
  fn: () => Promise<T>,
  service?: 'Kafka' | 'KinesisAnalytics',
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new AwsReadError(toAwsCallError(operation, error, service));
  }
}
