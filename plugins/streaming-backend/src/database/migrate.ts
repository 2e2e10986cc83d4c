import type { Knex } from 'knex';

/** How a failed migration attempt looks when another replica is migrating the same database. */
function isConcurrentMigration(error: unknown): boolean {
  const { message = '', code } = (error ?? {}) as {
    message?: string;
    code?: string;
  };
  return (
    // knex refuses at once while another process holds its lock.
    /already locked/i.test(message) ||
    // Both created knex's own tables (knex_migrations, its lock) at once.
    /already exists|duplicate key/i.test(message) ||
    code === '42P07' ||
    code === '23505'
  );
}

/**
 * Runs the plugin's migrations. knex's migration lock does not wait: a
 * replica that finds it taken (or races to create knex's tables on a new
 * database) fails at once, so it retries until the other replica is done,
 * and then finds nothing left to do.
 */
export async function migrateLatest(
  knex: Knex,
  directory: string,
  options: { attempts?: number; delayMs?: number } = {},
): Promise<void> {
  const attempts = options.attempts ?? 20;
  const delayMs = options.delayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({ directory });
      return;
    } catch (error) {
      if (attempt >= attempts || !isConcurrentMigration(error)) throw error;
      await new Promise(resolve => setTimeout(resolve, delayMs));
    }
  }
}
