// @ts-check

/**
 * An index that covers the estate summary's counts (by kind, health and
 * ownership over every asset that is not gone), so they read the index
 * rather than every stored view row with its cost JSON; with the account and
 * the tag owner, also under the account and owner conditions of a
 * conditional read decision.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('streaming_asset_views', table => {
    table.index(
      [
        'gone',
        'asset_type',
        'health_status',
        'unowned',
        'account_id',
        'tag_owner',
      ],
      'streaming_asset_views_counts_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('streaming_asset_views', table => {
    table.dropIndex([], 'streaming_asset_views_counts_idx');
  });
};
