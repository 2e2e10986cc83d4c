// @ts-check

/**
 * The owners of the entities that attach an asset no tag names an owner for,
 * so several claimants leave it unowned ("claimed by ...") instead of the
 * first one winning, and the isClaimedBy permission rule can check them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('streaming_assets', table => {
    table
      .text('claimed_by')
      .nullable()
      .comment(
        'JSON array of the owner refs of the entities attaching it, when no tag names an owner',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('streaming_assets', table => {
    table.dropColumn('claimed_by');
  });
};
