import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync } from 'node:fs';
import { createPublishFileLocationAction } from './publishFileLocationAction';

describe('streaming-demo:publish:file-location', () => {
  const workspace = createMockDirectory();
  const root = createMockDirectory();

  function setup(existing = false) {
    workspace.setContent({
      'catalog-info.yaml':
        'kind: Resource\nmetadata:\n  name: payments-events\n',
    });
    const catalog = {
      getLocationByRef: jest
        .fn()
        .mockResolvedValue(existing ? { id: 'x' } : undefined),
      addLocation: jest.fn().mockResolvedValue({
        location: { id: '1', type: 'file', target: '' },
        entities: [{ kind: 'Resource', metadata: { name: 'payments-events' } }],
      }),
    };
    const action = createPublishFileLocationAction({
      root: root.path,
      catalog: catalog as any,
    });
    return { action, catalog };
  }

  it('copies catalog-info.yaml to the folder and registers it as a file location', async () => {
    const { action, catalog } = setup();
    const ctx: any = createMockActionContext({
      input: { folder: 'topics/payments.events' },
      workspacePath: workspace.path,
      logger: mockServices.logger.mock(),
    });
    await action.handler(ctx);
    const target = root.resolve('topics/payments.events/catalog-info.yaml');
    expect(readFileSync(target, 'utf8')).toContain('payments-events');
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target },
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/payments-events',
    );
  });

  it('does not register a location twice on a re-run', async () => {
    const { action, catalog } = setup(true);
    const ctx: any = createMockActionContext({
      input: { folder: 'topics/payments.events' },
      workspacePath: workspace.path,
      logger: mockServices.logger.mock(),
    });
    await action.handler(ctx);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses folders that leave the publish root', async () => {
    const { action } = setup();
    const ctx: any = createMockActionContext({
      input: { folder: '../../etc' },
      workspacePath: workspace.path,
      logger: mockServices.logger.mock(),
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /must be \/-separated names/,
    );
  });
});
