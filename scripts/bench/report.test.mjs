// node --test scripts/bench/report.test.mjs: the bench's goals and report, without running the bench.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  END,
  START,
  evaluateGoals,
  referenceRps,
  renderReport,
  replaceResults,
} from './report.mjs';

const reference = {
  id: 'reference',
  label: 'ref',
  available: true,
  rps: 1000,
  p50: 10,
  p99: 30,
  errors: 0,
};
const entity = {
  id: 'entity',
  label: 'entity',
  available: true,
  rps: 600,
  p50: 20,
  p99: 45,
  errors: 0,
};
const list = {
  id: 'list',
  label: 'list',
  available: true,
  rps: 400,
  p50: 30,
  p99: 90,
  errors: 0,
};
const page = { available: true, ms: 1500 };

test('each goal passes only within its limits', () => {
  const goals = evaluateGoals({
    results: [reference, entity, list],
    page,
    rssMb: 400,
  });
  assert.deepEqual(
    goals.map(g => g.pass),
    [true, false, true, true],
  );
  assert.match(goals[1].measured, /^40%, p99 90 ms$/);
});

test('the faster of the two reference runs is the reference', () => {
  const slowFirst = { ...reference, rps: 500 };
  const goals = evaluateGoals({
    results: [slowFirst, entity, reference],
    page,
    rssMb: 400,
  });
  // 600 req/s is 120% of the slow run but 60% of the faster one.
  assert.match(goals[0].measured, /^60%, p99 45 ms$/);
  assert.equal(referenceRps([slowFirst, reference]), 1000);
  assert.equal(referenceRps([{ ...reference, available: false }]), undefined);
});

test('p99, errors, a missing route, a slow page and RSS each fail their goal', () => {
  const goals = evaluateGoals({
    results: [
      reference,
      { ...entity, p99: 50 },
      { ...list, rps: 600, errors: 3 },
      { id: 'list', label: 'gone', available: false, reason: 'HTTP 404' },
    ],
    page: { available: true, ms: 2000 },
    rssMb: 500,
  });
  assert.deepEqual(
    goals.map(g => g.pass),
    [false, false, false, false, false],
  );
  assert.match(goals[2].measured, /not available \(HTTP 404\)/);
});

test('a route whose requests all outlast the run fails, saying so', () => {
  const slow = {
    ...entity,
    rps: 0,
    p50: undefined,
    p99: undefined,
    note: 'no request completed in 3 s',
  };
  const [goal] = evaluateGoals({
    results: [reference, slow],
    page,
    rssMb: 100,
  });
  assert.equal(goal.pass, false);
  assert.equal(goal.measured, 'no request completed in 3 s');
});

test('writes the report between the markers of docs/benchmarks.md', () => {
  const machine = {
    date: 'd',
    cores: 2,
    cpu: 'c',
    memoryGiB: 4,
    node: 'v22',
    database: 'SQLite',
    scale: {
      accounts: 1,
      regions: 1,
      clusters: 1,
      topics: 1,
      applications: 1,
      groups: 1,
    },
    seconds: 3,
    connections: 20,
  };
  const goals = evaluateGoals({
    results: [reference, entity],
    page,
    rssMb: 100,
  });
  const report = renderReport({
    machine,
    results: [reference, entity],
    csv: { available: false, reason: 'HTTP 404' },
    page,
    rssMb: 100,
    goals,
    quick: true,
  });
  assert.match(report, /\| entity \| 600 \| 20 \| 45 \| 60% \|/);
  assert.match(report, /CSV export .* not available \(HTTP 404\)/);
  const doc = `# B\n${START}\nold\n${END}\nafter\n`;
  assert.equal(
    replaceResults(doc, report),
    `# B\n${START}\n${report}\n${END}\nafter\n`,
  );
  assert.throws(
    () => replaceResults('# no markers', report),
    /no <!-- bench:results:start -->/,
  );
});

test("the catalog's by-name p99 with the streaming Resources must stay within 1.5× of without", () => {
  const catalog = {
    id: 'catalog',
    label: 'catalog',
    available: true,
    rps: 400,
    p50: 20,
    p99: 60,
    errors: 0,
  };
  const within = { ...catalog, id: 'catalog-ingested', label: 'with', p99: 90 };
  const beyond = { ...within, p99: 91 };
  const goalOf = ingested =>
    evaluateGoals({
      results: [reference, catalog, ingested],
      page,
      rssMb: 400,
    }).find(g => g.name.startsWith("Catalog's `entities/by-name` p99"));
  assert.equal(goalOf(within).pass, true);
  assert.match(goalOf(within).measured, /^90 ms vs 60 ms \(1\.50×\)$/);
  assert.equal(goalOf(beyond).pass, false);
  const notIngested = goalOf({
    ...within,
    available: false,
    reason: 'not ingested',
  });
  assert.equal(notIngested.pass, false);
  assert.match(notIngested.measured, /not ingested/);
  // Without an ingested measurement (older runs) there is no such goal.
  assert.equal(
    evaluateGoals({ results: [reference, catalog], page, rssMb: 400 }).some(g =>
      g.name.startsWith("Catalog's"),
    ),
    false,
  );
});
