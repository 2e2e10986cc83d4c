import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type { StreamingAssetQuery } from '@backstage-streaming/plugin-streaming-node';
import { Knex } from 'knex';

// Entity refs compare case-insensitively, as the rules' in-memory form does.
const lowered = (refs: string[]) =>
  refs.map(ref => ref.toLocaleLowerCase('en-US'));

/** `lower(column) in (refs)`, false for no refs. */
function whereLowerIn(
  builder: Knex.QueryBuilder,
  column: string,
  refs: string[],
): void {
  if (refs.length === 0) {
    builder.whereRaw('1 = 0');
    return;
  }
  builder.whereRaw(`lower(??) in (${refs.map(() => '?').join(', ')})`, [
    column,
    ...lowered(refs),
  ]);
}

/**
 * Adds one `streaming-asset` filter as a where-clause on the
 * `streaming_asset_views` row aliased `alias`: the SQL form of the rule's
 * `apply` (see plugins/streaming-node/src/permissions.ts).
 */
function whereAssetQuery(
  builder: Knex.QueryBuilder,
  query: StreamingAssetQuery,
  alias: string,
  knex: Knex,
): void {
  switch (query.rule) {
    case 'isAssetOwner':
      whereLowerIn(builder, `${alias}.tag_owner`, query.claims);
      return;
    case 'isClaimedBy':
      builder.whereNull(`${alias}.tag_owner`).whereExists(sub => {
        sub
          .select(knex.raw('1'))
          .from('streaming_asset_claims as claim')
          .whereRaw('?? = ??', ['claim.arn', `${alias}.arn`]);
        whereLowerIn(sub, 'claim.owner', query.claims);
      });
      return;
    case 'hasAccount':
      builder.whereIn(`${alias}.account_id`, query.accountIds);
      return;
    case 'hasTag':
      builder.whereExists(sub => {
        sub
          .select(knex.raw('1'))
          .from('streaming_asset_tags as tag')
          .whereRaw('?? = ??', ['tag.arn', `${alias}.arn`])
          .where('tag.key', query.key);
        if (query.value !== undefined) sub.where('tag.value', query.value);
      });
      return;
    default:
      // A rule a module added that has no SQL form: refuse rather than show too much.
      throw new Error(
        `The streaming-asset condition ${JSON.stringify(
          query satisfies never,
        )} has no SQL form`,
      );
  }
}

/**
 * Adds combined filters (allOf / anyOf / not) as where-clauses, so a
 * conditional decision narrows the query itself: lists page, count and total
 * over permitted rows only.
 */
export function whereAssetCriteria(
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<StreamingAssetQuery>,
  alias: string,
  knex: Knex,
): void {
  if ('allOf' in criteria) {
    builder.where(inner => {
      for (const c of criteria.allOf) {
        inner.where(part => whereAssetCriteria(part, c, alias, knex));
      }
    });
    return;
  }
  if ('anyOf' in criteria) {
    builder.where(inner => {
      for (const c of criteria.anyOf) {
        inner.orWhere(part => whereAssetCriteria(part, c, alias, knex));
      }
    });
    return;
  }
  if ('not' in criteria) {
    builder.whereNot(inner =>
      whereAssetCriteria(inner, criteria.not, alias, knex),
    );
    return;
  }
  whereAssetQuery(builder, criteria, alias, knex);
}
