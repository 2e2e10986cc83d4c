import { missingParameter, validationError } from './cloudwatch';
import { CallContext } from './context';

type Input = Record<string, unknown>;

const COMPARISONS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold',
  'LessThanLowerThreshold',
  'GreaterThanUpperThreshold',
];
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const ALARM_NAME = /^.{1,255}$/s;
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;

/** PutMetricAlarm: a new alarm or the replacement of one with the same name, as CloudWatch does. */
export function putMetricAlarm(ctx: CallContext, input: Input) {
  const name = input.AlarmName;
  if (name === undefined) throw missingParameter('AlarmName');
  if (typeof name !== 'string' || !ALARM_NAME.test(name)) {
    throw validationError('AlarmName must be 1 to 255 characters.');
  }
  const comparison = input.ComparisonOperator;
  if (comparison === undefined) throw missingParameter('ComparisonOperator');
  if (typeof comparison !== 'string' || !COMPARISONS.includes(comparison)) {
    throw validationError(
      `1 validation error detected: Value '${String(
        comparison,
      )}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [${COMPARISONS.join(
        ', ',
      )}]`,
    );
  }
  const periods = input.EvaluationPeriods;
  if (periods === undefined) throw missingParameter('EvaluationPeriods');
  if (
    typeof periods !== 'number' ||
    !Number.isInteger(periods) ||
    periods < 1
  ) {
    throw validationError(
      'EvaluationPeriods must be a whole number of at least 1.',
    );
  }
  const usesMath = Array.isArray(input.Metrics);
  if (!usesMath) {
    if (
      typeof input.MetricName !== 'string' ||
      typeof input.Namespace !== 'string'
    ) {
      throw validationError(
        'Either MetricName and Namespace, or Metrics, must be specified.',
      );
    }
    const hasStatistic = typeof input.Statistic === 'string';
    if (hasStatistic === (typeof input.ExtendedStatistic === 'string')) {
      throw validationError(
        'Exactly one of Statistic and ExtendedStatistic must be specified.',
      );
    }
    if (hasStatistic && !STATISTICS.includes(input.Statistic as string)) {
      throw validationError(
        `Statistic must be one of ${STATISTICS.join(', ')}.`,
      );
    }
    const period = input.Period;
    if (
      typeof period !== 'number' ||
      !(period === 10 || period === 20 || period === 30 || period % 60 === 0)
    ) {
      throw validationError(
        'Period must be 10, 20, 30 or a multiple of 60 seconds.',
      );
    }
  }
  if (typeof input.Threshold !== 'number' && !input.ThresholdMetricId) {
    throw validationError('Threshold must be specified.');
  }
  for (const field of [
    'AlarmActions',
    'OKActions',
    'InsufficientDataActions',
  ]) {
    const actions = input[field];
    if (actions === undefined) continue;
    if (
      !Array.isArray(actions) ||
      actions.some(a => typeof a !== 'string' || !SNS_ARN.test(a))
    ) {
      throw validationError(
        `${field} must be a list of SNS topic ARNs (the sandbox emulates SNS actions only).`,
      );
    }
  }
  const now = ctx.now / 1000;
  const alarm = {
    ...input,
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${ctx.regionName}:${ctx.account.id}:alarm:${name}`,
    ActionsEnabled: input.ActionsEnabled ?? true,
    StateValue: 'INSUFFICIENT_DATA',
    StateReason: 'Unchecked: Initial alarm creation',
    StateUpdatedTimestamp: now,
    AlarmConfigurationUpdatedTimestamp: now,
  };
  // Tags are not part of the alarm's description.
  delete (alarm as Input).Tags;
  const index = ctx.region.alarms.findIndex(a => a.AlarmName === name);
  if (index >= 0) ctx.region.alarms[index] = alarm;
  else ctx.region.alarms.push(alarm);
  return {};
}

export function describeAlarms(ctx: CallContext, input: Input) {
  const names = Array.isArray(input.AlarmNames)
    ? (input.AlarmNames as string[])
    : undefined;
  const prefix =
    typeof input.AlarmNamePrefix === 'string' ? input.AlarmNamePrefix : '';
  if (names && prefix) {
    throw validationError(
      'AlarmNames and AlarmNamePrefix cannot be used together.',
    );
  }
  const alarms = ctx.region.alarms
    .filter(a =>
      names ? names.includes(a.AlarmName) : a.AlarmName.startsWith(prefix),
    )
    .sort((a, b) => (a.AlarmName < b.AlarmName ? -1 : 1));
  return { MetricAlarms: alarms, CompositeAlarms: [] };
}
