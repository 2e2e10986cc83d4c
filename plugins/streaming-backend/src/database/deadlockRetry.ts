/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back whole. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  const { code, message = '' } = (error ?? {}) as {
    code?: string;
    message?: string;
  };
  return (
    (code !== undefined && RETRYABLE_CODES.has(code)) ||
    /deadlock detected/i.test(message)
  );
}

/**
 * Runs a transaction again when the database rolled it back to break a
 * deadlock. Replicas write the same table at once (one account-region's
 * inventory here, the estate's owners there), and PostgreSQL may pick either
 * as the victim; the writes are idempotent, so the victim simply retries.
 */
export async function retryOnDeadlock<T>(
  transaction: () => Promise<T>,
  options: { attempts?: number; delayMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 4;
  const delayMs = options.delayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      // A little jitter, so the two sides do not collide again in step.
      await new Promise(resolve =>
        setTimeout(resolve, delayMs * attempt * (0.5 + Math.random())),
      );
    }
  }
}
