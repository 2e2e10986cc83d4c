import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  CatalogProcessor,
  EntityProvider,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { streamingEntityName } from '@backstage-streaming/plugin-streaming-common';
import express from 'express';
import { ENRICHER_APP, FakeFeed, ORDERS_TOPIC } from './__testUtils__/fakeFeed';
import { streamingCatalogTransformsExtensionPoint } from './extensions';
import { catalogModuleStreaming } from './module';

/**
 * A stand-in streaming backend serving the feed from the fake estate, so the
 * module's real client goes through discovery, a plugin request token and
 * the service-only credential check.
 */
function fakeStreamingBackend(feed: FakeFeed, callers: string[]) {
  return createBackendPlugin({
    pluginId: 'streaming',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.use(async (req, _res, next) => {
            try {
              const credentials = await httpAuth.credentials(req, {
                allow: ['service'],
              });
              callers.push(credentials.principal.subject);
              next();
            } catch (error) {
              next(error);
            }
          });
          router.get('/v1/internal/catalog/state', async (_req, res) => {
            res.json(await feed.getState());
          });
          router.get('/v1/internal/catalog/assets', async (req, res) => {
            const list = (name: string) =>
              String(req.query[name] ?? '')
                .split(',')
                .filter(Boolean);
            res.json(
              await feed.getPage({
                after: req.query.after as string | undefined,
                limit: Number(req.query.limit),
                assetTypes: list('assetTypes') as any,
                accountIds: list('accountIds'),
                regions: list('regions'),
                flinkTopicKeys: list('flinkTopicKeys'),
              }),
            );
          });
          router.get('/v1/internal/catalog/attachments', async (req, res) => {
            res.json({
              arns: await feed.getAttachedArns(String(req.query.entityRef)),
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

async function startWithModule(config: object) {
  const providers: EntityProvider[] = [];
  const processors: CatalogProcessor[] = [];
  const feed = new FakeFeed();
  const callers: string[] = [];
  await startTestBackend({
    extensionPoints: [
      [
        catalogProcessingExtensionPoint,
        {
          addEntityProvider: (...added: any[]) =>
            providers.push(...added.flat()),
          addProcessor: (...added: any[]) => processors.push(...added.flat()),
        },
      ],
    ],
    features: [
      catalogModuleStreaming,
      fakeStreamingBackend(feed, callers),
      // An adopter's module labelling every streaming entity.
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'streaming-labels',
        register(reg) {
          reg.registerInit({
            deps: { transforms: streamingCatalogTransformsExtensionPoint },
            async init({ transforms }) {
              transforms.addTransform(entity => ({
                ...entity,
                metadata: { ...entity.metadata, labels: { estate: 'demo' } },
              }));
            },
          });
        },
      }),
      mockServices.rootConfig.factory({ data: config }),
      mockServices.scheduler.mock({
        createScheduledTaskRunner: () => ({ run: async () => {} }),
        scheduleTask: async () => {},
      }).factory,
    ],
  });
  return { providers, processors, feed, callers };
}

describe('catalogModuleStreaming', () => {
  it('adds nothing when catalog.providers.streaming is not configured', async () => {
    const { providers, processors } = await startWithModule({});
    expect(providers).toEqual([]);
    expect(processors).toEqual([]);
  });

  it('adds the provider and the processor, which read the streaming backend as the catalog service', async () => {
    const { providers, processors, feed, callers } = await startWithModule({
      catalog: { providers: { streaming: { pageSize: 3 } } },
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'streaming-provider:default',
    ]);
    expect(processors.map(p => p.getProcessorName())).toEqual([
      'StreamingRelationsProcessor',
    ]);

    const mutations: EntityProviderMutation[] = [];
    await providers[0].connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: async () => {},
    });
    await (providers[0] as any).refresh();
    const mutation = mutations[0];
    if (mutation?.type !== 'full') throw new Error('expected a full mutation');
    expect(mutation.entities).toHaveLength(feed.assets.length);
    expect(
      mutation.entities.every(e => e.entity.metadata.labels?.estate === 'demo'),
    ).toBe(true);

    feed.attachments.set('component:default/orders-service', [
      ORDERS_TOPIC,
      ENRICHER_APP,
    ]);
    const relations: any[] = [];
    await processors[0].postProcessEntity!(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'orders-service',
          annotations: {
            'aws.amazon.com/amazon-msk-topics': 'orders-standard/orders.*',
          },
        },
      },
      { type: 'url', target: 'x' },
      r => relations.push(r),
      {} as any,
    );
    expect(
      relations
        .filter(r => r.type === 'relation' && r.relation.type === 'dependsOn')
        .map(r => r.relation.target.name),
    ).toEqual([
      streamingEntityName(ORDERS_TOPIC),
      streamingEntityName(ENRICHER_APP),
    ]);
    // Every read came with the catalog plugin's service credentials.
    expect(callers.length).toBeGreaterThan(3);
    expect(new Set(callers)).toEqual(new Set(['plugin:catalog']));
  });
});
