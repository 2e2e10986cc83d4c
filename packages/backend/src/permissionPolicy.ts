import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  STREAMING_ASSET_RESOURCE_TYPE,
  streamingPermissions,
  streamingRefreshPermission,
  streamingScaffoldPermission,
} from '@backstage-streaming/plugin-streaming-common';
import {
  createStreamingAssetConditionalDecision,
  streamingAssetConditions,
} from '@backstage-streaming/plugin-streaming-node';

/** The demo's platform team (examples/org.yaml): it reads the whole estate. */
export const PLATFORM_GROUPS = ['group:default/team-platform'];

/**
 * The policy docs/permissions.md recommends: owners read their assets and
 * their cost, an asset no tag gives an owner is readable by whoever owns an
 * entity attaching it, a platform group reads everything (status included),
 * and any signed-in user may start a (debounced) refresh and create streaming
 * assets with the scaffolder actions (`streaming.scaffold`: the guardrails and
 * the price limit still apply, and what a user creates is tagged with the
 * owner the template names). Permissions of other
 * plugins are allowed, as with the allow-all policy, so the catalog and the
 * scaffolder keep working.
 */
export class StreamingPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      userInfo: UserInfoService;
      platformGroups: string[];
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!streamingPermissions.some(p => isPermission(permission, p))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) return { result: AuthorizeResult.DENY };
    const { ownershipEntityRefs: claims } =
      await this.options.userInfo.getUserInfo(user.credentials);
    const mine = new Set(claims.map(ref => ref.toLocaleLowerCase('en-US')));
    if (
      this.options.platformGroups.some(group =>
        mine.has(group.toLocaleLowerCase('en-US')),
      )
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, STREAMING_ASSET_RESOURCE_TYPE)) {
      return createStreamingAssetConditionalDecision(permission, {
        anyOf: [
          streamingAssetConditions.isAssetOwner({ claims }),
          streamingAssetConditions.isClaimedBy({ claims }),
        ],
      });
    }
    if (
      isPermission(permission, streamingRefreshPermission) ||
      isPermission(permission, streamingScaffoldPermission)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    // streaming.status.read: account ids, regions and AWS errors are the platform's.
    return { result: AuthorizeResult.DENY };
  }
}

/** Installs {@link StreamingPermissionPolicy} in the demo backend. */
export const streamingPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'streaming-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(
          new StreamingPermissionPolicy({
            userInfo,
            platformGroups: PLATFORM_GROUPS,
          }),
        );
      },
    });
  },
});
