// @ts-check

/**
 * How many topics each account-region's last refresh left awaiting a
 * DescribeTopic (beyond streaming.refresh.maxTopicDescribes, or failed), so
 * /v1/status shows the backlog; 0 for rows written before it was kept.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('streaming_refresh_status', table => {
    table
      .integer('topics_awaiting_describe')
      .notNullable()
      .defaultTo(0)
      .comment('Topics left awaiting a DescribeTopic by the last refresh');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('streaming_refresh_status', table => {
    table.dropColumn('topics_awaiting_describe');
  });
};
