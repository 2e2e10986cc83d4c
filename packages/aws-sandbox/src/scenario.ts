import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SeriesValueSpec, ValueGenerator } from './generators';
import { hashHex, regionZonePrefix, stableToken, stableUuid } from './ids';
import { ALL_OPERATIONS, SERVICE_NAMES, ServiceName } from './operations';
import { EstateFaults, estateFaultsSchema } from './faults';

// ---------------------------------------------------------------------------
// The scenario file as written (validated with zod, defaults filled in)
// ---------------------------------------------------------------------------

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const CLUSTER_NAME = /^[a-zA-Z0-9-]{1,64}$/;
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const FLINK_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const stringMap = z.record(z.string(), scalar);
const isoTime = z
  .string()
  .refine(value => !Number.isNaN(Date.parse(value)), {
    message: 'must be an ISO-8601 time such as 2024-06-01T12:00:00Z',
  })
  .transform(value => new Date(value));

const topicSchema = z
  .object({
    name: z.string().min(1),
    /** Expands one entry into `count` topics: a run of `#` in the name becomes the zero-padded index. */
    count: z.number().int().min(1).max(10_000).optional(),
    partitions: z.number().int().min(1).default(3),
    replicationFactor: z.number().int().min(1).default(3),
    outOfSyncReplicas: z.number().int().min(0).default(0),
    configs: stringMap.optional(),
  })
  .strict();

const clusterSchema = z
  .object({
    name: z
      .string()
      .regex(CLUSTER_NAME, 'must be 1-64 letters, digits or hyphens'),
    type: z.enum(['standard', 'express', 'serverless']),
    arn: z.string().optional(),
    state: z
      .enum([
        'ACTIVE',
        'CREATING',
        'DELETING',
        'FAILED',
        'HEALING',
        'MAINTENANCE',
        'REBOOTING_BROKER',
        'UPDATING',
      ])
      .default('ACTIVE'),
    stateInfo: z
      .object({ code: z.string(), message: z.string() })
      .strict()
      .optional(),
    kafkaVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+/)
      .optional(),
    instanceType: z.string().optional(),
    brokers: z.number().int().min(1).max(60).optional(),
    storageGiB: z.number().int().min(1).max(16_384).optional(),
    provisionedThroughputMiBps: z.number().int().min(250).optional(),
    storageMode: z.enum(['LOCAL', 'TIERED']).optional(),
    encryption: z
      .object({
        clientBroker: z
          .enum(['TLS', 'TLS_PLAINTEXT', 'PLAINTEXT'])
          .default('TLS'),
        inCluster: z.boolean().default(true),
        kmsKeyId: z.string().optional(),
      })
      .strict()
      .default({}),
    authentication: z
      .object({
        iam: z.boolean().default(true),
        scram: z.boolean().default(false),
        tls: z.boolean().default(false),
        unauthenticated: z.boolean().default(false),
      })
      .strict()
      .default({}),
    enhancedMonitoring: z
      .enum([
        'DEFAULT',
        'PER_BROKER',
        'PER_TOPIC_PER_BROKER',
        'PER_TOPIC_PER_PARTITION',
      ])
      .default('DEFAULT'),
    openMonitoring: z.boolean().default(false),
    logGroup: z.string().optional(),
    tags: stringMap.default({}),
    currentVersion: z.string().optional(),
    creationTime: isoTime.optional(),
    subnets: z.array(z.string()).min(1).optional(),
    securityGroups: z.array(z.string()).min(1).optional(),
    topics: z.array(topicSchema).default([]),
  })
  .strict();

const APPLICATION_STATUSES = [
  'DELETING',
  'STARTING',
  'STOPPING',
  'READY',
  'RUNNING',
  'UPDATING',
  'AUTOSCALING',
  'FORCE_STOPPING',
  'ROLLING_BACK',
  'MAINTENANCE',
  'ROLLED_BACK',
] as const;

