import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadScenario } from './scenario';
import { DEMO_SCENARIO } from './__testUtils__/sandbox';

// The demo estate and its catalog together: enough teams and shapes for
// every part of the estate page to show something real.
const EXAMPLES = resolve(__dirname, '../../../examples');

function documents(file: string): any[] {
  return parseAllDocuments(readFileSync(resolve(EXAMPLES, file), 'utf8')).map(
    d => d.toJS(),
  );
}

describe('the demo estate', () => {
  const scenario = loadScenario(DEMO_SCENARIO);
  const clusters = scenario.accounts.flatMap(a =>
    [...a.regions.values()].flatMap(r => r.clusters),
  );
  const components = documents('entities.yaml').filter(
    e => e.kind === 'Component',
  );
  const groups = documents('org.yaml')
    .filter(e => e.kind === 'Group')
    .map(e => e.metadata.name);
  const annotationsOf = (c: any): string =>
    Object.values(c.metadata.annotations ?? {}).join(',');

  it('has several teams, each owning something', () => {
    expect(groups).toEqual(
      expect.arrayContaining([
        'team-orders',
        'team-analytics',
        'team-platform',
        'team-payments',
        'team-events',
      ]),
    );
    for (const c of components) expect(groups).toContain(c.spec.owner);
    for (const cluster of clusters.filter(c => c.tags.owner)) {
      expect(groups).toContain(cluster.tags.owner);
    }
  });

  it('has an unowned cluster that no entity attaches', () => {
    const unattached = clusters.filter(
      c =>
        !c.tags.owner &&
        components.every(
          e =>
            !annotationsOf(e).includes(c.arn) &&
            !annotationsOf(e).includes(`${c.name}/`),
        ),
    );
    expect(unattached.map(c => c.name)).toEqual(['legacy-reporting']);
  });

  it("has a platform-owned cluster whose topics several teams' entities attach", () => {
    const shared = clusters.find(c => c.name === 'platform-shared')!;
    expect(shared.tags.owner).toBe('team-platform');
    const attachingOwners = new Set(
      components
        .filter(e => annotationsOf(e).includes(`${shared.name}/`))
        .map(e => e.spec.owner),
    );
    expect([...attachingOwners].sort()).toEqual([
      'team-events',
      'team-payments',
      'team-platform',
    ]);
    expect(shared.topics.map(t => t.name)).toEqual([
      'events.page-views',
      'events.signups',
      'payments.authorized',
      'payments.captured',
      'platform.heartbeat',
    ]);
  });
});
