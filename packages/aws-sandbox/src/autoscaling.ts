import { CallContext } from './context';
import { hashHex } from './ids';
import { AwsError } from './protocol';

type Input = Record<string, unknown>;

// Application Auto Scaling (awsJson1_1, target AnyScaleFrontendService).
const validation = (message: string) =>
  new AwsError(400, 'ValidationException', message);
const NAMESPACES = [
  'ecs',
  'elasticmapreduce',
  'ec2',
  'appstream',
  'dynamodb',
  'rds',
  'sagemaker',
  'custom-resource',
  'comprehend',
  'lambda',
  'cassandra',
  'kafka',
  'elasticache',
  'neptune',
  'workspaces',
];
/** MSK storage autoscaling: the only Kafka dimension, at most 16 TiB per broker. */
const KAFKA_DIMENSION = 'kafka:broker-storage:VolumeSize';
const KAFKA_MAX_VOLUME_GIB = 16_384;

export function handleApplicationAutoScaling(
  ctx: CallContext,
  operation: string,
  input: Input,
): unknown {
  switch (operation) {
    case 'RegisterScalableTarget':
      return registerScalableTarget(ctx, input);
    case 'PutScalingPolicy':
      return putScalingPolicy(ctx, input);
    case 'DescribeScalableTargets':
      return describeScalableTargets(ctx, input);
    default:
      throw new AwsError(
        400,
        'UnknownOperationException',
        `Operation ${operation} is not supported by the sandbox.`,
      );
  }
}

function required(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw validation(
      `1 validation error detected: Value null at '${name[0].toLowerCase()}${name.slice(
        1,
      )}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** Namespace, resource and dimension, checked the way the service checks them. */
function targetKey(ctx: CallContext, input: Input) {
  const namespace = required(input, 'ServiceNamespace');
  if (!NAMESPACES.includes(namespace)) {
    throw validation(
      `1 validation error detected: Value '${namespace}' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: [${NAMESPACES.join(
        ', ',
      )}]`,
    );
  }
  const resourceId = required(input, 'ResourceId');
  const dimension = required(input, 'ScalableDimension');
  if (namespace === 'kafka') {
    if (dimension !== KAFKA_DIMENSION) {
      throw validation(
        `Unsupported scalable dimension '${dimension}' for service namespace kafka; use ${KAFKA_DIMENSION}`,
      );
    }
    const cluster = ctx.region.clusters.find(c => c.arn === resourceId);
    if (!cluster || cluster.type !== 'standard') {
      throw validation(
        `Unsupported resource ID '${resourceId}': must be the ARN of an existing MSK Standard (provisioned) cluster in ${ctx.regionName}`,
      );
    }
  }
  return { namespace, resourceId, dimension };
}

function registerScalableTarget(ctx: CallContext, input: Input) {
  const key = targetKey(ctx, input);
  const min = input.MinCapacity;
  const max = input.MaxCapacity;
  const existing = ctx.region.scalableTargets.find(
    t =>
      t.ServiceNamespace === key.namespace &&
      t.ResourceId === key.resourceId &&
      t.ScalableDimension === key.dimension,
  );
  if (!existing && (typeof min !== 'number' || typeof max !== 'number')) {
    throw validation(
      'MinCapacity and MaxCapacity are required when registering a new scalable target',
    );
  }
  const minCapacity = (min as number | undefined) ?? existing!.MinCapacity;
  const maxCapacity = (max as number | undefined) ?? existing!.MaxCapacity;
  if (minCapacity > maxCapacity) {
    throw validation(
      `Minimum capacity ${minCapacity} cannot be greater than maximum capacity ${maxCapacity}`,
    );
  }
  if (key.namespace === 'kafka' && maxCapacity > KAFKA_MAX_VOLUME_GIB) {
    throw validation(
      `Maximum capacity ${maxCapacity} exceeds the MSK limit of ${KAFKA_MAX_VOLUME_GIB} GiB per broker`,
    );
  }
  const arn = `arn:aws:application-autoscaling:${ctx.regionName}:${
    ctx.account.id
  }:scalable-target/${hashHex(`${key.namespace}/${key.resourceId}`, 32)}`;
  if (existing) {
    existing.MinCapacity = minCapacity;
    existing.MaxCapacity = maxCapacity;
  } else {
    ctx.region.scalableTargets.push({
      ServiceNamespace: key.namespace,
      ResourceId: key.resourceId,
      ScalableDimension: key.dimension,
      MinCapacity: minCapacity,
      MaxCapacity: maxCapacity,
      RoleARN: typeof input.RoleARN === 'string' ? input.RoleARN : undefined,
      policies: [],
    });
  }
  return { ScalableTargetARN: arn };
}

function putScalingPolicy(ctx: CallContext, input: Input) {
  const policyName = required(input, 'PolicyName');
  const key = targetKey(ctx, input);
  const target = ctx.region.scalableTargets.find(
    t =>
      t.ServiceNamespace === key.namespace &&
      t.ResourceId === key.resourceId &&
      t.ScalableDimension === key.dimension,
  );
  if (!target) {
    throw new AwsError(
      400,
      'ObjectNotFoundException',
      `No scalable target registered for service namespace: ${key.namespace}, resource ID: ${key.resourceId}, scalable dimension: ${key.dimension}`,
    );
  }
  const policyType = input.PolicyType ?? 'StepScaling';
  const tracking = input.TargetTrackingScalingPolicyConfiguration as
    | Input
    | undefined;
  if (policyType === 'TargetTrackingScaling') {
    if (!tracking || typeof tracking.TargetValue !== 'number') {
      throw validation(
        'TargetTrackingScalingPolicyConfiguration.TargetValue is required for a TargetTrackingScaling policy',
      );
    }
    if (
      key.namespace === 'kafka' &&
      (tracking.TargetValue < 10 || tracking.TargetValue > 80)
    ) {
      throw validation(
        `TargetValue ${tracking.TargetValue} is out of range: MSK storage utilization targets must be from 10 to 80 percent`,
      );
    }
  }
  const arn = `arn:aws:autoscaling:${ctx.regionName}:${
    ctx.account.id
  }:scalingPolicy:${hashHex(key.resourceId, 36)}:resource/${
    key.namespace
  }/${policyName}`;
  const policy = {
    PolicyName: policyName,
    PolicyARN: arn,
    PolicyType: policyType,
    TargetTrackingScalingPolicyConfiguration: tracking,
  };
  const index = target.policies.findIndex(p => p.PolicyName === policyName);
  if (index >= 0) target.policies[index] = policy;
  else target.policies.push(policy);
  return { PolicyARN: arn, Alarms: [] };
}

function describeScalableTargets(ctx: CallContext, input: Input) {
  const namespace = required(input, 'ServiceNamespace');
  const ids = Array.isArray(input.ResourceIds)
    ? (input.ResourceIds as string[])
    : undefined;
  return {
    ScalableTargets: ctx.region.scalableTargets
      .filter(
        t =>
          t.ServiceNamespace === namespace &&
          (!ids || ids.includes(t.ResourceId)),
      )
      .map(({ policies: _policies, ...target }) => ({
        ...target,
        CreationTime: ctx.now / 1000,
      })),
  };
}
