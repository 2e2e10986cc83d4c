import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { callerKeyOf, DecisionCache } from './CallerCaches';
import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  let clock = 0;
  const cache = (ttlSeconds = 15, maxEntries = 100) =>
    new TtlCache<string>({ ttlSeconds, maxEntries, now: () => clock });
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('answers from the cache within the TTL and loads again after it', async () => {
    const c = cache(30);
    const load = jest.fn(async () => 'v');
    await c.getOrLoad('k', load);
    clock += 29_999;
    expect(await c.getOrLoad('k', load)).toBe('v');
    expect(load).toHaveBeenCalledTimes(1);
    clock += 1;
    await c.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps nothing with a TTL of 0, and never keeps undefined', async () => {
    const off = cache(0);
    const load = jest.fn(async () => 'v');
    await off.getOrLoad('k', load);
    await off.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(off.size).toBe(0);

    const c = cache();
    const missing = jest.fn(async () => undefined);
    expect(await c.getOrLoad('k', missing)).toBeUndefined();
    await c.getOrLoad('k', missing);
    expect(missing).toHaveBeenCalledTimes(2);
  });

  it('drops everything on invalidate, and does not keep a value loaded across it', async () => {
    const c = cache();
    await c.getOrLoad('a', async () => 'old');
    c.invalidate();
    expect(c.size).toBe(0);
    expect(await c.getOrLoad('a', async () => 'new')).toBe('new');

    let release!: () => void;
    const slow = c.getOrLoad(
      'b',
      () => new Promise<string>(r => (release = () => r('stale'))),
    );
    c.invalidate();
    release();
    expect(await slow).toBe('stale');
    expect(await c.getOrLoad('b', async () => 'fresh')).toBe('fresh');
  });

  it('shares one load between concurrent misses of a key, but not across an invalidation', async () => {
    const c = cache();
    let release!: (value: string) => void;
    const load = jest.fn(
      () => new Promise<string>(r => (release = value => r(value))),
    );
    const first = c.getOrLoad('k', load);
    const second = c.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(1);
    release('shared');
    expect(await Promise.all([first, second])).toEqual(['shared', 'shared']);

    const failing = jest.fn(async () => {
      throw new Error('database down');
    });
    await expect(c.getOrLoad('f', failing)).rejects.toThrow('database down');
    // A failed load is not remembered: the next miss tries again.
    expect(await c.getOrLoad('f', async () => 'recovered')).toBe('recovered');

    let releaseOld!: (value: string) => void;
    const old = c.getOrLoad(
      'x',
      () => new Promise<string>(r => (releaseOld = r)),
    );
    c.invalidate();
    const fresh = jest.fn(async () => 'fresh');
    expect(await c.getOrLoad('x', fresh)).toBe('fresh');
    expect(fresh).toHaveBeenCalledTimes(1);
    releaseOld('old');
    expect(await old).toBe('old');
    expect(await c.getOrLoad('x', async () => 'unused')).toBe('fresh');
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const c = cache(15, 2);
    await c.getOrLoad('a', async () => 'a');
    await c.getOrLoad('b', async () => 'b');
    await c.getOrLoad('a', async () => 'x'); // a used again
    await c.getOrLoad('c', async () => 'c');
    expect(c.size).toBe(2);
    expect(await c.getOrLoad('a', async () => 'reloaded')).toBe('a');
    expect(await c.getOrLoad('b', async () => 'reloaded')).toBe('reloaded');
  });
  it('bounds the sum of the kept sizes, evicting the least recently used first', async () => {
    const c = new TtlCache<string>({
      ttlSeconds: 30,
      maxEntries: 100,
      sizeOf: value => value.length,
      maxSize: 10,
      now: () => clock,
    });
    await c.getOrLoad('a', async () => 'aaaa');
    await c.getOrLoad('b', async () => 'bbbb');
    expect(c.get('a')).toBe('aaaa');
    await c.getOrLoad('c', async () => 'cccc');
    // 12 > 10: 'b', used least recently, goes.
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([
      'aaaa',
      undefined,
      'cccc',
    ]);
    expect(c.totalSize).toBe(8);
    // A value larger than the bound is answered but never kept.
    expect(await c.getOrLoad('d', async () => 'd'.repeat(11))).toHaveLength(11);
    expect(c.get('d')).toBeUndefined();
    expect(c.totalSize).toBe(8);
    // Replacing a key after its expiry counts its new size only.
    clock += 30_000;
    await c.getOrLoad('a', async () => 'aa');
    // 'c' expired too, and is dropped when read.
    expect(c.get('c')).toBeUndefined();
    expect(c.totalSize).toBe(2);
    c.invalidate();
    expect(c.totalSize).toBe(0);
  });
});

describe('callerKeyOf', () => {
  it('tells users, acting services and services apart', () => {
    const keys = [
      mockCredentials.user('user:default/ada'),
      mockCredentials.user('user:default/bob'),
      mockCredentials.service('plugin:catalog'),
      mockCredentials.service('plugin:scaffolder'),
      mockCredentials.service('plugin:catalog', {
        permissionNames: ['catalog.entity.read'],
      }),
    ].map(callerKeyOf);
    expect(new Set(keys).size).toBe(keys.length);
    expect(callerKeyOf(mockCredentials.user('user:default/ada'))).toBe(keys[0]);
  });
});

describe('DecisionCache', () => {
  let clock = 0;
  beforeEach(() => {
    clock = 1_000_000;
  });

  function setup() {
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async (requests, { credentials }) =>
        requests.map(() => ({
          result:
            callerKeyOf(credentials) ===
            callerKeyOf(mockCredentials.user('user:default/ada'))
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    });
    const decisions = new DecisionCache(permissions, {
      ttlSeconds: 15,
      maxEntries: 100,
      now: () => clock,
    });
    return { permissions, decisions };
  }

  it("never answers one caller with another's decisions", async () => {
    const { permissions, decisions } = setup();
    const ada = mockCredentials.user('user:default/ada');
    const bob = mockCredentials.user('user:default/bob');
    expect((await decisions.decisionsOf(ada)).map(d => d.result)).toEqual([
      AuthorizeResult.ALLOW,
      AuthorizeResult.ALLOW,
    ]);
    expect((await decisions.decisionsOf(bob)).map(d => d.result)).toEqual([
      AuthorizeResult.DENY,
      AuthorizeResult.DENY,
    ]);
    expect(
      (await decisions.decisionsOf(mockCredentials.service())).map(
        d => d.result,
      ),
    ).toEqual([AuthorizeResult.DENY, AuthorizeResult.DENY]);
    await decisions.decisionsOf(ada);
    await decisions.decisionsOf(bob);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(3);
  });

  it('asks again after the TTL and after an invalidation', async () => {
    const { permissions, decisions } = setup();
    const ada = mockCredentials.user('user:default/ada');
    await decisions.decisionsOf(ada);
    clock += 14_999;
    await decisions.decisionsOf(ada);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
    clock += 1;
    await decisions.decisionsOf(ada);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);
    decisions.invalidate();
    await decisions.decisionsOf(ada);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(3);
  });
});
