// @ts-check

/**
 * The streaming inventory: one row per asset, and the refresh status of each
 * account and region.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('streaming_assets', table => {
    table.comment(
      'MSK clusters, topics and Managed Flink applications last seen by a refresh',
    );
    table.string('arn', 1024).primary().notNullable().comment('The asset ARN');
    table.string('asset_type', 32).notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('name', 512).notNullable();
    table
      .string('cluster_arn', 1024)
      .nullable()
      .comment('Owning cluster of a topic');
    table.text('data').notNullable().comment('The asset as served (JSON)');
    table
      .string('refreshed_at', 32)
      .notNullable()
      .comment('ISO time of the refresh that last saw it');
    table.boolean('stale').notNullable().defaultTo(false);
    table.index(
      ['account_id', 'region'],
      'streaming_assets_account_region_idx',
    );
    table.index(['asset_type', 'name'], 'streaming_assets_type_name_idx');
    table.index(['cluster_arn'], 'streaming_assets_cluster_idx');
  });

  await knex.schema.createTable('streaming_refresh_status', table => {
    table.comment('Outcome of the latest refresh of each account and region');
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('last_attempt_at', 32).notNullable();
    table.string('last_success_at', 32).nullable();
    table.string('last_error_code', 128).nullable();
    table.text('last_error_message').nullable();
    table.integer('assets_seen').notNullable().defaultTo(0);
    table
      .text('calls')
      .notNullable()
      .defaultTo('{}')
      .comment('AWS calls of the last attempt by operation (JSON)');
    table.primary(['account_id', 'region']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('streaming_refresh_status');
  await knex.schema.dropTable('streaming_assets');
};
