import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { InventoryStore } from './InventoryStore';

// PostgreSQL where a server is configured (npm test points at the local one).
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('migrations with several replicas starting at once', () => {
  it.each(databases.eachSupportedId())(
    'migrates a new database once, every replica starting, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Separate pools, as separate processes would have.
      const pools = [0, 1, 2].map(() => knexFactory(knex.client.config));
      try {
        const stores = await Promise.all(
          pools.map(pool =>
            InventoryStore.create(mockServices.database({ knex: pool })),
          ),
        );
        expect(stores).toHaveLength(3);
        const applied = await knex('knex_migrations').select('name');
        const names = applied.map(row => row.name);
        expect(new Set(names).size).toBe(names.length);
        expect(await stores[2].countAssets()).toBe(0);
      } finally {
        await Promise.all(pools.map(pool => pool.destroy()));
      }
    },
    60_000,
  );
});
