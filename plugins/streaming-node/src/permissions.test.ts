import { StreamingAssetResource } from '@backstage-streaming/plugin-streaming-common';
import {
  hasAccount,
  hasTag,
  isAssetOwner,
  isClaimedBy,
  matchesAssetCriteria,
  matchesAssetQuery,
  StreamingAssetQuery,
} from './permissions';

function asset(
  overrides: Partial<StreamingAssetResource> = {},
): StreamingAssetResource {
  return {
    arn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/uuid-1',
    assetType: 'kafka-cluster',
    accountId: '111111111111',
    region: 'us-east-1',
    tags: { owner: 'team-orders', env: 'prod' },
    tagOwner: 'group:default/team-orders',
    claimedBy: [],
    ...overrides,
  };
}

describe('streaming-asset permission rules', () => {
  it('isAssetOwner matches the tag owner against the claims, case-insensitively', () => {
    expect(
      isAssetOwner.apply(asset(), { claims: ['group:default/Team-Orders'] }),
    ).toBe(true);
    expect(
      isAssetOwner.apply(asset(), { claims: ['group:default/team-analytics'] }),
    ).toBe(false);
    // A claim is not ownership.
    expect(
      isAssetOwner.apply(
        asset({ tagOwner: null, claimedBy: ['group:default/team-orders'] }),
        { claims: ['group:default/team-orders'] },
      ),
    ).toBe(false);
  });

  it('isClaimedBy holds only without a tag owner', () => {
    const claims = ['user:default/ada', 'group:default/team-analytics'];
    expect(
      isClaimedBy.apply(
        asset({
          tagOwner: null,
          claimedBy: ['group:default/team-analytics', 'group:default/team-x'],
        }),
        { claims },
      ),
    ).toBe(true);
    expect(
      isClaimedBy.apply(
        asset({ tagOwner: null, claimedBy: ['group:default/team-x'] }),
        { claims },
      ),
    ).toBe(false);
    expect(
      isClaimedBy.apply(
        asset({ claimedBy: ['group:default/team-analytics'] }),
        { claims },
      ),
    ).toBe(false);
  });

  it('hasAccount and hasTag look at the account and the tags', () => {
    expect(hasAccount.apply(asset(), { accountIds: ['111111111111'] })).toBe(
      true,
    );
    expect(hasAccount.apply(asset(), { accountIds: ['222222222222'] })).toBe(
      false,
    );
    expect(hasTag.apply(asset(), { key: 'env' })).toBe(true);
    expect(hasTag.apply(asset(), { key: 'env', value: 'prod' })).toBe(true);
    expect(hasTag.apply(asset(), { key: 'env', value: 'dev' })).toBe(false);
    expect(hasTag.apply(asset(), { key: 'toString' })).toBe(false);
  });

  it('validates parameters and describes them as JSON Schema', () => {
    const standard = isAssetOwner.paramsSchema!['~standard'];
    expect(standard.validate({ claims: 'group:default/x' })).toMatchObject({
      issues: [expect.anything()],
    });
    expect(standard.validate({ claims: ['group:default/x'] })).toMatchObject({
      value: { claims: ['group:default/x'] },
    });
    expect(
      (standard as any).jsonSchema.input({ target: 'draft-07' }),
    ).toMatchObject({
      type: 'object',
      properties: { claims: { type: 'array' } },
      required: ['claims'],
    });
  });
});

describe('streaming-asset filters (toQuery)', () => {
  it('turns each rule into a serialisable filter', () => {
    const queries = [
      isAssetOwner.toQuery({ claims: ['group:default/a'] }),
      isClaimedBy.toQuery({ claims: ['group:default/b'] }),
      hasAccount.toQuery({ accountIds: ['111111111111'] }),
      hasTag.toQuery({ key: 'env' }),
      hasTag.toQuery({ key: 'env', value: 'prod' }),
    ];
    // Plain data: survives JSON, so the backend can turn it into SQL.
    expect(JSON.parse(JSON.stringify(queries))).toEqual([
      { rule: 'isAssetOwner', claims: ['group:default/a'] },
      { rule: 'isClaimedBy', claims: ['group:default/b'] },
      { rule: 'hasAccount', accountIds: ['111111111111'] },
      { rule: 'hasTag', key: 'env' },
      { rule: 'hasTag', key: 'env', value: 'prod' },
    ]);
  });

  it('evaluates combined filters in memory as the rules apply them', () => {
    const owner: StreamingAssetQuery = {
      rule: 'isAssetOwner',
      claims: ['group:default/team-orders'],
    };
    const otherAccount: StreamingAssetQuery = {
      rule: 'hasAccount',
      accountIds: ['222222222222'],
    };
    const prod: StreamingAssetQuery = {
      rule: 'hasTag',
      key: 'env',
      value: 'prod',
    };
    expect(matchesAssetQuery(owner, asset())).toBe(true);
    expect(matchesAssetQuery(otherAccount, asset())).toBe(false);
    expect(matchesAssetCriteria({ anyOf: [otherAccount, prod] }, asset())).toBe(
      true,
    );
    expect(matchesAssetCriteria({ allOf: [otherAccount, prod] }, asset())).toBe(
      false,
    );
    expect(matchesAssetCriteria({ not: otherAccount }, asset())).toBe(true);
    expect(
      matchesAssetCriteria(
        { allOf: [owner, { not: prod }] },
        asset({ tags: { env: 'dev' } }),
      ),
    ).toBe(true);
    expect(
      matchesAssetQuery(
        { rule: 'isClaimedBy', claims: ['group:default/team-x'] },
        asset({ tagOwner: null, claimedBy: ['group:default/TEAM-X'] }),
      ),
    ).toBe(true);
  });
});
