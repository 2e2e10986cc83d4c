import { resolve, relative, join, isAbsolute } from 'node:path';
import { mkdir, copyFile, readFile } from 'node:fs/promises';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';

const SEGMENT = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;

/**
 * Demo only: copies the workspace's catalog-info.yaml to `<root>/<folder>/`
 * (a persistent folder under .data/) and registers it as a `file` location,
 * standing in for "publish to a repository, then catalog:register".
 */
export function createPublishFileLocationAction(options: {
  root: string;
  catalog: CatalogService;
}) {
  return createTemplateAction({
    id: 'streaming-demo:publish:file-location',
    description:
      'Demo only: copies catalog-info.yaml from the workspace to a persistent local folder and registers it in the catalog as a file location.',
    supportsDryRun: true,
    schema: {
      input: {
        folder: z =>
          z
            .string()
            .describe(
              'Folder under the publish root, e.g. topics/payments.orders.v1',
            ),
        filePath: z =>
          z
            .string()
            .optional()
            .describe('File in the workspace; default catalog-info.yaml'),
      },
      output: {
        catalogInfoPath: z => z.string(),
        entityRef: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const parts = ctx.input.folder.split('/');
      if (parts.length === 0 || !parts.every(p => SEGMENT.test(p))) {
        throw new InputError(
          `folder '${ctx.input.folder}' must be /-separated names of letters, digits, . _ -`,
        );
      }
      const source = resolve(
        ctx.workspacePath,
        ctx.input.filePath ?? 'catalog-info.yaml',
      );
      const fromWorkspace = relative(ctx.workspacePath, source);
      if (fromWorkspace.startsWith('..') || isAbsolute(fromWorkspace)) {
        throw new InputError('filePath must stay inside the workspace');
      }
      const targetDir = join(options.root, ...parts);
      const target = join(targetDir, 'catalog-info.yaml');
      ctx.output('catalogInfoPath', target);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would write ${target} and register it`);
        return;
      }
      await mkdir(targetDir, { recursive: true });
      await copyFile(source, target);
      ctx.logger.info(`Wrote ${target}:\n${await readFile(target, 'utf8')}`);
      const result = await ctx.checkpoint({
        key: `streaming-demo.register.${target}`,
        fn: async () => {
          const credentials = await ctx.getInitiatorCredentials();
          const existing = await options.catalog.getLocationByRef(
            `file:${target}`,
            { credentials },
          );
          if (existing) return { entityRef: undefined };
          const added = await options.catalog.addLocation(
            { type: 'file', target },
            { credentials },
          );
          const entity = added.entities[0];
          return {
            entityRef: entity
              ? `${entity.kind.toLowerCase()}:${
                  entity.metadata.namespace ?? 'default'
                }/${entity.metadata.name}`
              : undefined,
          };
        },
      });
      if (result.entityRef) ctx.output('entityRef', result.entityRef);
    },
  });
}

/** Registers the demo publish action; the root comes from streamingDemo.publishRoot (default ../../.data/scaffolded). */
export const scaffolderModuleDemoPublish = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'streaming-demo-publish',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ config, catalog, scaffolderActions }) {
        const root = resolve(
          config.getOptionalString('streamingDemo.publishRoot') ??
            '../../.data/scaffolded',
        );
        scaffolderActions.addActions(
          createPublishFileLocationAction({ root, catalog }),
        );
      },
    });
  },
});
