import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleCloudWatch } from './cloudwatch';
import { CallContext } from './context';
import { handleFlink } from './flink';
import { handleKafka, KafkaRoute, routeKafka } from './kafka';
import { handleApplicationAutoScaling } from './autoscaling';
import { handleLogs } from './logs';
import { CREATE_OPERATIONS, OPERATIONS, ServiceName } from './operations';
import { FaultInjector } from './faults';
import { FAULTS_PATH, handleFaultAdmin } from './faultAdmin';
import { handlePricing } from './pricing/pricing';
import { handleCostExplorer } from './costExplorer/costExplorer';
import {
  Caller,
  CallerIdentities,
  STS_OPERATIONS,
  StsService,
  writeXml,
  writeXmlError,
} from './sts';
import {
  AwsError,
  parseAuthorization,
  readBody,
  TARGET_PREFIXES,
  writeError,
  writeJson,
} from './protocol';
import { loadScenario, parseScenario, Region, Scenario } from './scenario';

/** One answered request, as the CLI logs it. */
export interface RequestLogEntry {
  method: string;
  path: string;
  service: ServiceName | 'sts' | 'sandbox' | 'unknown';
  operation: string;
  account?: string;
  region?: string;
  /** 0 when the client closed the connection before the answer. */
  status: number;
  durationMs: number;
  /** The injected fault, if any (faults.ts). */
  fault?: string;
}

export interface SandboxOptions {
  /** A loaded scenario, or a plain object in the scenario format (validated here). */
  scenario?: Scenario | unknown;
  /** A scenario YAML file; used when `scenario` is not given. */
  scenarioPath?: string;
  /** 0 picks a free port. Default 4566. */
  port?: number;
  host?: string;
  /** How long a `Timeout` fault holds the answer back, unless the fault says otherwise. Default 60 s. */
  timeoutMs?: number;
  /** The sandbox clock in epoch ms (metrics are generated up to now). Default Date.now. */
  clock?: () => number;
  /** How long a cluster created through the API stays CREATING before it is ACTIVE, on the sandbox clock. Default 5 s. */
  createDelayMs?: number;
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface Sandbox {
  url: string;
  port: number;
  scenario: Scenario;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_CREATE_DELAY_MS = 5_000;

function isScenario(value: unknown): value is Scenario {
  const s = value as Scenario | undefined;
  return (
    !!s &&
    typeof s.source === 'string' &&
    Array.isArray(s.accounts) &&
    s.accounts.every(a => a.regions instanceof Map)
  );
}

interface HandlerOptions {
  timeoutMs: number;
  clock: () => number;
  createDelayMs: number;
  onRequest?: (entry: RequestLogEntry) => void;
}

/** The awsJson1_1 services (Flink, Application Auto Scaling, CloudWatch Logs) answer alike. */
function awsJson11AuthErrors(service: ServiceName) {
  return {
    missing: () =>
      new AwsError(
        400,
        'MissingAuthenticationTokenException',
        'Request is missing Authentication Token',
      ),
    malformed: () =>
      new AwsError(
        400,
        'IncompleteSignatureException',
        'Authorization header requires Credential, SignedHeaders and Signature.',
      ),
    unknownKey: () =>
      new AwsError(
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ),
    wrongService: () =>
      new AwsError(
        400,
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${service}'.`,
      ),
  };
}

/** How each protocol answers the authentication failures AWS checks before anything else. */
const AUTH_ERRORS: Record<
  ServiceName,
  Record<
    'missing' | 'malformed' | 'unknownKey' | 'wrongService',
    () => AwsError
  >
> = {
  kafka: {
    missing: () =>
      new AwsError(
        403,
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
      ),
    malformed: () =>
      new AwsError(
        403,
        'IncompleteSignatureException',
        'Authorization header requires Credential, SignedHeaders and Signature.',
      ),
    unknownKey: () =>
      new AwsError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ),
    wrongService: () =>
      new AwsError(
        403,
        'InvalidSignatureException',
        "Credential should be scoped to correct service: 'kafka'.",
      ),
  },
  kinesisanalytics: awsJson11AuthErrors('kinesisanalytics'),
  'application-autoscaling': awsJson11AuthErrors('application-autoscaling'),
  logs: awsJson11AuthErrors('logs'),
  pricing: awsJson11AuthErrors('pricing'),
  ce: awsJson11AuthErrors('ce'),
  monitoring: {
    missing: () =>
      new AwsError(
        403,
        'MissingAuthenticationToken',
        'Request is missing Authentication Token',
        {
          queryCode: 'MissingAuthenticationToken',
        },
      ),
    malformed: () =>
      new AwsError(
        403,
        'IncompleteSignature',
        'Authorization header requires Credential, SignedHeaders and Signature.',
        {
          queryCode: 'IncompleteSignature',
        },
      ),
    unknownKey: () =>
      new AwsError(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        {
          queryCode: 'InvalidClientTokenId',
        },
      ),
    wrongService: () =>
      new AwsError(
        403,
        'SignatureDoesNotMatch',
        "Credential should be scoped to correct service: 'monitoring'.",
        {
          queryCode: 'SignatureDoesNotMatch',
        },
      ),
  },
};

const JSON_HANDLERS: Record<
  Exclude<ServiceName, 'kafka'>,
  (
    ctx: CallContext,
    operation: string,
    input: Record<string, unknown>,
  ) => unknown
> = {
  kinesisanalytics: handleFlink,
  monitoring: handleCloudWatch,
  'application-autoscaling': handleApplicationAutoScaling,
  logs: handleLogs,
  pricing: handlePricing,
  ce: handleCostExplorer,
};

class SandboxHandler {
  private readonly identities: CallerIdentities;
  private readonly sts: StsService;
  readonly faults: FaultInjector;
  private readonly delays = new Set<{
    timer: NodeJS.Timeout;
    resolve: () => void;
  }>();

