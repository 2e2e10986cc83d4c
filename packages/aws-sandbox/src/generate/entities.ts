import { domainOf } from './names';
import { ARCHIVE_COMPONENT, EstatePlan } from './plan';
import { clusterTopics } from './regionContent';

// The catalog annotations (plugins/streaming-common annotations.ts); this
// package does not depend on the plugins, so the keys are spelled here.
const CLUSTER_ARN = 'aws.amazon.com/amazon-msk-cluster-arn';
const TOPICS = 'aws.amazon.com/amazon-msk-topics';
const FLINK_ARN = 'aws.amazon.com/amazon-managed-flink-application-arn';

/** A catalog entity as written to the entities YAML file. */
export interface CatalogEntity {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Group' | 'Component';
  metadata: {
    name: string;
    description?: string;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

/**
 * The groups and one service per team attaching its assets: its dedicated
 * clusters by ARN (with a topic prefix of each), its topics on shared clusters
 * by `<cluster>/<team prefix>.*` (claims), its Flink applications by ARN; and
 * the archiver attaching the 200-topic archive prefix. Unowned clusters that
 * no team has topics on stay unattached.
 */
export function* generateEntities(plan: EstatePlan): Generator<CatalogEntity> {
  for (const group of plan.groups) {
    yield {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: group, description: `The ${domainOf(group)} team` },
      spec: { type: 'team', children: [] },
    };
  }
  const attachments = new Map<
    string,
    { clusters: string[]; topics: string[]; applications: string[] }
  >();
  const of = (group: string) => {
    let a = attachments.get(group);
    if (!a) {
      a = { clusters: [], topics: [], applications: [] };
      attachments.set(group, a);
    }
    return a;
  };
  for (const cluster of plan.clusters) {
    if (!cluster.shared && cluster.owner) {
      const a = of(cluster.owner);
      a.clusters.push(cluster.arn);
      a.topics.push(`${cluster.name}/${cluster.domain}.order.*`);
      continue;
    }
    // Shared clusters: each team present claims its own topics by prefix.
    const present = new Set(clusterTopics(plan, cluster).map(t => t.domain));
    for (const group of plan.groups) {
      if (present.has(domainOf(group))) {
        of(group).topics.push(`${cluster.name}/${domainOf(group)}.*`);
      }
    }
  }
  for (const app of plan.applications) {
    if (app.owner) of(app.owner).applications.push(app.arn);
  }
  for (const group of plan.groups) {
    const a = attachments.get(group);
    if (!a) continue;
    const annotations: Record<string, string> = {};
    if (a.clusters.length) annotations[CLUSTER_ARN] = a.clusters.join(',');
    if (a.topics.length) annotations[TOPICS] = a.topics.join(',');
    if (a.applications.length)
      annotations[FLINK_ARN] = a.applications.join(',');
    yield {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `${domainOf(group)}-service`,
        description: `The ${domainOf(group)} team's streaming service`,
        annotations,
      },
      spec: { type: 'service', lifecycle: 'production', owner: group },
    };
  }
  const archive = plan.clusters[0];
  if (archive.archiveTopics > 0) {
    yield {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: ARCHIVE_COMPONENT,
        description: `Archives every ${archive.domain}.archive.events topic (${archive.archiveTopics} topics by one prefix)`,
        annotations: {
          [TOPICS]: `${archive.name}/${archive.domain}.archive.events.*`,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: archive.owner ?? plan.groups[0],
      },
    };
  }
}
