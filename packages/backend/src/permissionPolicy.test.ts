import {
  BackstageCredentials,
  BackstageUserInfo,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  StreamingAssetResource,
  streamingAssetReadPermission,
  streamingCostReadPermission,
  streamingRefreshPermission,
  streamingScaffoldPermission,
  streamingStatusReadPermission,
} from '@backstage-streaming/plugin-streaming-common';
import { streamingAssetPermissionRules } from '@backstage-streaming/plugin-streaming-node';
import { PLATFORM_GROUPS, StreamingPermissionPolicy } from './permissionPolicy';

// Who is who, as the catalog's sign-in resolves examples/org.yaml.
const users: Record<string, string[]> = {
  'user:default/ada': ['user:default/ada', 'group:default/team-analytics'],
  'user:development/guest': [
    'user:development/guest',
    'group:default/team-orders',
    'group:default/team-platform',
  ],
};

const policy = new StreamingPermissionPolicy({
  platformGroups: PLATFORM_GROUPS,
  userInfo: {
    async getUserInfo(credentials: BackstageCredentials) {
      const userEntityRef = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef,
        ownershipEntityRefs: users[userEntityRef],
      } as BackstageUserInfo;
    },
  },
});

function as(userEntityRef: string) {
  return {
    credentials: {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef },
    } as BackstageCredentials,
    info: { userEntityRef, ownershipEntityRefs: users[userEntityRef] },
  };
}

// The decision applied to an asset with the rules the streaming backend registers.
const applies = createConditionAuthorizer<StreamingAssetResource>({
  getRuleByName: name =>
    Object.values(streamingAssetPermissionRules).find(
      rule => rule.name === name,
    )!,
});

function asset(
  overrides: Partial<StreamingAssetResource>,
): StreamingAssetResource {
  return {
    arn: 'arn:aws:kafka:us-east-1:111111111111:cluster/c/uuid',
    assetType: 'kafka-cluster',
    accountId: '111111111111',
    region: 'us-east-1',
    tags: {},
    tagOwner: null,
    claimedBy: [],
    ...overrides,
  };
}

const ordersCluster = asset({
  tags: { owner: 'team-orders' },
  tagOwner: 'group:default/team-orders',
});
const analyticsCluster = asset({
  tags: { owner: 'team-analytics' },
  tagOwner: 'group:default/team-analytics',
});
const claimedByAnalytics = asset({
  claimedBy: ['group:default/team-analytics', 'group:default/team-orders'],
});
const claimedByOrders = asset({ claimedBy: ['group:default/team-orders'] });

async function decide(
  userEntityRef: string,
  permission: Permission = streamingAssetReadPermission,
): Promise<PolicyDecision> {
  return policy.handle({ permission }, as(userEntityRef));
}

describe('StreamingPermissionPolicy', () => {
  it("denies a member of another team that team's assets, however annotated", async () => {
    for (const permission of [
      streamingAssetReadPermission,
      streamingCostReadPermission,
    ]) {
      const decision = await decide('user:default/ada', permission);
      expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(applies(decision, ordersCluster)).toBe(false);
      // Its own claim does not override team-orders' tag.
      expect(
        applies(
          decision,
          asset({
            ...ordersCluster,
            claimedBy: ['group:default/team-analytics'],
          }),
        ),
      ).toBe(false);
      expect(applies(decision, claimedByOrders)).toBe(false);
    }
  });

  it('allows a member its own team’s assets and the unowned ones it claims', async () => {
    for (const permission of [
      streamingAssetReadPermission,
      streamingCostReadPermission,
    ]) {
      const decision = await decide('user:default/ada', permission);
      expect(applies(decision, analyticsCluster)).toBe(true);
      expect(applies(decision, claimedByAnalytics)).toBe(true);
    }
  });

  it('lets the platform group, with the demo guest in it, read everything and the status', async () => {
    for (const permission of [
      streamingAssetReadPermission,
      streamingCostReadPermission,
      streamingStatusReadPermission,
    ]) {
      expect(await decide('user:development/guest', permission)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('keeps the refresh status from other teams, and lets anyone start a refresh', async () => {
    expect(
      (await decide('user:default/ada', streamingStatusReadPermission)).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (await decide('user:default/ada', streamingRefreshPermission)).result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('lets every signed-in user create streaming assets with the scaffolder, the demo guest included', async () => {
    for (const user of ['user:development/guest', 'user:default/ada']) {
      expect(await decide(user, streamingScaffoldPermission)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
    expect(
      (await policy.handle({ permission: streamingScaffoldPermission })).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('allows the permissions of other plugins as before', async () => {
    const catalogRead = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
    expect(
      await policy.handle({ permission: catalogRead }, as('user:default/ada')),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies streaming permissions without a user', async () => {
    expect(
      (await policy.handle({ permission: streamingAssetReadPermission }))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });
});
