import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { AwsError } from './protocol';
import type { Account, Role } from './scenario';

/** The STS operations the sandbox answers. */
export const STS_OPERATIONS: readonly string[] = [
  'AssumeRole',
  'GetCallerIdentity',
];

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN =
  /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MIN_DURATION_S = 900;
/** A role's default maximum session duration. */
const MAX_DURATION_S = 3600;

/** Who signed a request: an account's static key or an assumed-role session. */
export interface Caller {
  account: Account;
  /** The ARN AWS names the caller by, e.g. in AccessDenied messages. */
  principal: string;
}

interface Session extends Caller {
  sessionToken: string;
  expiresAt: number;
}

/**
 * The keys the sandbox knows: each account's static access key and the
 * temporary credentials AssumeRole has issued, which map back to the role's
 * account so reads with them see that account's estate.
 */
export class CallerIdentities {
  private readonly staticKeys = new Map<string, Account>();
  private readonly sessions = new Map<string, Session>();

  /**
   * `now` is the wall clock, not the scenario clock: the SDK decides when to
   * renew temporary credentials by comparing their expiry with its own clock.
   */
  constructor(accounts: Account[], private readonly now = Date.now) {
    for (const account of accounts) {
      if (account.accessKeyId)
        this.staticKeys.set(account.accessKeyId, account);
    }
  }

  /** The caller of a request, or the AWS error for an unknown, forged or expired key. */
  resolve(accessKeyId: string, sessionToken: string | undefined): Caller {
    const account = this.staticKeys.get(accessKeyId);
    if (account) return { account, principal: account.principal };
    const session = this.sessions.get(accessKeyId);
    if (!session || session.sessionToken !== sessionToken) {
      throw new AwsError(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    }
    if (session.expiresAt <= this.now()) {
      throw new AwsError(
        400,
        'ExpiredToken',
        'The security token included in the request is expired',
      );
    }
    return { account: session.account, principal: session.principal };
  }

  issue(caller: Caller, role: Role, target: Account, params: AssumeRoleParams) {
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const principal = `arn:aws:sts::${target.id}:assumed-role/${role.name}/${params.sessionName}`;
    const session: Session = {
      account: target,
      principal,
      sessionToken: randomBytes(48).toString('base64'),
      expiresAt: this.now() + params.durationSeconds * 1000,
    };
    this.sessions.set(accessKeyId, session);
    return {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: session.sessionToken,
      expiration: new Date(session.expiresAt).toISOString(),
      assumedRoleArn: principal,
      assumedRoleId: `${role.id}:${params.sessionName}`,
      callerAccount: caller.account.id,
    };
  }
}

interface AssumeRoleParams {
  roleArn: string;
  sessionName: string;
  externalId?: string;
  durationSeconds: number;
}

function validationError(message: string): AwsError {
  return new AwsError(400, 'ValidationError', message);
}

/** Reads AssumeRole's form parameters, answering as STS does when one is missing or out of range. */
function readAssumeRoleParams(form: URLSearchParams): AssumeRoleParams {
  const roleArn = form.get('RoleArn');
  const sessionName = form.get('RoleSessionName');
  if (!roleArn) {
    throw validationError(
      "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!sessionName || !SESSION_NAME.test(sessionName)) {
    throw validationError(
      `1 validation error detected: Value ${JSON.stringify(
        sessionName,
      )} at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64 and match [\\w+=,.@-]*`,
    );
  }
  const durationText = form.get('DurationSeconds');
  const durationSeconds = durationText ? Number(durationText) : MAX_DURATION_S;
  if (!Number.isInteger(durationSeconds) || durationSeconds < MIN_DURATION_S) {
    throw validationError(
      `1 validation error detected: Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION_S}`,
    );
  }
  if (durationSeconds > MAX_DURATION_S) {
    throw validationError(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  return {
    roleArn,
    sessionName,
    externalId: form.get('ExternalId') ?? undefined,
    durationSeconds,
  };
}

/**
 * STS as the SDK's STS client speaks it (awsQuery: a form-encoded POST
 * answered in XML). AssumeRole succeeds only for a role the scenario declares
 * in the target account, called from an account the role trusts and with the
 * role's external id; like AWS, a refusal does not say which check failed.
 */
export class StsService {
  constructor(
    private readonly accounts: Map<string, Account>,
    private readonly identities: CallerIdentities,
  ) {}

  handle(operation: string, form: URLSearchParams, caller: Caller): string {
    if (operation === 'GetCallerIdentity') {
      const userId = caller.principal.includes(':assumed-role/')
        ? caller.principal.split('/').slice(1).join(':')
        : `AIDA${caller.account.id}`;
      return xmlResponse(
        'GetCallerIdentity',
        `<Arn>${escapeXml(caller.principal)}</Arn><UserId>${escapeXml(
          userId,
        )}</UserId><Account>${caller.account.id}</Account>`,
      );
    }
    const params = readAssumeRoleParams(form);
    const denied = new AwsError(
      403,
      'AccessDenied',
      `User: ${caller.principal} is not authorized to perform: sts:AssumeRole on resource: ${params.roleArn}`,
    );
    const match = ROLE_ARN.exec(params.roleArn);
    if (!match) {
      throw validationError(
        `${params.roleArn} is invalid: RoleArn must be an IAM role ARN such as arn:aws:iam::123456789012:role/name`,
      );
    }
    const target = this.accounts.get(match[1]);
    const role = target?.roles.find(r => r.name === match[2]);
    if (!target || !role) throw denied;
    if (
      role.trustedAccounts &&
      !role.trustedAccounts.includes(caller.account.id)
    ) {
      throw denied;
    }
    if ((role.externalId ?? undefined) !== params.externalId) throw denied;
    const issued = this.identities.issue(caller, role, target, params);
    return xmlResponse(
      'AssumeRole',
      `<Credentials><AccessKeyId>${
        issued.accessKeyId
      }</AccessKeyId><SecretAccessKey>${escapeXml(
        issued.secretAccessKey,
      )}</SecretAccessKey><SessionToken>${escapeXml(
        issued.sessionToken,
      )}</SessionToken><Expiration>${
        issued.expiration
      }</Expiration></Credentials>` +
        `<AssumedRoleUser><AssumedRoleId>${escapeXml(
          issued.assumedRoleId,
        )}</AssumedRoleId><Arn>${escapeXml(
          issued.assumedRoleArn,
        )}</Arn></AssumedRoleUser><PackedPolicySize>0</PackedPolicySize>`,
    );
  }
}

function xmlResponse(operation: string, result: string): string {
  return `<${operation}Response xmlns="${STS_NAMESPACE}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** An awsQuery success body. */
export function writeXml(res: ServerResponse, status: number, xml: string) {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(xml);
}

/** An awsQuery error: the code in the body's Error element, where the SDK looks for it. */
export function writeXmlError(res: ServerResponse, error: AwsError) {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  writeXml(
    res,
    error.status,
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(
      error.code,
    )}</Code><Message>${escapeXml(
      error.message,
    )}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}