  constructor(
    private readonly scenario: Scenario,
    private readonly options: HandlerOptions,
  ) {
    this.identities = new CallerIdentities(scenario.accounts);
    this.sts = new StsService(
      new Map(scenario.accounts.map(a => [a.id, a])),
      this.identities,
    );
    this.faults = new FaultInjector(scenario.faults, {
      timeoutMs: options.timeoutMs,
    });
  }

  cancelDelays() {
    for (const delay of this.delays) {
      clearTimeout(delay.timer);
      delay.resolve();
    }
    this.delays.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      service: 'unknown',
      operation: '-',
      status: 0,
      durationMs: 0,
    };
    // 'close' also fires when the client gives up first (e.g. on a Timeout fault).
    res.on('close', () => {
      entry.status = res.writableFinished ? res.statusCode : 0;
      entry.durationMs = Date.now() - started;
      this.options.onRequest?.(entry);
    });

    if (url.pathname === '/_sandbox/health' && method === 'GET') {
      entry.service = 'sandbox';
      entry.operation = 'Health';
      const text = JSON.stringify({ ok: true, scenario: this.scenario.name });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
      return;
    }
    if (url.pathname === FAULTS_PATH) {
      entry.service = 'sandbox';
      entry.operation = 'Faults';
      await handleFaultAdmin(req, res, this.faults);
      return;
    }

