// @ts-check

/**
 * The owner filter of the estate lists compares owner refs
 * case-insensitively. `lower(owner) = ?` can use no index, so a list
 * filtered by owner read every row of its kind; the refresh now stores the
 * lower-cased owner, and an index on it (after the kind) serves the filter.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('streaming_asset_views', table => {
    table
      .string('owner_lower', 512)
      .nullable()
      .comment('Lower-cased owner, for the case-insensitive owner filter');
  });
  // Rows derived before this migration; the next derivation writes it too.
  await knex('streaming_asset_views')
    .whereNotNull('owner')
    .update({ owner_lower: knex.raw('lower(??)', ['owner']) });
  await knex.schema.alterTable('streaming_asset_views', table => {
    table.index(
      ['asset_type', 'owner_lower'],
      'streaming_asset_views_type_owner_lower_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('streaming_asset_views', table => {
    table.dropIndex([], 'streaming_asset_views_type_owner_lower_idx');
  });
  await knex.schema.alterTable('streaming_asset_views', table => {
    table.dropColumn('owner_lower');
  });
};
