import {
  STREAMING_ASSET_RESOURCE_TYPE,
  StreamingAssetResource,
} from '@backstage-streaming/plugin-streaming-common';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod/v4';

/**
 * A query over streaming assets: one rule with its parameters, as data. The
 * estate API turns a conditional decision's filters into SQL where-clauses
 * (so lists, totals and exports page over permitted rows only), and
 * `matchesAssetCriteria` evaluates the same filters in memory.
 */
export type StreamingAssetQuery =
  | { rule: 'isAssetOwner'; claims: string[] }
  | { rule: 'isClaimedBy'; claims: string[] }
  | { rule: 'hasAccount'; accountIds: string[] }
  | { rule: 'hasTag'; key: string; value?: string };

/** The `streaming-asset` resource type, owned by the `streaming` plugin. */
export const streamingAssetResourceRef = createPermissionResourceRef<
  StreamingAssetResource,
  StreamingAssetQuery
>().with({
  pluginId: 'streaming',
  resourceType: STREAMING_ASSET_RESOURCE_TYPE,
});

// Entity refs compare case-insensitively, as in the catalog.
const normalized = (refs: string[]) =>
  new Set(refs.map(ref => ref.toLocaleLowerCase('en-US')));

/**
 * A rule's parameter schema as the permission framework takes it: a Standard
 * Schema that also converts to JSON Schema, for policy editors.
 */
function ruleParams<TSchema extends z.ZodType>(schema: TSchema) {
  const toJsonSchema = (options: { target: string }) =>
    z.toJSONSchema(schema, {
      target: options.target === 'draft-07' ? 'draft-7' : 'draft-2020-12',
    }) as Record<string, unknown>;
  return {
    '~standard': {
      ...schema['~standard'],
      jsonSchema: { input: toJsonSchema, output: toJsonSchema },
    },
  };
}

const claimsSchema = ruleParams(
  z.object({
    claims: z
      .array(z.string())
      .describe(
        "The caller's ownership entity refs, e.g. group:default/team-orders",
      ),
  }),
);

const applyIsAssetOwner = (
  resource: StreamingAssetResource,
  { claims }: { claims: string[] },
) =>
  resource.tagOwner !== null &&
  normalized(claims).has(resource.tagOwner.toLocaleLowerCase('en-US'));

/** The owner its AWS tags name (through the owner mapping) is among the claims. */
export const isAssetOwner = createPermissionRule({
  name: 'IS_ASSET_OWNER',
  description:
    'Allow assets whose AWS tags name one of the given owners (after streaming.ownership.groupMapping)',
  resourceRef: streamingAssetResourceRef,
  paramsSchema: claimsSchema,
  apply: applyIsAssetOwner,
  toQuery: ({ claims }) => ({ rule: 'isAssetOwner', claims }),
});

const applyIsClaimedBy = (
  resource: StreamingAssetResource,
  { claims }: { claims: string[] },
) => {
  if (resource.tagOwner !== null) return false;
  const mine = normalized(claims);
  return resource.claimedBy.some(owner =>
    mine.has(owner.toLocaleLowerCase('en-US')),
  );
};

/**
 * No tag names an owner, and an entity owned by one of the claims attaches the
 * asset. A claim never counts against a tag owner.
 */
export const isClaimedBy = createPermissionRule({
  name: 'IS_CLAIMED_BY',
  description:
    'Allow assets no AWS tag names an owner for, attached by an entity one of the given owners owns',
  resourceRef: streamingAssetResourceRef,
  paramsSchema: claimsSchema,
  apply: applyIsClaimedBy,
  toQuery: ({ claims }) => ({ rule: 'isClaimedBy', claims }),
});

const applyHasAccount = (
  resource: StreamingAssetResource,
  { accountIds }: { accountIds: string[] },
) => accountIds.includes(resource.accountId);

/** The asset lives in one of the given AWS accounts. */
export const hasAccount = createPermissionRule({
  name: 'HAS_ACCOUNT',
  description: 'Allow assets in one of the given AWS account ids',
  resourceRef: streamingAssetResourceRef,
  paramsSchema: ruleParams(
    z.object({
      accountIds: z
        .array(z.string())
        .describe('12-digit AWS account ids, e.g. 123456789012'),
    }),
  ),
  apply: applyHasAccount,
  toQuery: ({ accountIds }) => ({ rule: 'hasAccount', accountIds }),
});

const applyHasTag = (
  resource: StreamingAssetResource,
  { key, value }: { key: string; value?: string },
) =>
  Object.prototype.hasOwnProperty.call(resource.tags, key) &&
  (value === undefined || resource.tags[key] === value);

/** The asset (a topic's or consumer group's cluster) carries the tag. */
export const hasTag = createPermissionRule({
  name: 'HAS_TAG',
  description:
    "Allow assets carrying the AWS tag key (with the value, when given); topics and consumer groups use their cluster's tags",
  resourceRef: streamingAssetResourceRef,
  paramsSchema: ruleParams(
    z.object({
      key: z.string().describe('Tag key, case-sensitive'),
      value: z.string().optional().describe('Tag value, case-sensitive'),
    }),
  ),
  apply: applyHasTag,
  toQuery: ({ key, value }) =>
    value === undefined
      ? { rule: 'hasTag', key }
      : { rule: 'hasTag', key, value },
});

/** Every rule of the `streaming-asset` resource type. */
export const streamingAssetPermissionRules = {
  isAssetOwner,
  isClaimedBy,
  hasAccount,
  hasTag,
};

/** Whether one resource passes one filter (the rule's own `apply`). */
export function matchesAssetQuery(
  query: StreamingAssetQuery,
  resource: StreamingAssetResource,
): boolean {
  switch (query.rule) {
    case 'isAssetOwner':
      return applyIsAssetOwner(resource, query);
    case 'isClaimedBy':
      return applyIsClaimedBy(resource, query);
    case 'hasAccount':
      return applyHasAccount(resource, query);
    case 'hasTag':
      return applyHasTag(resource, query);
    default:
      throw new Error(
        `Unknown streaming-asset filter ${JSON.stringify(
          query satisfies never,
        )}`,
      );
  }
}

/**
 * Whether one resource passes combined filters (allOf / anyOf / not), as a
 * conditional decision's conditions become through the rules' `toQuery`
 * (`createConditionTransformer` with the `streaming-asset` ruleset).
 */
export function matchesAssetCriteria(
  criteria: PermissionCriteria<StreamingAssetQuery>,
  resource: StreamingAssetResource,
): boolean {
  if ('allOf' in criteria) {
    return criteria.allOf.every(c => matchesAssetCriteria(c, resource));
  }
  if ('anyOf' in criteria) {
    return criteria.anyOf.some(c => matchesAssetCriteria(c, resource));
  }
  if ('not' in criteria) {
    return !matchesAssetCriteria(criteria.not, resource);
  }
  return matchesAssetQuery(criteria, resource);
}

const conditionExports = createConditionExports({
  resourceRef: streamingAssetResourceRef,
  rules: streamingAssetPermissionRules,
});

/**
 * Conditions on streaming assets for permission policies, e.g.
 * `streamingAssetConditions.isAssetOwner({ claims })`.
 */
export const streamingAssetConditions = conditionExports.conditions;

/** A conditional decision on `streaming.asset.read` or `streaming.cost.read`. */
export const createStreamingAssetConditionalDecision =
  conditionExports.createConditionalDecision;
