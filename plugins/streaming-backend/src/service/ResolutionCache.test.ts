import { Entity } from '@backstage/catalog-model';
import { ResolutionCache } from './ResolutionCache';
import type { ResolvedAnnotations } from './EntityAssetResolver';

function entity(topics: string, name = 'orders-service'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'aws.amazon.com/amazon-msk-topics': topics,
        'backstage.io/techdocs-ref': 'dir:.',
      },
    },
    spec: { owner: 'team-orders' },
  };
}

function resolution(arn: string): ResolvedAnnotations {
  return { problems: [], entries: [{ at: 0, resolution: { arns: [arn] } }] };
}

describe('ResolutionCache', () => {
  let clock = 0;
  const cache = (ttlSeconds = 30, maxEntries = 100) =>
    new ResolutionCache({ ttlSeconds, maxEntries, now: () => clock });
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('answers from the cache within the TTL and resolves again after it', async () => {
    const c = cache(30);
    const resolve = jest.fn(async () => resolution('arn:1'));
    await c.getOrResolve(entity('c/a*'), resolve);
    clock += 29_999;
    expect(await c.getOrResolve(entity('c/a*'), resolve)).toEqual(
      resolution('arn:1'),
    );
    expect(resolve).toHaveBeenCalledTimes(1);
    clock += 1;
    await c.getOrResolve(entity('c/a*'), resolve);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('sees an annotation change at once, and ignores other annotations', async () => {
    const c = cache();
    const resolve = jest.fn(async () => resolution('arn:1'));
    await c.getOrResolve(entity('c/a*'), resolve);
    await c.getOrResolve(entity('c/b*'), resolve);
    expect(resolve).toHaveBeenCalledTimes(2);
    const otherAnnotation = entity('c/b*');
    otherAnnotation.metadata.annotations!['backstage.io/techdocs-ref'] =
      'url:x';
    await c.getOrResolve(otherAnnotation, resolve);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('drops every resolution when invalidated, including one resolving meanwhile', async () => {
    const c = cache();
    await c.getOrResolve(entity('c/a*'), async () => resolution('arn:old'));
    c.invalidate();
    expect(c.size).toBe(0);
    // A refresh completing while this resolves: the result is served once, not kept.
    await c.getOrResolve(entity('c/a*'), async () => {
      c.invalidate();
      return resolution('arn:racing');
    });
    expect(c.size).toBe(0);
    expect(
      await c.getOrResolve(entity('c/a*'), async () => resolution('arn:new')),
    ).toEqual(resolution('arn:new'));
  });

  it('keeps at most maxEntries, evicting the least recently used', async () => {
    const c = cache(30, 2);
    const resolve = jest.fn(async () => resolution('arn:1'));
    await c.getOrResolve(entity('x', 'a'), resolve);
    await c.getOrResolve(entity('x', 'b'), resolve);
    await c.getOrResolve(entity('x', 'a'), resolve); // a is now the most recent
    await c.getOrResolve(entity('x', 'c'), resolve); // evicts b
    expect(c.size).toBe(2);
    expect(resolve).toHaveBeenCalledTimes(3);
    await c.getOrResolve(entity('x', 'a'), resolve);
    expect(resolve).toHaveBeenCalledTimes(3);
    await c.getOrResolve(entity('x', 'b'), resolve);
    expect(resolve).toHaveBeenCalledTimes(4);
  });

  it('does not cache with a TTL of 0', async () => {
    const c = cache(0);
    const resolve = jest.fn(async () => resolution('arn:1'));
    await c.getOrResolve(entity('c/a*'), resolve);
    await c.getOrResolve(entity('c/a*'), resolve);
    expect(resolve).toHaveBeenCalledTimes(2);
  });
});
