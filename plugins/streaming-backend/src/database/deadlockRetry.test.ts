import { retryOnDeadlock } from './deadlockRetry';

describe('retryOnDeadlock', () => {
  it('runs a transaction the database rolled back for a deadlock again', async () => {
    let calls = 0;
    const result = await retryOnDeadlock(
      async () => {
        calls += 1;
        if (calls < 3)
          throw Object.assign(new Error('deadlock detected'), {
            code: '40P01',
          });
        return 'stored';
      },
      { delayMs: 1 },
    );
    expect(result).toBe('stored');
    expect(calls).toBe(3);
  });

  it('gives up after the attempts, and never retries other errors', async () => {
    let calls = 0;
    const deadlock = () => {
      calls += 1;
      return Promise.reject(Object.assign(new Error('x'), { code: '40001' }));
    };
    await expect(
      retryOnDeadlock(deadlock, { attempts: 2, delayMs: 1 }),
    ).rejects.toThrow('x');
    expect(calls).toBe(2);
    calls = 0;
    await expect(
      retryOnDeadlock(() => {
        calls += 1;
        return Promise.reject(new Error('relation does not exist'));
      }),
    ).rejects.toThrow('relation');
    expect(calls).toBe(1);
  });
});