    // Which service: STS's awsQuery names it in the credential scope (or its
    // form body), the JSON protocols in X-Amz-Target, MSK's REST API in the path.
    const target = String(req.headers['x-amz-target'] ?? '');
    const credential = parseAuthorization(req.headers.authorization);
    const contentType = String(req.headers['content-type'] ?? '');
    if (
      typeof credential === 'object'
        ? credential.service === 'sts'
        : !target && contentType.startsWith('application/x-www-form-urlencoded')
    ) {
      entry.service = 'sts';
      await this.handleSts(req, res, credential, entry);
      return;
    }
    let service: ServiceName;
    let operation: string;
    let kafkaRoute: KafkaRoute | undefined;
    if (target) {
      const [prefix, op] = target.split('.');
      const targetService = TARGET_PREFIXES[prefix];
      if (!targetService || !op) {
        const scoped =
          typeof credential === 'object' ? credential.service : undefined;
        service =
          scoped && scoped !== 'kafka' && scoped in AUTH_ERRORS
            ? (scoped as ServiceName)
            : 'kinesisanalytics';
        entry.service = service;
        writeError(
          res,
          service,
          new AwsError(
            400,
            'UnknownOperationException',
            `Unknown X-Amz-Target ${target}.`,
          ),
        );
        return;
      }
      service = targetService;
      operation = op;
    } else {
      service = 'kafka';
      kafkaRoute = routeKafka(method, url.pathname);
      operation = kafkaRoute?.operation ?? '-';
    }
    entry.service = service;
    entry.operation = operation;

    try {
      const body = await readBody(req);
      if (credential === 'missing' || credential === 'malformed') {
        throw AUTH_ERRORS[service][credential]();
      }
      if (credential.service !== service)
        throw AUTH_ERRORS[service].wrongService();
      const caller = this.callerOf(
        service,
        credential.accessKeyId,
        req.headers['x-amz-security-token'],
      );
      const account = caller.account;
      entry.account = account.id;
      entry.region = credential.region;

      if (!OPERATIONS[service].includes(operation)) {
        throw new AwsError(
          400,
          'UnknownOperationException',
          service === 'kafka'
            ? `No MSK operation matches ${method} ${url.pathname} in the sandbox.`
            : `Operation ${operation} is not supported by the sandbox.`,
        );
      }

      const fault = this.faults.decide({
        account,
        principal: caller.principal,
        region: credential.region,
        service,
        operation,
      });
      entry.fault = fault.name;
      if (fault.delayMs > 0) {
        await this.delay(fault.delayMs);
        if (res.destroyed || res.socket?.destroyed !== false) return;
      }
      // A hanging call is held, then answered normally if the client still waits.
      if (fault.error) throw fault.error;

      let region = account.regions.get(credential.region);
      if (!region && CREATE_OPERATIONS.includes(operation)) {
        // The account's first resource in this region: keep the region so later reads see it.
        region = emptyRegion(credential.region);
        account.regions.set(credential.region, region);
      }
      const ctx: CallContext = {
        account,
        regionName: credential.region,
        region: region ?? emptyRegion(credential.region),
        now: this.options.clock(),
        createDelayMs: this.options.createDelayMs,
      };
      let result: unknown;
      if (service === 'kafka') {
        result = handleKafka(
          ctx,
          kafkaRoute!,
          url.searchParams,
          method === 'GET' ? {} : parseJsonBody(body, service),
        );
      } else {
        const input = parseJsonBody(body, service);
        result = JSON_HANDLERS[service](ctx, operation, input);
      }
      writeJson(res, service, 200, result);
    } catch (error) {
      if (res.destroyed) return;
      if (error instanceof AwsError) {
        writeError(res, service, error);
      } else {
        const internal =
          service === 'kafka'
            ? new AwsError(
                500,
                'InternalServerErrorException',
                `Sandbox failure: ${String(error)}`,
              )
            : new AwsError(
                500,
                service === 'monitoring'
                  ? 'InternalServiceFault'
                  : 'InternalFailure',
                `Sandbox failure: ${String(error)}`,
                {
                  queryCode: 'InternalServiceError',
                },
              );
        writeError(res, service, internal);
      }
    }
  }