export const RUNTIMES = [
  'FLINK-1_6',
  'FLINK-1_8',
  'FLINK-1_11',
  'FLINK-1_13',
  'FLINK-1_15',
  'FLINK-1_18',
  'FLINK-1_19',
  'FLINK-1_20',
  'FLINK-2_2',
  'FLINK-2_3',
  'SQL-1_0',
  'ZEPPELIN-FLINK-1_0',
  'ZEPPELIN-FLINK-2_0',
  'ZEPPELIN-FLINK-3_0',
] as const;

const flinkOperationSchema = z
  .object({
    operation: z.string().min(1),
    id: z.string().optional(),
    status: z
      .enum(['IN_PROGRESS', 'CANCELLED', 'SUCCESSFUL', 'FAILED'])
      .default('SUCCESSFUL'),
    startTime: isoTime,
    endTime: isoTime.optional(),
  })
  .strict();

const flinkSchema = z
  .object({
    name: z
      .string()
      .regex(FLINK_NAME, 'must be 1-128 letters, digits, _ . or -'),
    arn: z.string().optional(),
    description: z.string().optional(),
    status: z.enum(APPLICATION_STATUSES).default('RUNNING'),
    runtime: z.enum(RUNTIMES).default('FLINK-1_20'),
    mode: z.enum(['STREAMING', 'INTERACTIVE']).default('STREAMING'),
    versionId: z.number().int().min(1).default(1),
    serviceExecutionRole: z.string().optional(),
    createTime: isoTime.optional(),
    lastUpdateTime: isoTime.optional(),
    parallelism: z
      .object({
        configurationType: z.enum(['CUSTOM', 'DEFAULT']).default('CUSTOM'),
        parallelism: z.number().int().min(1).max(256).default(1),
        parallelismPerKpu: z.number().int().min(1).max(8).default(1),
        currentParallelism: z.number().int().min(1).optional(),
        autoScaling: z.boolean().default(true),
      })
      .strict()
      .default({}),
    checkpointing: z
      .object({
        configurationType: z.enum(['CUSTOM', 'DEFAULT']).default('DEFAULT'),
        enabled: z.boolean().default(true),
        intervalMs: z.number().int().min(1).default(60_000),
        minPauseMs: z.number().int().min(0).default(5_000),
      })
      .strict()
      .default({}),
    snapshotsEnabled: z.boolean().default(true),
    rollbackEnabled: z.boolean().default(false),
    monitoring: z
      .object({
        configurationType: z.enum(['CUSTOM', 'DEFAULT']).default('CUSTOM'),
        metricsLevel: z
          .enum(['APPLICATION', 'OPERATOR', 'PARALLELISM', 'TASK'])
          .default('APPLICATION'),
        logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
      })
      .strict()
      .default({}),
    propertyGroups: z.record(z.string(), stringMap).default({}),
    code: z
      .object({
        bucketArn: z.string().optional(),
        fileKey: z.string().optional(),
      })
      .strict()
      .default({}),
    logging: z.boolean().default(true),
    tags: stringMap.default({}),
    operations: z.array(flinkOperationSchema).default([]),
  })
  .strict();

const generatorSchema = z.preprocess(
  value => (typeof value === 'number' ? { constant: value } : value),
  z
    .object({
      constant: z.number().optional(),
      sine: z
        .object({
          base: z.number(),
          amplitude: z.number(),
          periodMinutes: z.number().positive(),
          phaseMinutes: z.number().default(0),
        })
        .strict()
        .optional(),
      ramp: z
        .object({
          from: z.number(),
          to: z.number(),
          periodMinutes: z.number().positive(),
        })
        .strict()
        .optional(),
      noise: z.number().min(0).default(0),
      /** Relative half-width of a per-day factor, so daily averages differ day to day. */
      dailyVariation: z.number().min(0).max(1).default(0),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .strict()
    .superRefine((value, ctx) => {
      const kinds = ['constant', 'sine', 'ramp'].filter(
        k => value[k as 'constant' | 'sine' | 'ramp'] !== undefined,
      );
      if (kinds.length !== 1) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `give exactly one of constant, sine or ramp (got ${
            kinds.join(', ') || 'none'
          })`,
        });
      }
    }),
);

