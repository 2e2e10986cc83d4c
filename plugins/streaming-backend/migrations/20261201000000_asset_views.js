// @ts-check

/**
 * The stored view of every asset: what the refresh derived (cost, share, KPUs,
 * health, right-sizing saving) in columns the estate lists filter and sort
 * on, so a page view reads rows and never re-derives a cluster. Tags and
 * claims get their own rows so permission conditions become SQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('streaming_asset_views', table => {
    table.comment(
      'Per-asset figures derived at refresh (cost, share, KPUs, health, savings) for entity answers and estate lists',
    );
    table.string('arn', 1024).primary().notNullable();
    table.string('asset_type', 32).notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('name', 512).notNullable();
    table
      .string('name_lower', 512)
      .notNullable()
      .comment('Lower-cased name, for case-insensitive search (q)');
    table
      .string('cluster_arn', 1024)
      .nullable()
      .comment('The cluster of a topic or consumer group');
    table
      .string('cluster_type', 16)
      .nullable()
      .comment(
        'standard, express or serverless: the cluster’s own, or its cluster’s for a topic or group',
      );
    table
      .string('owner', 512)
      .nullable()
      .comment('Owner served (tags, else a single claimant)');
    table
      .string('tag_owner', 512)
      .nullable()
      .comment(
        'Owner named by AWS tags (after the group mapping), for isAssetOwner',
      );
    table.boolean('unowned').notNullable().defaultTo(false);
    table.string('health_status', 16).notNullable();
    table
      .integer('health_rank')
      .notNullable()
      .comment(
        'healthy 0, unknown 1, warning 2, critical 3: sorts by severity',
      );
    table
      .double('monthly_usd')
      .nullable()
      .comment(
        'Cluster or application estimate, a topic’s share; null when not priced',
      );
    table
      .boolean('cost_complete')
      .nullable()
      .comment('False when monthly_usd is a lower bound');
    table.double('usd_per_gb_in').nullable();
    table.double('bytes_in_per_sec').nullable();
    table.double('bytes_out_per_sec').nullable();
    table
      .double('max_lag')
      .nullable()
      .comment(
        'Largest MaxOffsetLag of a consumer group, or over a topic’s consumers',
      );
    table.double('kpus').nullable().comment('Flink KPUs in use');
    table
      .double('kpu_limit_usage')
      .nullable()
      .comment('KPUs in use ÷ the per-application KPU limit');
    table
      .integer('partitions')
      .nullable()
      .comment('Topic partitions; a cluster’s partitions including replicas');
    table
      .double('saving_usd')
      .nullable()
      .comment('Largest monthly saving right-sizing offers (positive)');
    table.boolean('stale').notNullable().defaultTo(false);
    table.boolean('gone').notNullable().defaultTo(false);
    table
      .text('cost')
      .nullable()
      .comment('The asset’s AssetCost as served (JSON)');
    table
      .text('kpu')
      .nullable()
      .comment('The application’s KPU usage as served (JSON)');
    table.string('derived_at', 32).notNullable();
    for (const column of [
      'name_lower',
      'monthly_usd',
      'owner',
      'health_rank',
      'usd_per_gb_in',
      'max_lag',
      'kpus',
      'partitions',
      'saving_usd',
    ]) {
      table.index(
        ['asset_type', column],
        `streaming_asset_views_type_${column}_idx`,
      );
    }
    table.index(
      ['asset_type', 'account_id', 'region'],
      'streaming_asset_views_type_account_region_idx',
    );
    table.index(['cluster_arn'], 'streaming_asset_views_cluster_idx');
    table.index(['tag_owner'], 'streaming_asset_views_tag_owner_idx');
  });

  await knex.schema.createTable('streaming_asset_tags', table => {
    table.comment(
      'AWS tags of each asset (a topic’s and a group’s are its cluster’s), for hasTag conditions',
    );
    table.string('arn', 1024).notNullable();
    table.string('key', 128).notNullable();
    table.string('value', 256).notNullable();
    table.primary(['arn', 'key']);
    table.index(['key', 'value'], 'streaming_asset_tags_key_value_idx');
  });

  await knex.schema.createTable('streaming_asset_claims', table => {
    table.comment(
      'Owners of the entities that attach an asset no tag owns, for isClaimedBy conditions',
    );
    table.string('arn', 1024).notNullable();
    table.string('owner', 512).notNullable();
    table.primary(['arn', 'owner']);
    table.index(['owner'], 'streaming_asset_claims_owner_idx');
  });

  await knex.schema.createTable('streaming_asset_attachments', table => {
    table.comment(
      'Which catalog entities attach which assets through their annotations, as of the last owner pass',
    );
    table.string('arn', 1024).notNullable();
    table.string('entity_ref', 512).notNullable();
    table
      .string('entity_owner', 512)
      .nullable()
      .comment('The attaching entity’s spec.owner');
    table.primary(['arn', 'entity_ref']);
    table.index(['entity_ref'], 'streaming_asset_attachments_entity_idx');
  });

  await knex.schema.createTable('streaming_cost_history', table => {
    table.comment(
      'Daily cost and throughput of each cluster, application and owner, and of the estate',
    );
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table
      .string('scope', 16)
      .notNullable()
      .comment('estate, cluster, application or owner');
    table
      .string('key', 1024)
      .notNullable()
      .comment('ARN, owner entity ref, or * for the estate');
    table.string('name', 512).nullable();
    table.string('owner', 512).nullable();
    table.double('monthly_usd').notNullable();
    table.boolean('complete').notNullable();
    table.double('bytes_in_per_sec').nullable();
    table.double('bytes_out_per_sec').nullable();
    table
      .boolean('backfilled')
      .notNullable()
      .defaultTo(false)
      .comment(
        'Reconstructed from CloudWatch history, not recorded on the day',
      );
    table.primary(['scope', 'key', 'day']);
    table.index(['scope', 'day'], 'streaming_cost_history_scope_day_idx');
    table.index(['day'], 'streaming_cost_history_day_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('streaming_cost_history');
  await knex.schema.dropTable('streaming_asset_attachments');
  await knex.schema.dropTable('streaming_asset_claims');
  await knex.schema.dropTable('streaming_asset_tags');
  await knex.schema.dropTable('streaming_asset_views');
};
