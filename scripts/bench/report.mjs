// The bench's goals (issue "Scale, measured") and its Markdown report.

export const START = '<!-- bench:results:start -->';
export const END = '<!-- bench:results:end -->';

const fixed = (n, digits = 0) => (n === undefined ? '–' : n.toFixed(digits));

/**
 * Each goal with pass or fail. A measurement that is not available (the
 * route or page is not built) cannot meet its goal: it fails, saying so.
 */
/**
 * The reference route is measured first and again last: the faster of the
 * two is the reference, so a slow first run (a cold process, work left over
 * from the refresh) cannot flatter the other routes' ratios.
 */
export function referenceRps(results) {
  const measured = results.filter(r => r.id === 'reference' && r.available);
  return measured.length ? Math.max(...measured.map(r => r.rps)) : undefined;
}

export function evaluateGoals({ results, page, rssMb }) {
  const refRps = referenceRps(results);
  const goals = [];
  const throughputGoal = (r, p99Limit) => {
    const name = `${r.label}: ≥ 50% of the reference's req/s, p99 < ${p99Limit} ms`;
    if (!r.available)
      return { name, measured: `not available (${r.reason})`, pass: false };
    if (r.note) return { name, measured: r.note, pass: false };
    if (refRps === undefined)
      return { name, measured: 'reference route not available', pass: false };
    const ratio = r.rps / refRps;
    return {
      name,
      measured: `${fixed(ratio * 100)}%, p99 ${r.p99} ms${
        r.errors ? `, ${r.errors} errors` : ''
      }`,
      pass: ratio >= 0.5 && r.p99 < p99Limit && !r.errors,
    };
  };
  for (const r of results.filter(x => x.id === 'entity'))
    goals.push(throughputGoal(r, 50));
  for (const r of results.filter(x => x.id === 'list'))
    goals.push(throughputGoal(r, 100));
  const catalog = results.find(r => r.id === 'catalog');
  const ingested = results.find(r => r.id === 'catalog-ingested');
  if (ingested) {
    const name =
      "Catalog's `entities/by-name` p99 with the streaming Resources ≤ 1.5× without";
    goals.push(
      !ingested.available || !catalog?.available
        ? {
            name,
            measured: `not available (${
              (ingested.available ? catalog?.reason : ingested.reason) ??
              'not measured'
            })`,
            pass: false,
          }
        : {
            name,
            measured: `${ingested.p99} ms vs ${catalog.p99} ms (${fixed(
              ingested.p99 / catalog.p99,
              2,
            )}×)${ingested.errors ? `, ${ingested.errors} errors` : ''}`,
            pass:
              ingested.p99 <= 1.5 * catalog.p99 &&
              !ingested.errors &&
              !ingested.note,
          },
    );
  }
  goals.push({
    name: 'Estate page: first table row in Chromium < 2 s',
    measured: page.available
      ? `${page.ms} ms`
      : `not available (${page.reason})`,
    pass: Boolean(page.available && page.ms < 2000),
  });
  goals.push({
    name: "Backend's peak RSS < 500 MB",
    measured: rssMb === undefined ? 'not measured' : `${fixed(rssMb)} MB`,
    pass: rssMb !== undefined && rssMb < 500,
  });
  return goals;
}

/** The results section of docs/benchmarks.md (also printed). */
export function renderReport({
  machine,
  results,
  csv,
  page,
  rssMb,
  settledRssMb,
  goals,
  quick,
}) {
  const refRps = referenceRps(results);
  const s = machine.scale;
  const lines = [
    `Run on ${machine.date}: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB memory, Node ${machine.node}, ${machine.database}.`,
    `Estate: ${s.accounts} accounts × ${s.regions} regions, ${
      s.clusters
    } clusters, ${s.topics} topics, ${s.applications} Flink applications, ${
      s.groups
    } teams${
      quick
        ? ' (**--quick**: a small estate to try the harness, not the goal estate)'
        : ''
    }.`,
    `Load: ${machine.connections} connections on loopback for ${machine.seconds} s per route after a warm-up.`,
    '',
    '| Measurement | req/s | p50 ms | p99 ms | vs reference |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    if (!r.available) {
      lines.push(`| ${r.label} | not available (${r.reason}) | | | |`);
      continue;
    }
    const ratio = refRps ? `${fixed((r.rps / refRps) * 100)}%` : '–';
    lines.push(
      `| ${r.label}${r.errors ? ` (${r.errors} errors)` : ''}${
        r.note ? ` (${r.note})` : ''
      } | ${fixed(r.rps)} | ${fixed(r.p50)} | ${fixed(r.p99)} | ${ratio} |`,
    );
  }
  lines.push(
    `| CSV export of \`/v1/topics\` (one full export) | ${
      csv.available
        ? `${csv.rows} rows, ${fixed(csv.bytes / 1024)} KiB in ${csv.ms} ms`
        : `not available (${csv.reason})`
    } | | | |`,
    `| Estate page, first table row (Chromium) | ${
      page.available ? `${page.ms} ms` : `not available (${page.reason})`
    } | | | |`,
    `| Backend RSS after the inventory refresh, before load | ${
      settledRssMb === undefined ? 'not measured' : `${fixed(settledRssMb)} MB`
    } | | | |`,
    `| Backend peak RSS (VmRSS) | ${
      rssMb === undefined ? 'not measured' : `${fixed(rssMb)} MB`
    } | | | |`,
    '',
    '| Goal | Measured | Result |',
    '| --- | --- | --- |',
    ...goals.map(
      g => `| ${g.name} | ${g.measured} | ${g.pass ? 'pass' : '**fail**'} |`,
    ),
  );
  return lines.join('\n');
}

/** docs/benchmarks.md with its results section replaced. */
export function replaceResults(doc, report) {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(
      `docs/benchmarks.md has no ${START} … ${END} section to write the results into`,
    );
  }
  return `${doc.slice(0, start + START.length)}\n${report}\n${doc.slice(end)}`;
}
