import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CREATE_OPERATIONS,
  iamAction,
  OPERATIONS,
  SERVICE_NAMES,
} from './operations';

// docs/iam.md's policies against the operations the plugins call (the ones
// the sandbox answers, since the plugins' tests run against it).
const IAM_DOC = resolve(__dirname, '../../../docs/iam.md');

interface Statement {
  Effect: string;
  Action: string | string[];
}

function sections(): Map<string, Statement[]> {
  const text = readFileSync(IAM_DOC, 'utf8');
  const bySection = new Map<string, Statement[]>();
  let section = '';
  const fence = /^```json\n([\s\S]*?)^```/gm;
  const headings = [...text.matchAll(/^## (.+)$/gm)];
  for (const match of text.matchAll(fence)) {
    section =
      headings.filter(h => (h.index ?? 0) < (match.index ?? 0)).pop()?.[1] ??
      '';
    const policy = JSON.parse(match[1]);
    const statements = (bySection.get(section) ?? []).concat(
      policy.Statement ?? [],
    );
    bySection.set(section, statements);
  }
  return bySection;
}

function actions(statements: Statement[]): Set<string> {
  return new Set(
    statements
      .filter(s => s.Effect === 'Allow')
      .flatMap(s => (Array.isArray(s.Action) ? s.Action : [s.Action])),
  );
}

/** Operations the sandbox answers that no plugin calls, so no policy grants them. */
const NEVER_CALLED = new Set(['DescribeServices']);

/** Operations only the scaffolder's create actions call (reuse checks included). */
const SCAFFOLDER_ONLY = new Set([
  ...CREATE_OPERATIONS,
  'ListConfigurations',
  'GetBootstrapBrokers',
  'DescribeAlarms',
  'DescribeScalableTargets',
  'DescribeLogGroups',
]);

describe('docs/iam.md', () => {
  const policies = sections();
  const readOnly = actions([
    ...(policies.get('Read-only inventory') ?? []),
    ...(policies.get('Metrics and cost') ?? []),
  ]);
  const scaffolder = actions(policies.get('Scaffolder') ?? []);

  it('holds valid JSON policies in each section', () => {
    expect([...policies.keys()]).toEqual([
      'Read-only inventory',
      'Metrics and cost',
      'Scaffolder',
      'Assumed roles across accounts',
    ]);
  });

  it('grants the read-only policies every read the inventory, metrics and charts make', () => {
    const missing: string[] = [];
    for (const service of SERVICE_NAMES) {
      for (const operation of OPERATIONS[service]) {
        if (SCAFFOLDER_ONLY.has(operation) || NEVER_CALLED.has(operation)) {
          continue;
        }
        const action = iamAction(service, operation);
        if (!readOnly.has(action)) missing.push(action);
      }
    }
    expect(missing).toEqual([]);
  });

  it('grants the scaffolder policy, with the read-only ones, every call the create actions make', () => {
    const missing: string[] = [];
    for (const service of SERVICE_NAMES) {
      for (const operation of OPERATIONS[service]) {
        if (!SCAFFOLDER_ONLY.has(operation)) continue;
        const action = iamAction(service, operation);
        if (!scaffolder.has(action) && !readOnly.has(action)) {
          missing.push(action);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps the read-only policies free of anything that writes', () => {
    const writes = [...readOnly].filter(action =>
      /:(Create|Put|Register|Tag|Update|Delete|Pass)/.test(action),
    );
    expect(writes).toEqual([]);
  });

  it('lets the assumed role be assumed only with the external id', () => {
    const trust = (policies.get('Assumed roles across accounts') ?? []).find(
      s => (s as any).Principal,
    ) as any;
    expect(trust.Action).toBe('sts:AssumeRole');
    expect(trust.Condition.StringEquals['sts:ExternalId']).toBeTruthy();
  });
});
