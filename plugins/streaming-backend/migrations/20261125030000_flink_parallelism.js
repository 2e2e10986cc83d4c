// @ts-check

/**
 * CurrentParallelism of each Managed Flink application whenever a refresh
 * sees it change, so autoscaling events and KPU history can be shown.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('streaming_flink_parallelism', table => {
    table.comment(
      'CurrentParallelism of Flink applications, one row per observed change',
    );
    table.string('arn', 1024).notNullable();
    table.string('observed_at', 32).notNullable();
    table.integer('current_parallelism').notNullable();
    table.integer('parallelism_per_kpu').notNullable();
    table.primary(['arn', 'observed_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('streaming_flink_parallelism');
};
