// @ts-check

/**
 * Assets missing from a successful listing are kept as `gone` until purged,
 * and owners are stored for the estate-wide lookups.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('streaming_assets', table => {
    table.boolean('gone').notNullable().defaultTo(false);
    table
      .string('last_seen_at', 32)
      .nullable()
      .comment('ISO time a successful listing last contained it');
    table.string('owner', 512).nullable().comment('Owning group entity ref');
    table.index(['gone', 'last_seen_at'], 'streaming_assets_gone_idx');
    table.index(['owner'], 'streaming_assets_owner_idx');
  });
  await knex('streaming_assets').update({
    last_seen_at: knex.ref('refreshed_at'),
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('streaming_assets', table => {
    table.dropIndex(['gone', 'last_seen_at'], 'streaming_assets_gone_idx');
    table.dropIndex(['owner'], 'streaming_assets_owner_idx');
    table.dropColumn('gone');
    table.dropColumn('last_seen_at');
    table.dropColumn('owner');
  });
};
