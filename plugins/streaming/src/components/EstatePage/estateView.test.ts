import {
  groupByOf,
  listQueryOf,
  nextSort,
  sortOf,
  tabOf,
  withViewChange,
} from './estateView';

const params = (query: string) => new URLSearchParams(query);

describe('estate view in the URL', () => {
  it('reads the tab, falling back to clusters', () => {
    expect(tabOf(params('tab=chargeback'))).toBe('chargeback');
    expect(tabOf(params('tab=brokers'))).toBe('clusters');
    expect(tabOf(params(''))).toBe('clusters');
  });

  it('reads the chargeback grouping, falling back to owner', () => {
    expect(groupByOf(params('groupBy=region'))).toBe('region');
    expect(groupByOf(params('groupBy=team'))).toBe('owner');
  });

  it('turns the URL into a list query, dropping what the API would refuse', () => {
    expect(
      listQueryOf(
        params(
          'q=+orders+&owner=group%3Adefault%2Fteam-orders&clusterType=express&healthStatus=critical&unowned=true&orderBy=lag%3Adesc&limit=100&cursor=c2&region=',
        ),
      ),
    ).toEqual({
      q: 'orders',
      owner: 'group:default/team-orders',
      clusterType: 'express',
      healthStatus: 'critical',
      unowned: true,
      orderBy: 'lag:desc',
      limit: 100,
      cursor: 'c2',
    });
    expect(
      listQueryOf(
        params(
          'clusterType=PROVISIONED&healthStatus=bad&unowned=yes&orderBy=cost%3Adesc&limit=100000',
        ),
      ),
    ).toEqual({ limit: 50 });
  });

  it('reads the order only when both field and direction are valid', () => {
    expect(sortOf(params('orderBy=monthlyUsd:asc'))).toEqual({
      field: 'monthlyUsd',
      direction: 'asc',
    });
    expect(sortOf(params('orderBy=monthlyUsd'))).toBeUndefined();
    expect(sortOf(params('orderBy=cost:asc'))).toBeUndefined();
  });

  it('starts at the first page after a change of filter or order, not after a page change', () => {
    const current = params('tab=topics&q=orders&cursor=c2');
    expect(
      withViewChange(current, { owner: 'group:default/a' }).toString(),
    ).toBe('tab=topics&q=orders&owner=group%3Adefault%2Fa');
    expect(withViewChange(current, { q: '' }).toString()).toBe('tab=topics');
    expect(withViewChange(current, { cursor: 'c3' }).toString()).toBe(
      'tab=topics&q=orders&cursor=c3',
    );
  });

  it('sorts a new column in its natural order and reverses a sorted one', () => {
    expect(nextSort(undefined, 'name')).toBe('name:asc');
    expect(nextSort(undefined, 'monthlyUsd')).toBe('monthlyUsd:desc');
    expect(
      nextSort({ field: 'monthlyUsd', direction: 'desc' }, 'monthlyUsd'),
    ).toBe('monthlyUsd:asc');
    expect(nextSort({ field: 'name', direction: 'asc' }, 'health')).toBe(
      'health:desc',
    );
  });
});
