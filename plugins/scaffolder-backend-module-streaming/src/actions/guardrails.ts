import { InputError } from '@backstage/errors';
import type { CostEstimate } from '@backstage-streaming/plugin-streaming-common';
import type { ScaffolderSettings } from '../config';

/** The best practices the actions enforce; ids appear in messages, logs and the override tag. */
export type GuardrailRule =
  | 'replication-factor'
  | 'min-insync-replicas'
  | 'plaintext'
  | 'unauthenticated-access'
  | 'public-access'
  | 'checkpointing-off'
  | 'partition-budget'
  | 'monthly-price-limit';

export interface GuardrailViolation {
  rule: GuardrailRule;
  /** What is wrong, with the numbers. */
  problem: string;
  /** How to fix it in the template's input. */
  fix: string;
}

export interface UnsafeOverride {
  allowUnsafe?: boolean;
  unsafeReason?: string;
}

/**
 * Refuses the violations with an InputError naming each rule and its fix,
 * unless the template passed `allowUnsafe: true` with an `unsafeReason`;
 * then each override is logged and the rule ids are returned for the tags.
 */
export function enforceGuardrails(
  violations: GuardrailViolation[],
  override: UnsafeOverride,
  logger: { warn(message: string): void },
): GuardrailRule[] {
  if (violations.length === 0) return [];
  const reason = override.unsafeReason?.trim() ?? '';
  if (!override.allowUnsafe) {
    throw new InputError(
      `${violations
        .map(
          v => `Refused by guardrail '${v.rule}': ${v.problem} Fix: ${v.fix}`,
        )
        .join(
          ' ',
        )} To create it anyway, pass allowUnsafe: true with an unsafeReason; the reason is logged, and tagged on resources that take tags.`,
    );
  }
  if (reason.length < 10) {
    throw new InputError(
      `allowUnsafe overrides guardrail(s) ${violations
        .map(v => `'${v.rule}'`)
        .join(
          ', ',
        )} and needs an unsafeReason of at least 10 characters saying why.`,
    );
  }
  for (const v of violations) {
    logger.warn(
      `Guardrail '${v.rule}' overridden with allowUnsafe (reason: ${reason}): ${v.problem}`,
    );
  }
  return violations.map(v => v.rule);
}

/**
 * The price limit (streaming.scaffolder.maxMonthlyUsd). An incomplete estimate
 * is a lower bound: above the limit it is refused; below it the limit cannot be
 * checked, which refuses only when streaming.scaffolder.refuseUnknownPrice is set.
 */
export function priceViolations(
  estimate: CostEstimate,
  settings: ScaffolderSettings,
  logger: { warn(message: string): void },
): GuardrailViolation[] {
  const limit = settings.maxMonthlyUsd;
  if (limit === undefined) return [];
  const usd = estimate.monthlyUsd.toFixed(2);
  if (estimate.monthlyUsd > limit) {
    return [
      {
        rule: 'monthly-price-limit',
        problem: `the estimated price is ${
          estimate.complete ? '' : 'at least '
        }$${usd} a month, above the limit of $${limit} (streaming.scaffolder.maxMonthlyUsd).`,
        fix: 'choose fewer or smaller brokers, less storage or lower parallelism, or ask the platform team to raise the limit.',
      },
    ];
  }
  if (!estimate.complete) {
    const unknown = estimate.unknownParts.map(p => p.item).join(', ');
    if (settings.refuseUnknownPrice) {
      return [
        {
          rule: 'monthly-price-limit',
          problem: `the price cannot be checked against the limit of $${limit}: ${unknown} ${
            estimate.unknownParts.length === 1 ? 'is' : 'are'
          } unknown, so $${usd} is only a lower bound (streaming.scaffolder.refuseUnknownPrice is set).`,
          fix: 'configure the missing prices or usage assumptions in streaming.pricing, or ask the platform team.',
        },
      ];
    }
    logger.warn(
      `The price limit of $${limit} could not be checked: ${unknown} unknown; $${usd} a month is a lower bound.`,
    );
  }
  return [];
}