const metricSchema = z
  .object({
    namespace: z.string().min(1),
    name: z.string().min(1),
    /** A list as a value expands the entry into one series per value (cross product). */
    dimensions: z
      .record(z.string(), z.union([scalar, z.array(scalar).min(1)]))
      .default({}),
    value: generatorSchema,
  })
  .strict();

export const faultSchema = z
  .object({
    error: z.enum(['AccessDenied', 'Throttling', 'Timeout', 'ServerError']),
    operation: z
      .string()
      .refine(op => ALL_OPERATIONS.includes(op), {
        message: `must be one of ${ALL_OPERATIONS.join(', ')}`,
      })
      .optional(),
    service: z
      .enum(SERVICE_NAMES as [ServiceName, ...ServiceName[]])
      .optional(),
    region: z
      .string()
      .regex(REGION, 'must be a region name such as us-east-1')
      .optional(),
    /** Timeout only: how long the answer is held back (default: the sandbox's timeoutMs). */
    delayMs: z.number().int().min(0).optional(),
    /** Fail only the first N matching requests, then answer normally. */
    times: z.number().int().min(1).optional(),
    /** Fire on this share (0-1) of the matching requests only. */
    rate: z.number().min(0).max(1).optional(),
  })
  .strict();

const regionSchema = z
  .object({
    clusters: z.array(clusterSchema).default([]),
    flinkApplications: z.array(flinkSchema).default([]),
    metrics: z.array(metricSchema).default([]),
  })
  .strict();

/** An IAM role another account's callers may assume with STS AssumeRole. */
const roleSchema = z
  .object({
    name: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name'),
    /** When set, AssumeRole must pass this ExternalId; when not, it must pass none. */
    externalId: z
      .string()
      .regex(
        /^[\w+=,.@:/-]{2,1224}$/,
        'must be 2 to 1224 characters of [\\w+=,.@:/-]',
      )
      .optional(),
    /** The accounts whose callers the role trusts; default: every account in the scenario. */
    trustedAccounts: z
      .array(z.string().regex(ACCOUNT_ID, 'must be a 12-digit account id'))
      .optional(),
  })
  .strict();

const accountSchema = z
  .object({
    /** Left out for an account reached only through one of its roles. */
    accessKeyId: z
      .string()
      .regex(/^[A-Z0-9]{16,128}$/, 'must look like an AWS access key id')
      .optional(),
    /** Documentation only: the sandbox does not verify signatures. */
    secretAccessKey: z.string().optional(),
    /** The caller named in AccessDenied messages. */
    principal: z.string().optional(),
    regions: z.record(
      z.string().regex(REGION, 'must be a region name such as us-east-1'),
      regionSchema,
    ),
    faults: z.array(faultSchema).default([]),
    roles: z.array(roleSchema).default([]),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    accounts: z.record(
      z.string().regex(ACCOUNT_ID, 'must be a 12-digit account id'),
      accountSchema,
    ),
    /** Faults of every account: latency, random errors, rate limits (faults.ts). */
    faults: estateFaultsSchema.optional(),
  })
  .strict();

