import { CallContext } from './context';
import { AwsError } from './protocol';

type Input = Record<string, unknown>;

// CloudWatch Logs (awsJson1_1, target Logs_20140328) names its errors as below.
const invalidParameter = (message: string) =>
  new AwsError(400, 'InvalidParameterException', message);
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

export function handleLogs(
  ctx: CallContext,
  operation: string,
  input: Input,
): unknown {
  switch (operation) {
    case 'CreateLogGroup':
      return createLogGroup(ctx, input);
    case 'CreateLogStream':
      return createLogStream(ctx, input);
    case 'DescribeLogGroups':
      return describeLogGroups(ctx, input);
    default:
      throw new AwsError(
        400,
        'UnknownOperationException',
        `Operation ${operation} is not supported by the sandbox.`,
      );
  }
}

function name(input: Input, field: string, pattern: RegExp): string {
  const value = input[field];
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw invalidParameter(
      `1 validation error detected: Value '${String(
        value,
      )}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${
        pattern.source
      }`,
    );
  }
  return value;
}

const groupArn = (ctx: CallContext, group: string) =>
  `arn:aws:logs:${ctx.regionName}:${ctx.account.id}:log-group:${group}`;

function createLogGroup(ctx: CallContext, input: Input) {
  const logGroupName = name(input, 'logGroupName', GROUP_NAME);
  if (ctx.region.logGroups.some(g => g.name === logGroupName)) {
    throw new AwsError(
      400,
      'ResourceAlreadyExistsException',
      'The specified log group already exists',
    );
  }
  ctx.region.logGroups.push({
    name: logGroupName,
    arn: groupArn(ctx, logGroupName),
    streams: [],
    tags: (input.tags as Record<string, string>) ?? {},
    creationTime: new Date(ctx.now),
  });
  return {};
}

function createLogStream(ctx: CallContext, input: Input) {
  const logGroupName = name(input, 'logGroupName', GROUP_NAME);
  const logStreamName = name(input, 'logStreamName', STREAM_NAME);
  const group = ctx.region.logGroups.find(g => g.name === logGroupName);
  if (!group) {
    throw new AwsError(
      400,
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    );
  }
  if (group.streams.includes(logStreamName)) {
    throw new AwsError(
      400,
      'ResourceAlreadyExistsException',
      'The specified log stream already exists',
    );
  }
  group.streams.push(logStreamName);
  return {};
}

function describeLogGroups(ctx: CallContext, input: Input) {
  const prefix =
    typeof input.logGroupNamePrefix === 'string'
      ? input.logGroupNamePrefix
      : '';
  return {
    logGroups: ctx.region.logGroups
      .filter(g => g.name.startsWith(prefix))
      .map(g => ({
        logGroupName: g.name,
        arn: `${g.arn}:*`,
        logGroupArn: g.arn,
        creationTime: g.creationTime.getTime(),
        storedBytes: 0,
      })),
  };
}

/** The stream a `...:log-group:<group>:log-stream:<stream>` ARN names, when it exists. */
export function findLogStream(ctx: CallContext, arn: string): boolean {
  const match =
    /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:(.+):log-stream:(.+)$/.exec(
      arn,
    );
  if (!match || match[1] !== ctx.regionName || match[2] !== ctx.account.id)
    return false;
  const group = ctx.region.logGroups.find(g => g.name === match[3]);
  return !!group && group.streams.includes(match[4]);
}
