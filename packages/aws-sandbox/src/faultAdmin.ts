import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { estateFaultsSchema, FaultInjector } from './faults';
import { readBody } from './protocol';
import { faultSchema } from './scenario';

export const FAULTS_PATH = '/_sandbox/faults';

/** PUT /_sandbox/faults: the run-time faults, replacing the previous run-time ones. */
const faultUpdateSchema = z
  .object({
    estate: estateFaultsSchema.optional(),
    accounts: z
      .record(
        z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
        z.array(faultSchema),
      )
      .optional(),
  })
  .strict();

function answer(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * The fault admin endpoint, for tests and the bench: GET shows the run-time
 * faults and the calls refused by rate limits, PUT replaces them, DELETE
 * returns to the scenario's own faults. Unsigned, like /_sandbox/health: the
 * sandbox is a local test endpoint.
 */
export async function handleFaultAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  faults: FaultInjector,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'GET') {
    answer(res, 200, faults.describe());
    return;
  }
  if (method === 'DELETE') {
    faults.configure({});
    answer(res, 200, faults.describe());
    return;
  }
  if (method !== 'PUT') {
    answer(res, 405, { message: `${FAULTS_PATH} answers GET, PUT and DELETE` });
    return;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readBody(req));
  } catch {
    answer(res, 400, { message: 'The body must be a JSON object.' });
    return;
  }
  const parsed = faultUpdateSchema.safeParse(raw);
  if (!parsed.success) {
    answer(res, 400, {
      message: parsed.error.issues
        .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; '),
    });
    return;
  }
  faults.configure(parsed.data);
  answer(res, 200, faults.describe());
}
