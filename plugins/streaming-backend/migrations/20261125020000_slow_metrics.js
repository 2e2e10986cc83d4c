// @ts-check

/**
 * Metrics read on the slower cadence (per topic, per consumer group) are kept
 * apart from the asset data, which every inventory refresh rewrites.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('streaming_assets', table => {
    table
      .text('slow_metrics')
      .nullable()
      .comment('Latest slow-cadence metric values by metric id (JSON)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('streaming_assets', table => {
    table.dropColumn('slow_metrics');
  });
};