/** A scenario as written in YAML (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
type ParsedScenario = z.output<typeof scenarioSchema>;
type ParsedCluster = z.output<typeof clusterSchema>;
export type ParsedFlink = z.output<typeof flinkSchema>;

// ---------------------------------------------------------------------------
// The estate the server answers from
// ---------------------------------------------------------------------------

export interface Topic {
  name: string;
  arn: string;
  partitions: number;
  replicationFactor: number;
  outOfSyncReplicas: number;
  configs: Record<string, string>;
}

export interface Cluster {
  name: string;
  type: 'standard' | 'express' | 'serverless';
  arn: string;
  uuid: string;
  state: string;
  stateInfo?: { code: string; message: string };
  kafkaVersion: string;
  instanceType: string;
  brokers: number;
  storageGiB?: number;
  provisionedThroughputMiBps?: number;
  storageMode?: 'LOCAL' | 'TIERED';
  encryption: { clientBroker: string; inCluster: boolean; kmsKeyId: string };
  authentication: {
    iam: boolean;
    scram: boolean;
    tls: boolean;
    unauthenticated: boolean;
  };
  enhancedMonitoring: string;
  openMonitoring: boolean;
  logGroup?: string;
  tags: Record<string, string>;
  currentVersion: string;
  creationTime: Date;
  subnets: string[];
  zoneIds: string[];
  securityGroups: string[];
  /** Sorted by name, as ListTopics returns them. */
  topics: Topic[];
  /** DNS label shared by the broker endpoints, e.g. `abc123.c2`. */
  endpointLabel: string;
  /** Created through the API: the sandbox time (epoch ms) at which CREATING turns ACTIVE. */
  readyAt?: number;
  /** Created through the API: the MSK configuration it was created with. */
  configuration?: { arn: string; revision: number };
}

export interface FlinkOperation {
  operation: string;
  id: string;
  status: string;
  startTime: Date;
  endTime?: Date;
}

export interface FlinkApplication
  extends Omit<
    ParsedFlink,
    | 'arn'
    | 'operations'
    | 'createTime'
    | 'lastUpdateTime'
    | 'serviceExecutionRole'
    | 'code'
  > {
  arn: string;
  serviceExecutionRole: string;
  createTime: Date;
  lastUpdateTime: Date;
  code: { bucketArn: string; fileKey: string };
  /** Newest first, as ListApplicationOperations returns them. */
  operations: FlinkOperation[];
  /** Created through the API: the CloudWatch Logs stream it was given. */
  logStreamArn?: string;
}

export interface MetricSeries {
  namespace: string;
  name: string;
  dimensions: { name: string; value: string }[];
  /** Namespace, name and sorted dimensions: identifies the series and seeds its noise. */
  key: string;
  value: SeriesValueSpec;
}

export interface Fault {
  error: 'AccessDenied' | 'Throttling' | 'Timeout' | 'ServerError';
  operation?: string;
  service?: ServiceName;
  region?: string;
  delayMs?: number;
  times?: number;
  rate?: number;
}

/** An MSK configuration created with CreateConfiguration. */
export interface KafkaConfiguration {
  name: string;
  arn: string;
  description?: string;
  kafkaVersions: string[];
  /** The server.properties text (decoded from the request's base64). */
  serverProperties: string;
  revision: number;
  creationTime: Date;
}

/** A CloudWatch metric alarm created with PutMetricAlarm, in the API's field names. */
export interface MetricAlarm {
  AlarmName: string;
  AlarmArn: string;
  [field: string]: unknown;
}

/** An Application Auto Scaling target and its policies. */
export interface ScalableTarget {
  ServiceNamespace: string;
  ResourceId: string;
  ScalableDimension: string;
  MinCapacity: number;
  MaxCapacity: number;
  RoleARN?: string;
  policies: {
    PolicyName: string;
    PolicyARN: string;
    [field: string]: unknown;
  }[];
}

/** A CloudWatch Logs group and the names of its streams. */
export interface LogGroup {
  name: string;
  arn: string;
  streams: string[];
  tags: Record<string, string>;
  creationTime: Date;
}

export interface Region {
  name: string;
  clusters: Cluster[];
  flinkApplications: FlinkApplication[];
  metrics: MetricSeries[];
  /** The rest start empty and fill as callers create resources. */
  configurations: KafkaConfiguration[];
  alarms: MetricAlarm[];
  scalableTargets: ScalableTarget[];
  logGroups: LogGroup[];
}

export interface Account {
  id: string;
  /** The account's static key; none when it is reached only through a role. */
  accessKeyId?: string;
  principal: string;
  regions: Map<string, Region>;
  faults: Fault[];
  roles: Role[];
}

/** A role STS AssumeRole can issue credentials for (see sts.ts). */
export interface Role {
  name: string;
  /** The role's unique id, as AssumedRoleId starts (AROA…). */
  id: string;
  externalId?: string;
  trustedAccounts?: string[];
}

