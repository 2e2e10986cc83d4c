import { resolve } from 'node:path';
import { ScenarioError } from './scenario';
import { RequestLogEntry, startSandbox } from './server';

function formatEntry(e: RequestLogEntry): string {
  const who = e.account ? `${e.account}/${e.region}` : '-';
  const status = e.status === 0 ? 'aborted' : String(e.status);
  const fault = e.fault ? ` fault=${e.fault}` : '';
  const time = new Date().toISOString();
  return `${time} ${e.method} ${e.service} ${e.operation} ${who} ${status} ${e.durationMs}ms${fault}`;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 4566;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `SANDBOX_PORT must be a port number from 0 to 65535, got '${value}'`,
    );
  }
  return port;
}

function parseDelay(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) {
    throw new Error(
      `SANDBOX_CREATE_DELAY_MS must be a whole number of milliseconds, got '${value}'`,
    );
  }
  return ms;
}

/** The `aws-sandbox` command: serves a scenario until SIGINT or SIGTERM. */
export async function main(options: {
  defaultScenarioPath: string;
}): Promise<void> {
  try {
    const env = process.env;
    // Yarn runs scripts in the package directory; relative paths are meant from where the user typed.
    const scenarioPath = env.SANDBOX_SCENARIO
      ? resolve(env.INIT_CWD ?? process.cwd(), env.SANDBOX_SCENARIO)
      : options.defaultScenarioPath;
    const sandbox = await startSandbox({
      scenarioPath,
      port: parsePort(env.SANDBOX_PORT),
      host: env.SANDBOX_HOST || '127.0.0.1',
      createDelayMs: parseDelay(env.SANDBOX_CREATE_DELAY_MS),
      onRequest: entry => process.stdout.write(`${formatEntry(entry)}\n`),
    });
    const { scenario } = sandbox;
    process.stdout.write(
      `AWS sandbox serving scenario '${scenario.name}' (${scenarioPath}) at ${
        sandbox.url
      } for accounts ${scenario.accounts.map(a => a.id).join(', ')}\n`,
    );
    const stop = (signal: string) => {
      process.stdout.write(`${signal} received, stopping the AWS sandbox\n`);
      sandbox.close().then(
        () => process.exit(0),
        error => {
          process.stderr.write(`${String(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  } catch (error) {
    process.stderr.write(
      `${
        error instanceof ScenarioError
          ? error.message
          : `AWS sandbox failed to start: ${String(error)}`
      }\n`,
    );
    process.exit(1);
  }
}
