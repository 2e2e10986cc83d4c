import { stableUuid } from '../ids';
import { FLINK_JOBS, REGIONS, domainOf, groupNames, twoDigits } from './names';
import { Random, randomFor } from './random';

/** What `generate` is asked for; every count is exact in the written scenario. */
export interface GeneratorOptions {
  accounts: number;
  regions: number;
  clusters: number;
  /** Topics of every cluster together, Serverless clusters' included. */
  topics: number;
  applications: number;
  groups: number;
  seed: number;
}

/** The topics one component attaches by a prefix, for the bench's entity endpoint. */
export const ARCHIVE_TOPICS = 200;
/** The component attaching the archive prefix. */
export const ARCHIVE_COMPONENT = 'event-archiver';
/** About this share of clusters and applications carry no `owner` tag. */
export const UNOWNED_SHARE = 0.1;

export type ClusterType = 'standard' | 'express' | 'serverless';

export interface PlannedCluster {
  index: number;
  name: string;
  arn: string;
  type: ClusterType;
  accountId: string;
  region: string;
  /** The `owner` tag; absent for an unowned cluster. */
  owner?: string;
  /** Owned by team-platform or by nobody: its topics belong to several teams. */
  shared: boolean;
  /** Name prefix of its topics when dedicated to one team. */
  domain: string;
  topicCount: number;
  /** The first this many topics are `<domain>.archive.events.NNN`. */
  archiveTopics: number;
  brokers: number;
  instanceType?: string;
  storageGiB?: number;
  /** Broker CPU runs hot (a health warning to find). */
  hot: boolean;
  /** Disk fills past the warning threshold (Standard only). */
  diskFilling: boolean;
}

export interface PlannedApplication {
  name: string;
  arn: string;
  accountId: string;
  region: string;
  owner?: string;
  domain: string;
  parallelism: number;
  parallelismPerKpu: number;
  running: boolean;
  runtime: 'FLINK-1_18' | 'FLINK-1_19' | 'FLINK-1_20' | 'FLINK-2_2';
}

export interface AccountRegion {
  accountId: string;
  region: string;
}

/**
 * Every cluster and application with its owner, size and place, but no topic
 * or metric yet: O(clusters + applications), so the topics (the bulk) can be
 * written one account-region at a time.
 */
export interface EstatePlan {
  options: GeneratorOptions;
  groups: string[];
  accounts: string[];
  accountRegions: AccountRegion[];
  clusters: PlannedCluster[];
  applications: PlannedApplication[];
}

export function accountIdOf(index: number): string {
  return `3${String(index + 1).padStart(11, '0')}`;
}

export function accessKeyIdOf(accountId: string): string {
  return `AKIAGENERATED${accountId}`;
}

export function validateOptions(options: GeneratorOptions): string[] {
  const problems: string[] = [];
  const range = (key: keyof GeneratorOptions, min: number, max: number) => {
    const value = options[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`--${key} must be a whole number from ${min} to ${max}`);
    }
  };
  range('accounts', 1, 1000);
  range('regions', 1, REGIONS.length);
  range('clusters', 1, 10_000);
  range('topics', 0, 1_000_000);
  range('applications', 0, 100_000);
  range('groups', 1, 1000);
  range('seed', 0, 2 ** 31 - 1);
  return problems;
}

function pick<T>(random: Random, weighted: ReadonlyArray<[T, number]>): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

function instanceTypeFor(
  type: ClusterType,
  random: Random,
): string | undefined {
  if (type === 'standard') {
    return pick(random, [
      ['kafka.m7g.large', 4],
      ['kafka.m7g.xlarge', 3],
      ['kafka.m7g.2xlarge', 2],
      ['kafka.m5.4xlarge', 1],
    ]);
  }
  if (type === 'express') {
    return pick(random, [
      ['express.m7g.large', 3],
      ['express.m7g.xlarge', 2],
      ['express.m7g.2xlarge', 1],
    ]);
  }
  return undefined;
}