export interface Scenario {
  name: string;
  description?: string;
  /** Where the scenario came from, for messages. */
  source: string;
  accounts: Account[];
  /** Faults of every account (latency, random errors, rate limits). */
  faults?: EstateFaults;
}

/** A scenario that cannot be used; the message lists every bad field by path. */
export class ScenarioError extends Error {
  readonly issues: string[];

  constructor(source: string, issues: string[]) {
    super(
      `Invalid sandbox scenario ${source}:\n${issues
        .map(i => `  - ${i}`)
        .join('\n')}`,
    );
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** Reads, validates and fills in a scenario YAML file. */
export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, [
      `cannot read the file: ${(error as Error).message}`,
    ]);
  }
  let raw: unknown;
  try {
    // JSON is YAML too; the YAML parser takes minutes on a generated
    // 30,000-topic estate that JSON.parse reads in a fraction of a second.
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ScenarioError(path, [
      `not valid YAML: ${(error as Error).message}`,
    ]);
  }
  return parseScenario(raw, path);
}

/** Validates and fills in a scenario given as a plain object (e.g. in tests). */
export function parseScenario(
  raw: unknown,
  source = '(inline scenario)',
): Scenario {
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    throw new ScenarioError(
      source,
      result.error.issues.map(
        issue => `${formatPath(issue.path) || '(root)'}: ${issue.message}`,
      ),
    );
  }
  const issues: string[] = [];
  const scenario = buildScenario(result.data, source, issues);
  if (issues.length > 0) {
    throw new ScenarioError(source, issues);
  }
  return scenario;
}

function formatPath(path: (string | number)[]): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      return index === 0 ? part : `.${part}`;
    })
    .join('');
}

/** A stable role id in AWS's shape (AROA and 17 more characters). */
function roleId(accountId: string, name: string): string {
  return `AROA${stableToken(`role:${accountId}/${name}`, 17)}`;
}

function buildScenario(
  parsed: ParsedScenario,
  source: string,
  issues: string[],
): Scenario {
  const keyOwners = new Map<string, string>();
  const accounts: Account[] = [];
  for (const [accountId, account] of Object.entries(parsed.accounts)) {
    const at = `accounts.${accountId}`;
    const owner = account.accessKeyId
      ? keyOwners.get(account.accessKeyId)
      : undefined;
    if (owner) {
      issues.push(
        `${at}.accessKeyId: ${account.accessKeyId} is already the key of account ${owner}`,
      );
    }
    if (account.accessKeyId) keyOwners.set(account.accessKeyId, accountId);
    if (!account.accessKeyId && account.roles.length === 0) {
      issues.push(
        `${at}: an account needs an accessKeyId or at least one role, or nothing can call it`,
      );
    }
    for (const [index, role] of account.roles.entries()) {
      for (const trusted of role.trustedAccounts ?? []) {
        if (!(trusted in parsed.accounts)) {
          issues.push(
            `${at}.roles[${index}].trustedAccounts: ${trusted} is not an account of this scenario`,
          );
        }
      }
    }
    const regions = new Map<string, Region>();
    for (const [regionName, region] of Object.entries(account.regions)) {
      const where = `${at}.regions.${regionName}`;
      regions.set(regionName, {
        name: regionName,
        clusters: buildClusters(
          region.clusters,
          accountId,
          regionName,
          where,
          issues,
        ),
        flinkApplications: buildFlinkApplications(
          region.flinkApplications,
          accountId,
          regionName,
          where,
          issues,
        ),
        metrics: buildMetrics(region.metrics, where, issues),
        configurations: [],
        alarms: [],
        scalableTargets: [],
        logGroups: [],
      });
    }
    accounts.push({
      id: accountId,
      accessKeyId: account.accessKeyId,
      principal:
        account.principal ?? `arn:aws:iam::${accountId}:user/sandbox-reader`,
      regions,
      faults: account.faults,
      roles: account.roles.map(role => ({
        ...role,
        id: roleId(accountId, role.name),
      })),
    });
  }
  return {
    name: parsed.name,
    description: parsed.description,
    source,
    accounts,
    faults: parsed.faults,
  };
}