  /** The caller of a request to one of the estate's services, or that protocol's authentication error. */
  private callerOf(
    service: ServiceName,
    accessKeyId: string,
    sessionToken: string | string[] | undefined,
  ): Caller {
    try {
      return this.identities.resolve(accessKeyId, firstHeader(sessionToken));
    } catch (error) {
      if (error instanceof AwsError && error.code === 'ExpiredToken') {
        throw new AwsError(
          service === 'kafka' || service === 'monitoring' ? 403 : 400,
          service === 'monitoring' ? 'ExpiredToken' : 'ExpiredTokenException',
          error.message,
          { queryCode: 'ExpiredToken' },
        );
      }
      throw AUTH_ERRORS[service].unknownKey();
    }
  }

  private async handleSts(
    req: IncomingMessage,
    res: ServerResponse,
    credential: ReturnType<typeof parseAuthorization>,
    entry: RequestLogEntry,
  ): Promise<void> {
    try {
      const form = new URLSearchParams(await readBody(req));
      const operation = form.get('Action') ?? '-';
      entry.operation = operation;
      if (credential === 'missing') {
        throw new AwsError(
          403,
          'MissingAuthenticationToken',
          'Request is missing Authentication Token',
        );
      }
      if (credential === 'malformed') {
        throw new AwsError(
          403,
          'IncompleteSignature',
          'Authorization header requires Credential, SignedHeaders and Signature.',
        );
      }
      if (!STS_OPERATIONS.includes(operation)) {
        throw new AwsError(
          400,
          'InvalidAction',
          `Could not find operation ${operation} for version ${
            form.get('Version') ?? '(none)'
          }`,
        );
      }
      const caller = this.identities.resolve(
        credential.accessKeyId,
        firstHeader(req.headers['x-amz-security-token']),
      );
      entry.account = caller.account.id;
      entry.region = credential.region;
      writeXml(res, 200, this.sts.handle(operation, form, caller));
    } catch (error) {
      if (res.destroyed) return;
      writeXmlError(
        res,
        error instanceof AwsError
          ? error
          : new AwsError(
              500,
              'InternalFailure',
              `Sandbox failure: ${String(error)}`,
            ),
      );
    }
  }

  private delay(ms: number): Promise<void> {
    return new Promise(resolve => {
      const delay = {
        timer: setTimeout(() => {
          this.delays.delete(delay);
          resolve();
        }, ms),
        resolve,
      };
      this.delays.add(delay);
    });
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function emptyRegion(name: string): Region {
  return {
    name,
    clusters: [],
    flinkApplications: [],
    metrics: [],
    configurations: [],
    alarms: [],
    scalableTargets: [],
    logGroups: [],
  };
}

function parseJsonBody(
  body: string,
  service: ServiceName,
): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AwsError(
      400,
      'SerializationException',
      'The request body is not valid JSON.',
      {
        queryCode:
          service === 'monitoring' ? 'InvalidParameterValue' : undefined,
      },
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError(
      400,
      'SerializationException',
      'The request body must be a JSON object.',
    );
  }
  return parsed as Record<string, unknown>;
}

/** Starts the sandbox; resolves once it listens. */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  let scenario: Scenario;
  if (options.scenario !== undefined) {
    scenario = isScenario(options.scenario)
      ? options.scenario
      : parseScenario(options.scenario);
  } else if (options.scenarioPath) {
    scenario = loadScenario(options.scenarioPath);
  } else {
    throw new Error('startSandbox needs a scenario or a scenarioPath');
  }
  const handler = new SandboxHandler(scenario, {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    clock: options.clock ?? Date.now,
    createDelayMs: options.createDelayMs ?? DEFAULT_CREATE_DELAY_MS,
    onRequest: options.onRequest,
  });
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handler.handle(req, res).catch(error => {
      if (!res.headersSent) {
        writeJson(res, 'kafka', 500, { message: String(error) });
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    scenario,
    close: () =>
      new Promise<void>((resolve, reject) => {
        handler.cancelDelays();
        server.close(error => (error ? reject(error) : resolve()));
        // Keep-alive connections (the SDK pools them) would hold close() open.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