/** Lays out the estate; the same options always give the same plan. */
export function planEstate(options: GeneratorOptions): EstatePlan {
  const { seed } = options;
  const groups = groupNames(options.groups);
  const accounts = Array.from({ length: options.accounts }, (_, i) =>
    accountIdOf(i),
  );
  const accountRegions = accounts.flatMap(accountId =>
    REGIONS.slice(0, options.regions).map(region => ({ accountId, region })),
  );
  const teams = groups.length > 1 ? groups.slice(1) : groups;
  const counters = new Map<string, number>();
  const nextNumber = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return n;
  };

  const clusters: PlannedCluster[] = [];
  for (let index = 0; index < options.clusters; index++) {
    const random = randomFor(seed, `cluster/${index}`);
    const place = accountRegions[index % accountRegions.length];
    // Cluster 0 carries the archive prefix: a dedicated Standard cluster.
    const type: ClusterType =
      index === 0
        ? 'standard'
        : pick<ClusterType>(random, [
            ['standard', 70],
            ['express', 15],
            ['serverless', 15],
          ]);
    // Cluster 1 is always a shared platform cluster and the last one always
    // unowned (from three clusters on), so even a small estate has both.
    let ownership = random();
    if (options.clusters >= 3 && index === 1) ownership = UNOWNED_SHARE;
    if (options.clusters >= 3 && index === options.clusters - 1) ownership = 0;
    let owner: string | undefined;
    if (index !== 0 && ownership < UNOWNED_SHARE) owner = undefined;
    else if (index !== 0 && ownership < 0.25) owner = groups[0];
    else owner = teams[Math.floor(random() * teams.length)];
    const shared = owner === undefined || owner === groups[0];
    const domain = owner
      ? domainOf(owner)
      : pick(random, [
          ['legacy', 2],
          ['sandbox', 1],
          ['migration', 1],
        ]);
    const name = `${domain}-${type}-${twoDigits(
      nextNumber(`${domain}-${type}`),
    )}`;
    const provisioned = type !== 'serverless';
    const brokers = provisioned
      ? pick(random, [
          [3, 6],
          [6, 3],
          [9, 1],
        ])
      : 0;
    clusters.push({
      index,
      name,
      arn: `arn:aws:kafka:${place.region}:${
        place.accountId
      }:cluster/${name}/${stableUuid(`${seed}/${name}`)}-${
        provisioned ? '1' : 's1'
      }`,
      type,
      accountId: place.accountId,
      region: place.region,
      owner,
      shared,
      domain,
      topicCount: 0,
      archiveTopics: 0,
      brokers,
      instanceType: instanceTypeFor(type, random),
      storageGiB:
        type === 'standard'
          ? pick(random, [
              [500, 2],
              [1000, 4],
              [2000, 2],
              [4000, 1],
            ])
          : undefined,
      hot: random() < 0.08,
      diskFilling: type === 'standard' && random() < 0.06,
    });
  }
  allocateTopics(clusters, options);

  const applications: PlannedApplication[] = [];
  for (let index = 0; index < options.applications; index++) {
    const random = randomFor(seed, `application/${index}`);
    const place = accountRegions[index % accountRegions.length];
    const owner =
      random() < UNOWNED_SHARE
        ? undefined
        : groups[Math.floor(random() * groups.length)];
    const domain = owner ? domainOf(owner) : 'legacy';
    const job = FLINK_JOBS[Math.floor(random() * FLINK_JOBS.length)];
    const name = `${domain}-${job}-${twoDigits(
      nextNumber(`${domain}-${job}`),
    )}`;
    applications.push({
      name,
      arn: `arn:aws:kinesisanalytics:${place.region}:${place.accountId}:application/${name}`,
      accountId: place.accountId,
      region: place.region,
      owner,
      domain,
      parallelism: pick(random, [
        [1, 25],
        [2, 25],
        [4, 20],
        [8, 15],
        [16, 9],
        [32, 4],
        [64, 2],
      ]),
      parallelismPerKpu: pick(random, [
        [1, 5],
        [2, 3],
        [4, 2],
      ]),
      running: random() > 0.07,
      runtime: pick(random, [
        ['FLINK-1_20', 5],
        ['FLINK-1_19', 2],
        ['FLINK-1_18', 2],
        ['FLINK-2_2', 1],
      ]),
    });
  }
  return { options, groups, accounts, accountRegions, clusters, applications };
}

/**
 * Spreads the topics over the clusters as estates grow: a few large clusters,
 * many small ones, Serverless ones smaller; each cluster at least one topic
 * when there are enough, and the total exact (largest remainder).
 */
function allocateTopics(
  clusters: PlannedCluster[],
  options: GeneratorOptions,
): void {
  const archive = Math.min(ARCHIVE_TOPICS, Math.floor(options.topics / 2));
  clusters[0].archiveTopics = archive;
  clusters[0].topicCount = archive;
  let remaining = options.topics - archive;
  if (remaining >= clusters.length) {
    for (const cluster of clusters) cluster.topicCount += 1;
    remaining -= clusters.length;
  }
  const weights = clusters.map(cluster => {
    const random = randomFor(options.seed, `weight/${cluster.index}`);
    const size = 0.2 + 5 * random() ** 3;
    return cluster.type === 'serverless' ? size * 0.3 : size;
  });
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map(w => (remaining * w) / total);
  const shares = exact.map(Math.floor);
  let left = remaining - shares.reduce((sum, s) => sum + s, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    shares[i] += 1;
    left -= 1;
  }
  clusters.forEach((cluster, i) => {
    cluster.topicCount += shares[i];
  });
}
