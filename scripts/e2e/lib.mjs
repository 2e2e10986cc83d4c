// Helpers for the end-to-end test: child processes in their own process
// groups, HTTP polling with deadlines, and a tiny sequential test runner.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves with a TCP port that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts connections on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The last lines of a log file, for failure messages. */
export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

const started = new Set();

/**
 * Starts a long-running command in its own process group, output to a log
 * file, so that stopping it ends every process it started.
 */
export function startService(name, command, args, { cwd, env, logFile }) {
  const log = createWriteStream(logFile);
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const service = {
    name,
    child,
    logFile,
    exited: false,
    exitInfo: '',
  };
  child.on('exit', (code, signal) => {
    service.exited = true;
    service.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.on('error', error => {
    service.exited = true;
    service.exitInfo = error.message;
  });
  started.add(service);
  return service;
}

function signalGroup(service, signal) {
  try {
    process.kill(-service.child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

function groupAlive(service) {
  try {
    process.kill(-service.child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a service's whole process group: TERM, then KILL after 10 s. */
export async function stopService(service) {
  if (!started.has(service)) return;
  started.delete(service);
  signalGroup(service, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (groupAlive(service) && Date.now() < deadline) {
    await sleep(200);
  }
  if (groupAlive(service)) signalGroup(service, 'SIGKILL');
}

export async function stopAllServices() {
  await Promise.all([...started].map(stopService));
}

/** Last resort when the runner exits abruptly: no waiting possible. */
export function killAllServicesNow() {
  for (const service of started) signalGroup(service, 'SIGKILL');
  started.clear();
}

/** Runs a command to completion with its output in a log file; rejects on failure or time-out. */
export function runToLog(command, args, { cwd, env, logFile, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const service = startService(command, command, args, { cwd, env, logFile });
    const timer = setTimeout(() => {
      stopService(service);
      reject(
        new Error(
          `${command} ${args.join(' ')} took longer than ${
            timeoutMs / 1000
          } s\n${tail(logFile)}`,
        ),
      );
    }, timeoutMs);
    service.child.on('exit', (code, signal) => {
      clearTimeout(timer);
      started.delete(service);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} failed (${
              signal ?? `exit code ${code}`
            }); last lines of ${logFile}:\n${tail(logFile)}`,
          ),
        );
    });
  });
}

/** fetch with a per-request time-out. */
export function fetchWithTimeout(url, options = {}, timeoutMs = 10_000) {
  return fetch(url, { ...options, signal: AbortSignal.timeout(timeoutMs) });
}

/**
 * Polls `check` until it returns a truthy value, the deadline passes, or the
 * service it depends on exits. The last error says why it never got there.
 */
export async function waitFor(
  what,
  check,
  { timeoutMs, intervalMs = 1000, service, showLogOnTimeout = true },
) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    if (service?.exited) {
      throw new Error(
        `${service.name} exited (${
          service.exitInfo
        }) while waiting for ${what}; last lines of ${service.logFile}:\n${tail(
          service.logFile,
        )}`,
      );
    }
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message;
    }
    if (Date.now() > deadline) {
      const logHint =
        service && showLogOnTimeout
          ? `\nlast lines of ${service.logFile}:\n${tail(service.logFile)}`
          : '';
      throw new Error(
        `timed out after ${
          timeoutMs / 1000
        } s waiting for ${what} (${lastProblem})${logHint}`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * Runs tests one after the other. A test whose prerequisite failed is
 * reported as failed too, naming that prerequisite, so the totals are complete.
 */
export function createRunner() {
  const tests = [];
  const results = [];
  return {
    /** Results so far, also while the run is going on. */
    results,
    get count() {
      return tests.length;
    },
    test(name, fn, { needs = [] } = {}) {
      tests.push({ name, fn, needs });
    },
    async run() {
      const failedNames = new Set();
      for (const { name, fn, needs } of tests) {
        const start = Date.now();
        const missing = needs.filter(need => failedNames.has(need));
        let error;
        if (missing.length > 0) {
          error = new Error(
            `not run: it needs "${missing.join('", "')}", which failed`,
          );
        } else {
          try {
            await fn();
          } catch (e) {
            error = e;
          }
        }
        const seconds = ((Date.now() - start) / 1000).toFixed(1);
        if (error) {
          failedNames.add(name);
          console.log(
            `not ok - ${name} (${seconds} s)\n${indent(
              error.message ?? String(error),
            )}`,
          );
        } else {
          console.log(`ok - ${name} (${seconds} s)`);
        }
        results.push({
          name,
          passed: !error,
          seconds: Number(seconds),
          error: error?.message ?? null,
        });
      }
      return results;
    },
  };
}

function indent(text) {
  return text
    .split('\n')
    .map(line => `    ${line}`)
    .join('\n');
}