const CLUSTER_ARN =
  /^arn:aws:kafka:([a-z0-9-]+):(\d{12}):cluster\/([^/]+)\/([^/]+)$/;

function buildClusters(
  clusters: ParsedCluster[],
  accountId: string,
  region: string,
  where: string,
  issues: string[],
): Cluster[] {
  const names = new Set<string>();
  return clusters.map((c, index) => {
    const at = `${where}.clusters[${index}]`;
    if (names.has(c.name))
      issues.push(`${at}.name: cluster ${c.name} is listed twice`);
    names.add(c.name);
    const seed = `${accountId}/${region}/${c.name}`;
    const provisioned = c.type !== 'serverless';

    let arn = c.arn;
    let uuid = `${stableUuid(seed)}-${provisioned ? '1' : 's1'}`;
    if (arn) {
      const match = CLUSTER_ARN.exec(arn);
      if (!match) {
        issues.push(
          `${at}.arn: must look like arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`,
        );
      } else if (
        match[1] !== region ||
        match[2] !== accountId ||
        match[3] !== c.name
      ) {
        issues.push(
          `${at}.arn: names region ${match[1]}, account ${match[2]} and cluster ${match[3]}, but the cluster is ${c.name} in ${accountId}/${region}`,
        );
      } else {
        uuid = match[4];
      }
    } else {
      arn = `arn:aws:kafka:${region}:${accountId}:cluster/${c.name}/${uuid}`;
    }

    if (!provisioned) {
      for (const field of [
        'kafkaVersion',
        'instanceType',
        'brokers',
        'storageGiB',
        'storageMode',
        'provisionedThroughputMiBps',
      ] as const) {
        if (c[field] !== undefined)
          issues.push(`${at}.${field}: does not apply to serverless clusters`);
      }
    }
    if (c.type === 'express') {
      for (const field of [
        'storageGiB',
        'storageMode',
        'provisionedThroughputMiBps',
      ] as const) {
        if (c[field] !== undefined) {
          issues.push(
            `${at}.${field}: Express brokers have no storage settings`,
          );
        }
      }
    }
    const instanceType =
      c.instanceType ??
      (c.type === 'express' ? 'express.m7g.large' : 'kafka.m7g.large');
    if (c.type === 'express' && !instanceType.startsWith('express.')) {
      issues.push(
        `${at}.instanceType: Express clusters use express.* instance types, got ${instanceType}`,
      );
    }
    if (c.type === 'standard' && !instanceType.startsWith('kafka.')) {
      issues.push(
        `${at}.instanceType: Standard clusters use kafka.* instance types, got ${instanceType}`,
      );
    }
    const brokers = c.brokers ?? 3;
    const zoneCount = Math.min(3, brokers);
    const hex = hashHex(seed, 80);
    const subnets =
      c.subnets ??
      Array.from(
        { length: zoneCount },
        (_, i) => `subnet-0${hex.slice(i * 16, i * 16 + 16)}`,
      );
    const zonePrefix = regionZonePrefix(region);

    return {
      name: c.name,
      type: c.type,
      arn,
      uuid,
      state: c.state,
      stateInfo: c.stateInfo,
      kafkaVersion: c.kafkaVersion ?? '3.6.0',
      instanceType,
      brokers,
      storageGiB: c.type === 'standard' ? c.storageGiB ?? 1000 : undefined,
      provisionedThroughputMiBps: c.provisionedThroughputMiBps,
      storageMode: c.type === 'standard' ? c.storageMode ?? 'LOCAL' : undefined,
      encryption: {
        clientBroker: c.encryption.clientBroker,
        inCluster: c.encryption.inCluster,
        kmsKeyId:
          c.encryption.kmsKeyId ??
          `arn:aws:kms:${region}:${accountId}:key/${stableUuid(`${seed}/kms`)}`,
      },
      authentication: c.authentication,
      enhancedMonitoring: c.enhancedMonitoring,
      openMonitoring: c.openMonitoring,
      logGroup: c.logGroup,
      tags: c.tags,
      currentVersion: c.currentVersion ?? stableToken(`${seed}/version`, 14),
      creationTime:
        c.creationTime ??
        new Date(
          Date.UTC(2024, 0, 8, 9, 30) +
            (parseInt(hex.slice(0, 6), 16) % 300) * 86_400_000,
        ),
      subnets,
      zoneIds: subnets.map((_, i) => `${zonePrefix}-az${i + 1}`),
      securityGroups: c.securityGroups ?? [`sg-0${hex.slice(48, 64)}`],
      topics: buildTopics(c, arn, uuid, brokers, at, issues),
      endpointLabel: `${hex.slice(64, 70)}.c${
        (parseInt(hex.slice(70, 72), 16) % 3) + 1
      }`,
    };
  });
}

