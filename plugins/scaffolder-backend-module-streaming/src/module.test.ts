import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleStreaming } from './module';

describe('scaffolderModuleStreaming', () => {
  it('registers the four streaming actions, each with examples and dry-run support', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleStreaming,
        mockServices.rootConfig.factory({
          data: {
            streaming: {
              aws: {
                accounts: [
                  { accountId: '111111111111', regions: ['us-east-1'] },
                ],
              },
            },
          },
        }),
      ],
    });
    const actions = addActions.mock.calls.flat();
    expect(actions.map((a: any) => a.id).sort()).toEqual([
      'aws:cloudwatch:recommended-alarms:create',
      'aws:flink:application:create',
      'aws:msk:cluster:create',
      'aws:msk:topic:create',
    ]);
    for (const action of actions) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples.length).toBeGreaterThan(0);
    }
  });

  it('stops the backend on a bad streaming.scaffolder setting, naming the key', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [scaffolderActionsExtensionPoint, { addActions: jest.fn() }],
        ],
        features: [
          scaffolderModuleStreaming,
          mockServices.rootConfig.factory({
            data: { streaming: { scaffolder: { topicNamePattern: '([' } } },
          }),
        ],
      }),
    ).rejects.toThrow(
      /streaming.scaffolder.topicNamePattern is not a valid regular expression/,
    );
  });
});
