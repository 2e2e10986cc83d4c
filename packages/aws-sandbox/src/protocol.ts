import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceName } from './operations';

/**
 * An error answered in the calling protocol's shape. `queryCode` is the
 * legacy awsQuery code CloudWatch also sends (x-amzn-query-error), which the
 * SDK uses to pick the modelled exception.
 */
export class AwsError extends Error {
  readonly status: number;
  readonly code: string;
  readonly queryCode?: string;
  readonly fields: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { queryCode?: string; fields?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = code;
    this.status = status;
    this.code = code;
    this.queryCode = options.queryCode;
    this.fields = options.fields ?? {};
  }
}

/** The JSON-RPC target prefixes (X-Amz-Target) of the awsJson services. */
export const TARGET_PREFIXES: Record<string, ServiceName> = {
  KinesisAnalytics_20180523: 'kinesisanalytics',
  GraniteServiceVersion20100801: 'monitoring',
  AnyScaleFrontendService: 'application-autoscaling',
  Logs_20140328: 'logs',
  AWSPriceListService: 'pricing',
  AWSInsightsIndexService: 'ce',
};

const CONTENT_TYPES: Record<ServiceName, string> = {
  kafka: 'application/json',
  kinesisanalytics: 'application/x-amz-json-1.1',
  monitoring: 'application/x-amz-json-1.0',
  'application-autoscaling': 'application/x-amz-json-1.1',
  logs: 'application/x-amz-json-1.1',
  pricing: 'application/x-amz-json-1.1',
  ce: 'application/x-amz-json-1.1',
};

export function writeJson(
  res: ServerResponse,
  service: ServiceName,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPES[service],
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}

/**
 * restJson1 names the error in the x-amzn-errortype header; awsJson in the
 * body's __type. CloudWatch (awsQuery-compatible) adds x-amzn-query-error.
 */
export function writeError(
  res: ServerResponse,
  service: ServiceName,
  error: AwsError,
): void {
  if (service === 'kafka') {
    writeJson(
      res,
      service,
      error.status,
      { message: error.message, ...error.fields },
      {
        'x-amzn-errortype': error.code,
      },
    );
    return;
  }
  const headers: Record<string, string> = {};
  if (service === 'monitoring' && error.queryCode) {
    headers['x-amzn-query-error'] = `${error.queryCode};${
      error.status >= 500 ? 'Receiver' : 'Sender'
    }`;
  }
  writeJson(
    res,
    service,
    error.status,
    { __type: error.code, message: error.message, ...error.fields },
    headers,
  );
}

/** The parts of a SigV4 credential scope: `<key>/<date>/<region>/<service>/aws4_request`. */
export interface SigV4Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request\s*,\s*SignedHeaders=[^,\s]+\s*,\s*Signature=[0-9a-f]+\s*$/i;

/**
 * Reads the credential scope from an Authorization header. The signature
 * itself is not verified: the sandbox only needs to know who is calling
 * and which region they address.
 */
export function parseAuthorization(
  header: string | undefined,
): SigV4Credential | 'missing' | 'malformed' {
  if (!header) return 'missing';
  const match = AUTHORIZATION.exec(header);
  if (!match) return 'malformed';
  return {
    accessKeyId: match[1],
    date: match[2],
    region: match[3],
    service: match[4],
  };
}

/**
 * Pagination tokens are opaque to callers, as AWS's are. Each names the list
 * it continues (a hash of the request's filters), so a token replayed against
 * another list or tampered with is refused.
 */
export function encodeToken(
  scope: string,
  state: Record<string, number>,
): string {
  return Buffer.from(
    JSON.stringify({ s: scopeHash(scope), ...state }),
  ).toString('base64url');
}

export function decodeToken(
  token: string,
  scope: string,
): Record<string, number> | undefined {
  try {
    const decoded = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    );
    if (
      !decoded ||
      typeof decoded !== 'object' ||
      decoded.s !== scopeHash(scope)
    )
      return undefined;
    const state: Record<string, number> = {};
    for (const [key, value] of Object.entries(decoded)) {
      if (key === 's') continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        return undefined;
      state[key] = value;
    }
    return state;
  } catch {
    return undefined;
  }
}

function scopeHash(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 16);
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Reads a request body; AWS's JSON APIs cap requests at about 1 MB, so 2 MB is plenty. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(
          new AwsError(
            413,
            'RequestEntityTooLarge',
            'Request body is larger than 2 MB',
          ),
        );
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * One page of a list. `limit` has been validated by the caller; a token that
 * does not belong to this list is answered with `invalidToken()`.
 */
export function paginate<T>(
  items: readonly T[],
  options: {
    token?: string;
    scope: string;
    limit: number;
    invalidToken: () => AwsError;
  },
): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (options.token !== undefined && options.token !== '') {
    const state = decodeToken(options.token, options.scope);
    if (
      !state ||
      state.o === undefined ||
      !Number.isInteger(state.o) ||
      state.o > items.length
    ) {
      throw options.invalidToken();
    }
    offset = state.o;
  }
  const end = offset + options.limit;
  return {
    items: items.slice(offset, end),
    nextToken:
      end < items.length ? encodeToken(options.scope, { o: end }) : undefined,
  };
}