const DEFAULT_TOPIC_CONFIGS = {
  'cleanup.policy': 'delete',
  'retention.ms': '604800000',
};

function buildTopics(
  cluster: ParsedCluster,
  clusterArn: string,
  clusterUuid: string,
  brokers: number,
  at: string,
  issues: string[],
): Topic[] {
  const topicArnPrefix = clusterArn
    .replace(':cluster/', ':topic/')
    .replace(new RegExp(`/${clusterUuid}$`), `/${clusterUuid}/`);
  const topics = new Map<string, Topic>();
  cluster.topics.forEach((t, index) => {
    const where = `${at}.topics[${index}]`;
    const names: string[] = [];
    const run = /#+/.exec(t.name);
    if (t.count !== undefined) {
      if (!run) {
        issues.push(
          `${where}.name: with count, the name needs a run of # for the index, e.g. audit.events.###`,
        );
        return;
      }
      for (let i = 0; i < t.count; i++) {
        names.push(
          t.name.replace(run[0], String(i).padStart(run[0].length, '0')),
        );
      }
    } else {
      names.push(t.name);
    }
    if (cluster.type !== 'serverless' && t.replicationFactor > brokers) {
      issues.push(
        `${where}.replicationFactor: ${t.replicationFactor} is more than the cluster's ${brokers} brokers`,
      );
    }
    if (t.outOfSyncReplicas > t.partitions * t.replicationFactor) {
      issues.push(
        `${where}.outOfSyncReplicas: more than partitions x replicationFactor`,
      );
    }
    for (const name of names) {
      if (!TOPIC_NAME.test(name)) {
        issues.push(
          `${where}.name: '${name}' is not a Kafka topic name (letters, digits, . _ -)`,
        );
      } else if (topics.has(name)) {
        issues.push(`${where}.name: topic ${name} is listed twice`);
      } else {
        topics.set(name, {
          name,
          arn: `${topicArnPrefix}${name}`,
          partitions: t.partitions,
          replicationFactor: t.replicationFactor,
          outOfSyncReplicas: t.outOfSyncReplicas,
          configs: t.configs ?? DEFAULT_TOPIC_CONFIGS,
        });
      }
    }
  });
  return [...topics.values()].sort(byName);
}

const FLINK_ARN =
  /^arn:aws:kinesisanalytics:([a-z0-9-]+):(\d{12}):application\/(.+)$/;

