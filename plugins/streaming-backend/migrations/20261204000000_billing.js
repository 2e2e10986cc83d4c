// @ts-check

/**
 * What the billing APIs returned, so a restart or an unreachable API keeps
 * the last good answer:
 * - streaming_price_lists: the prices of one service code in one region as
 *   mapped from the AWS Price List API, with the price list version and
 *   publication date; replaced only by a successful read.
 * - streaming_cost_explorer_reads: Cost Explorer answers (per payer account,
 *   kind of read and period), each request being charged for.
 * - streaming_cost_explorer_requests: requests made per payer account and UTC
 *   day, checked against streaming.costExplorer.maxRequestsPerDay.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('streaming_price_lists', table => {
    table.string('region', 32).notNullable();
    table.string('service_code', 64).notNullable();
    table.string('version', 64).nullable();
    table.string('publication_date', 16).nullable();
    table.string('fetched_at', 32).notNullable();
    table.text('table_json').notNullable();
    table.primary(['region', 'service_code']);
  });
  await knex.schema.createTable('streaming_cost_explorer_reads', table => {
    table.string('payer_account_id', 12).notNullable();
    table.string('kind', 64).notNullable();
    table.string('period_start', 10).notNullable();
    table.string('period_end', 10).notNullable();
    table.string('read_at', 32).notNullable();
    table.text('result_json').notNullable();
    table.primary(['payer_account_id', 'kind']);
  });
  await knex.schema.createTable('streaming_cost_explorer_requests', table => {
    table.string('payer_account_id', 12).notNullable();
    table.string('day', 10).notNullable();
    table.integer('requests').notNullable();
    table.primary(['payer_account_id', 'day']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('streaming_cost_explorer_requests');
  await knex.schema.dropTable('streaming_cost_explorer_reads');
  await knex.schema.dropTable('streaming_price_lists');
};