function buildFlinkApplications(
  apps: ParsedFlink[],
  accountId: string,
  region: string,
  where: string,
  issues: string[],
): FlinkApplication[] {
  const names = new Set<string>();
  return apps.map((app, index) => {
    const at = `${where}.flinkApplications[${index}]`;
    if (names.has(app.name))
      issues.push(`${at}.name: application ${app.name} is listed twice`);
    names.add(app.name);
    const arn =
      app.arn ??
      `arn:aws:kinesisanalytics:${region}:${accountId}:application/${app.name}`;
    const match = FLINK_ARN.exec(arn);
    if (
      !match ||
      match[1] !== region ||
      match[2] !== accountId ||
      match[3] !== app.name
    ) {
      issues.push(
        `${at}.arn: must be arn:aws:kinesisanalytics:${region}:${accountId}:application/${app.name}`,
      );
    }
    const seed = `${accountId}/${region}/${app.name}`;
    const createTime = app.createTime ?? new Date(Date.UTC(2024, 2, 4, 10, 0));
    const { checkpointing, parallelism } = app;
    // With ConfigurationType DEFAULT the service ignores the given values and uses its own.
    const effectiveCheckpointing =
      checkpointing.configurationType === 'DEFAULT'
        ? {
            ...checkpointing,
            enabled: true,
            intervalMs: 60_000,
            minPauseMs: 5_000,
          }
        : checkpointing;
    const effectiveParallelism =
      parallelism.configurationType === 'DEFAULT'
        ? {
            ...parallelism,
            parallelism: 1,
            parallelismPerKpu: 1,
            autoScaling: true,
          }
        : parallelism;
    const operations = app.operations
      .map((op, i) => ({
        operation: op.operation,
        id: op.id ?? hashHex(`${seed}/op/${i}`, 16),
        status: op.status,
        startTime: op.startTime,
        endTime: op.endTime,
      }))
      .sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
    return {
      ...app,
      arn,
      checkpointing: effectiveCheckpointing,
      parallelism: effectiveParallelism,
      serviceExecutionRole:
        app.serviceExecutionRole ??
        `arn:aws:iam::${accountId}:role/service-role/kinesis-analytics-${app.name}-${region}`,
      createTime,
      lastUpdateTime:
        app.lastUpdateTime ?? operations[0]?.endTime ?? createTime,
      code: {
        bucketArn:
          app.code.bucketArn ??
          `arn:aws:s3:::flink-artifacts-${accountId}-${region}`,
        fileKey:
          app.code.fileKey ?? `${app.name}/${app.name}-v${app.versionId}.jar`,
      },
      operations,
    };
  });
}

function buildMetrics(
  metrics: z.output<typeof metricSchema>[],
  where: string,
  issues: string[],
): MetricSeries[] {
  const seen = new Set<string>();
  return metrics.flatMap((metric, index) =>
    expandMetric(metric).filter(series => {
      if (seen.has(series.key)) {
        issues.push(
          `${where}.metrics[${index}]: series ${series.key} is already defined`,
        );
        return false;
      }
      seen.add(series.key);
      return true;
    }),
  );
}

function expandMetric(metric: z.output<typeof metricSchema>): MetricSeries[] {
  let combos: { name: string; value: string }[][] = [[]];
  for (const [name, value] of Object.entries(metric.dimensions)) {
    const values = Array.isArray(value) ? value : [value];
    combos = combos.flatMap(combo =>
      values.map(v => [...combo, { name, value: v }]),
    );
  }
  const v = metric.value;
  let generator: ValueGenerator;
  if (v.constant !== undefined)
    generator = { kind: 'constant', value: v.constant };
  else if (v.sine) generator = { kind: 'sine', ...v.sine };
  else generator = { kind: 'ramp', ...v.ramp! };
  return combos.map(dimensions => ({
    namespace: metric.namespace,
    name: metric.name,
    dimensions,
    key: seriesKey(metric.namespace, metric.name, dimensions),
    value: {
      generator,
      noise: v.noise,
      dailyVariation: v.dailyVariation,
      min: v.min,
      max: v.max,
    },
  }));
}

/** The identity of a CloudWatch series: dimension order does not matter. */
export function seriesKey(
  namespace: string,
  name: string,
  dimensions: { name: string; value: string }[],
): string {
  const dims = [...dimensions]
    .sort(byName)
    .map(d => `${d.name}=${d.value}`)
    .join(',');
  return `${namespace}|${name}|${dims}`;
}

/** Code-unit order, as AWS sorts names (localeCompare would depend on the machine's locale). */
function byName(a: { name: string }, b: { name: string }): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}
