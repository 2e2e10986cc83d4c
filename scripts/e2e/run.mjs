// End-to-end test: builds the frontend, starts the AWS sandbox and the backend
// (which serves the built app), waits for the streaming inventory, then signs
// in as guest in headless Chromium and checks the orders-service page, the
// estate page and the team-orders group page, and creates a Kafka topic with
// the scaffolder template.
//
// Usage: node scripts/e2e/run.mjs [--report FILE] [--docs-screenshots DIR]
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createRunner,
  fetchWithTimeout,
  freePort,
  killAllServicesNow,
  portInUse,
  runToLog,
  startService,
  stopAllServices,
  waitFor,
} from './lib.mjs';

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const OUT = path.join(ROOT, '.test-output');
const LOGS = path.join(OUT, 'e2e');
const SCREENSHOTS = path.join(OUT, 'screenshots');
const DB_DIR = path.join(OUT, 'e2e-db');
// Where the scaffolder templates publish catalog-info.yaml during the test (the demo uses .data/scaffolded).
const SCAFFOLDED_DIR = path.join(OUT, 'e2e-scaffolded');
const DEMO_DATA = path.join(ROOT, '.data');

// E2E_BACKEND_PORT lets two checkouts run the test side by side; CI uses the default.
const BACKEND_PORT = Number(process.env.E2E_BACKEND_PORT ?? 7007);
const BACKEND = `http://localhost:${BACKEND_PORT}`;
const ENTITY = {
  namespace: 'default',
  kind: 'component',
  name: 'orders-service',
};
const ENTITY_PAGE = `/catalog/${ENTITY.namespace}/${ENTITY.kind}/${ENTITY.name}`;
const ENTITY_API = `/api/streaming/v1/entity/${ENTITY.namespace}/${ENTITY.kind}/${ENTITY.name}`;
const CLUSTER = 'orders-standard';
const APPLICATION = 'orders-enricher';
const CONSUMER_GROUP = 'orders-fulfilment';
// Every demo entity with a Streaming tab (examples/entities.yaml).
const STREAMING_ENTITIES = [
  'orders-service',
  'clickstream-service',
  'events-gateway',
  'legacy-billing',
  'audit-archiver',
];
// How long a reader looks at each screenful of charts before scrolling on.
const READING_PAUSE_MS = 1200;
const EXPECTED_ACCOUNT_REGIONS = 3;
const HEALTH_WORD = /\b(Healthy|Warning|Critical|Unknown)\b/;
const CHROMIUM = '/usr/bin/chromium';
// The scaffolder test may wait for a scheduled inventory refresh (5 minutes in the demo).
const OVERALL_TIMEOUT_MS = 30 * 60_000;
const MAX_RELOADS = 3;

const { values: options } = parseArgs({
  options: {
    report: { type: 'string', default: path.join(OUT, 'e2e.json') },
    'docs-screenshots': { type: 'string' },
  },
});

// Screenshots that docs/ uses, by the name they get there.
const DOC_SCREENSHOTS = {
  'sign-in.png': 'sign-in.png',
  'orders-service.png': 'orders-service-page.png',
  'streaming-card.png': 'entity-card.png',
  'streaming-tab.png': 'streaming-tab.png',
  'annotation-problem.png': 'annotation-problem.png',
  'estate.png': 'estate.png',
  'estate-chargeback.png': 'estate-chargeback.png',
  'group-card.png': 'group-card.png',
  'scaffolder-topic-form.png': 'scaffolder-topic-form.png',
  'scaffolder-topic-streaming-tab.png': 'scaffolder-topic-streaming-tab.png',
  'catalog-graph.png': 'catalog-graph.png',
  'depends-on-resources.png': 'depends-on-resources.png',
  'cluster-resource.png': 'cluster-resource.png',
};

/** The signed-in browser the browser tests share; closed at the end. */
let browserSession;

/** Chart requests the backend refused with 429, over every page the browser opened. */
const rateLimitedChartRequests = [];
/** When the browser asked for each chart series, to tell how full the user's rate-limit bucket is. */
const chartRequestTimes = [];

/** Runs browser steps; on failure adds the page's URL, text, errors and a screenshot to the error. */
async function withFailureReport(
  page,
  steps,
  pageErrors = browserSession?.pageErrors ?? [],
) {
  try {
    await steps();
  } catch (error) {
    await page
      .screenshot({
        path: path.join(SCREENSHOTS, 'failure.png'),
        fullPage: true,
      })
      .catch(() => {});
    const text = await page
      .locator('body')
      .innerText({ timeout: 5000 })
      .catch(() => '(no page text)');
    throw new Error(
      `${error.message}\nat ${page.url()}; the page said:\n${text.slice(
        0,
        1500,
      )}\nscreenshot: ${path.relative(
        ROOT,
        path.join(SCREENSHOTS, 'failure.png'),
      )}`,
    );
  }
}

rmSync(LOGS, { recursive: true, force: true });
rmSync(SCREENSHOTS, { recursive: true, force: true });
mkdirSync(LOGS, { recursive: true });
mkdirSync(SCREENSHOTS, { recursive: true });

const baseEnv = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
// backstage-cli sets NODE_ENV=development itself, which guest sign-in needs.
delete baseEnv.NODE_ENV;

let sandboxPort;
let sandbox;
let backend;
let demoDataBefore;

function backendEnv() {
  return {
    ...baseEnv,
    APP_CONFIG_app_baseUrl: BACKEND,
    APP_CONFIG_backend_cors_origin: BACKEND,
    APP_CONFIG_backend_baseUrl: BACKEND,
    APP_CONFIG_backend_listen_port: String(BACKEND_PORT),
    // A throw-away database, so the test never reads or writes the demo's .data/.
    APP_CONFIG_backend_database_connection_directory: DB_DIR,
    // Templates publish here, not into the demo's .data/.
    APP_CONFIG_streamingDemo_publishRoot: SCAFFOLDED_DIR,
    STREAMING_AWS_ENDPOINT: `http://127.0.0.1:${sandboxPort}`,
  };
}

/** Every file under a folder with its size and modification time, to tell whether anything changed. */
function snapshotTree(dir) {
  if (!existsSync(dir)) return '(absent)';
  const lines = [];
  const walk = current => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = statSync(full);
        lines.push(`${path.relative(dir, full)} ${stat.size} ${stat.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return lines.sort().join('\n');
}

function waitForBackendReady() {
  return waitFor(
    `${BACKEND}/.backstage/health/v1/readiness`,
    async () =>
      (
        await fetchWithTimeout(
          `${BACKEND}/.backstage/health/v1/readiness`,
          {},
          3000,
        )
      ).ok,
    { timeoutMs: 4 * 60_000, intervalMs: 2000, service: backend },
  );
}

let cachedGuestToken;
/** A guest user's Backstage token, as the sign-in page gets it. */
async function guestToken() {
  if (!cachedGuestToken) {
    const refresh = await fetchWithTimeout(
      `${BACKEND}/api/auth/guest/refresh?env=development`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      },
    );
    const session = await refresh.json().catch(() => ({}));
    cachedGuestToken = session?.backstageIdentity?.token;
    assert.ok(
      cachedGuestToken,
      `guest sign-in gave no token (HTTP ${refresh.status}): ${JSON.stringify(
        session,
      ).slice(0, 300)}`,
    );
  }
  return cachedGuestToken;
}

async function getJson(url, headers = {}) {
  const response = await fetchWithTimeout(`${BACKEND}${url}`, { headers });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/**
 * Scrolls to the charts of `metricLabel` (charts load only once they come into
 * view) and waits until the one of `subject` is drawn.
 */
async function chartDrawn(page, metricLabel, subject, rangeLabel = '24 hours') {
  const figures = page.getByRole('figure', { name: metricLabel, exact: true });
  await figures.first().waitFor({ timeout: 60_000 });
  for (const figure of await figures.all()) {
    await figure.scrollIntoViewIfNeeded();
  }
  await page
    .getByRole('img', {
      name: `${metricLabel} of ${subject}, last ${rangeLabel}`,
    })
    .locator('svg.recharts-surface')
    .first()
    .waitFor({ timeout: 60_000 });
}

const runner = createRunner();

const BUILD_TEST =
  'frontend production bundle builds (yarn workspace app build)';
runner.test(BUILD_TEST, async () => {
  await runToLog('yarn', ['workspace', 'app', 'build'], {
    cwd: ROOT,
    env: backendEnv(),
    logFile: path.join(LOGS, 'app-build.log'),
    timeoutMs: 10 * 60_000,
  });
  assert.ok(
    existsSync(path.join(ROOT, 'packages/app/dist/index.html')),
    'packages/app/dist/index.html is missing after the build',
  );
});

const SANDBOX_TEST = 'AWS sandbox starts and answers /_sandbox/health';
runner.test(SANDBOX_TEST, async () => {
  sandboxPort = await freePort();
  sandbox = startService(
    'aws-sandbox',
    'yarn',
    ['workspace', '@backstage-streaming/aws-sandbox', 'start'],
    {
      cwd: ROOT,
      env: { ...baseEnv, SANDBOX_PORT: String(sandboxPort) },
      logFile: path.join(LOGS, 'aws-sandbox.log'),
    },
  );
  await waitFor(
    `http://127.0.0.1:${sandboxPort}/_sandbox/health`,
    async () =>
      (
        await fetchWithTimeout(
          `http://127.0.0.1:${sandboxPort}/_sandbox/health`,
          {},
          3000,
        )
      ).ok,
    { timeoutMs: 60_000, service: sandbox },
  );
});

const BACKEND_TEST =
  'backend starts on :7007 with a throw-away database and serves the built app';
runner.test(
  BACKEND_TEST,
  async () => {
    assert.equal(
      await portInUse(BACKEND_PORT),
      false,
      `port ${BACKEND_PORT} is already in use (is \`npm start\` running?); stop it and run the test again`,
    );
    demoDataBefore = snapshotTree(DEMO_DATA);
    rmSync(DB_DIR, { recursive: true, force: true });
    mkdirSync(DB_DIR, { recursive: true });
    rmSync(SCAFFOLDED_DIR, { recursive: true, force: true });
    backend = startService(
      'backend',
      'yarn',
      ['workspace', 'backend', 'start'],
      {
        cwd: ROOT,
        env: backendEnv(),
        logFile: path.join(LOGS, 'backend.log'),
      },
    );
    await waitForBackendReady();
    const page = await fetchWithTimeout(`${BACKEND}/`);
    const html = await page.text();
    assert.equal(page.status, 200, `GET / answered ${page.status}`);
    assert.match(
      html,
      /<div id="root"/,
      'GET / did not answer the built app (no <div id="root">)',
    );
    const dbFiles = readdirSync(DB_DIR);
    assert.ok(
      dbFiles.length > 0,
      `the backend wrote nothing into ${path.relative(
        ROOT,
        DB_DIR,
      )}: the database directory override did not apply`,
    );
  },
  { needs: [BUILD_TEST, SANDBOX_TEST] },
);

const UNAUTHENTICATED_TEST = 'streaming entity API answers 401 without a token';
runner.test(
  UNAUTHENTICATED_TEST,
  async () => {
    const { status, body } = await getJson(ENTITY_API);
    assert.equal(
      status,
      401,
      `GET ${ENTITY_API} without a token answered ${status}: ${JSON.stringify(
        body,
      ).slice(0, 300)}`,
    );
  },
  { needs: [BACKEND_TEST] },
);

const INVENTORY_TEST = `streaming inventory refreshes all ${EXPECTED_ACCOUNT_REGIONS} sandbox account-regions`;
runner.test(
  INVENTORY_TEST,
  async () => {
    const token = await guestToken();
    const accountRegions = await waitFor(
      `${EXPECTED_ACCOUNT_REGIONS} refreshed entries in /api/streaming/v1/status`,
      async () => {
        const { status, body } = await getJson('/api/streaming/v1/status', {
          Authorization: `Bearer ${token}`,
        });
        if (status !== 200)
          throw new Error(
            `HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`,
          );
        const entries = body.accountRegions ?? [];
        // Every configured account-region is listed, "pending" until its first refresh ends.
        const done = entries.filter(
          entry => entry.state && entry.state !== 'pending',
        );
        if (done.length < EXPECTED_ACCOUNT_REGIONS)
          throw new Error(
            `${done.length} of ${entries.length} refreshed so far`,
          );
        return entries;
      },
      { timeoutMs: 3 * 60_000, intervalMs: 2000, service: backend },
    );
    const failed = accountRegions.filter(entry => entry.state !== 'ok');
    assert.deepEqual(
      failed.map(
        entry =>
          `${entry.accountId}/${entry.region}: ${entry.lastErrorCode} ${entry.lastErrorMessage}`,
      ),
      [],
      'some account-regions failed to refresh',
    );
  },
  { needs: [BACKEND_TEST] },
);

const ENTITY_API_TEST = `streaming entity API lists ${CLUSTER} and ${APPLICATION} for orders-service`;
runner.test(
  ENTITY_API_TEST,
  async () => {
    const token = await guestToken();
    // The catalog reads examples/ on its own schedule: 404 until it has.
    const body = await waitFor(
      `${ENTITY_API} to answer 200`,
      async () => {
        const answer = await getJson(ENTITY_API, {
          Authorization: `Bearer ${token}`,
        });
        if (answer.status !== 200)
          throw new Error(
            `HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(
              0,
              300,
            )}`,
          );
        return answer.body;
      },
      { timeoutMs: 2 * 60_000, intervalMs: 2000, service: backend },
    );
    assert.ok(
      body.clusters?.some(cluster => cluster.name === CLUSTER),
      `no cluster ${CLUSTER} in ${JSON.stringify(body).slice(0, 500)}`,
    );
    assert.ok(
      body.applications?.some(application => application.name === APPLICATION),
      `no application ${APPLICATION} in ${JSON.stringify(body).slice(0, 500)}`,
    );
  },
  { needs: [BACKEND_TEST] },
);

const BROWSER_TEST = `browser: guest sign-in, orders-service page shows ${CLUSTER} and ${APPLICATION} with their health`;
runner.test(
  BROWSER_TEST,
  async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`,
    );
    const { chromium } = await import('playwright-core');
    const profile = path.join(LOGS, 'chromium-profile');
    rmSync(profile, { recursive: true, force: true });
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      timeout: 60_000,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const pageErrors = [];
    context.on('request', request => {
      if (request.url().includes('/api/streaming/v1/metrics')) {
        chartRequestTimes.push(Date.now());
      }
    });
    context.on('response', response => {
      if (
        response.status() === 429 &&
        response.url().includes('/api/streaming/v1/metrics')
      ) {
        rateLimitedChartRequests.push(response.url());
      }
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(30_000);
      page.on('pageerror', error => pageErrors.push(error.message));
      await withFailureReport(
        page,
        async () => {
          await page.goto(`${BACKEND}/`, { waitUntil: 'domcontentloaded' });
          const enter = page.getByRole('button', { name: 'Enter' });
          await enter.waitFor({ timeout: 60_000 }).catch(() => {
            throw new Error(
              'no guest sign-in page: the "Enter" button did not appear at /',
            );
          });
          await page.screenshot({
            path: path.join(SCREENSHOTS, 'sign-in.png'),
          });
          await enter.click();
          await enter.waitFor({ state: 'detached', timeout: 30_000 });

          await page.goto(`${BACKEND}${ENTITY_PAGE}`, {
            waitUntil: 'domcontentloaded',
          });
          const rowNamed = name =>
            page
              .locator('tr')
              .filter({ has: page.getByText(name, { exact: true }) })
              .first();
          const clusterRow = rowNamed(CLUSTER);
          const applicationRow = rowNamed(APPLICATION);
          // `backend start` restarts the backend when a source file changes (a
          // developer editing while the test runs); the card then reports a failed
          // fetch, and a person would reload. A lasting failure still fails.
          const loadError = page
            .getByText(/Could not load streaming data/)
            .first();
          let reloads = 0;
          await waitFor(
            `the ${CLUSTER} row on ${ENTITY_PAGE}`,
            async () => {
              // A reload may show the sign-in page again; sign in once more if so.
              if (await enter.isVisible()) await enter.click();
              if (reloads < MAX_RELOADS && (await loadError.isVisible())) {
                reloads += 1;
                console.log(
                  `    the card says "${await loadError.innerText()}": reloading (${reloads}/${MAX_RELOADS})`,
                );
                await waitForBackendReady();
                await page.reload({ waitUntil: 'domcontentloaded' });
                return false;
              }
              return clusterRow.isVisible();
            },
            // The page text, added below, tells more than the backend log.
            {
              timeoutMs: 90_000,
              intervalMs: 1000,
              service: backend,
              showLogOnTimeout: false,
            },
          );
          await applicationRow.waitFor();
          const clusterText = await clusterRow.innerText();
          const applicationText = await applicationRow.innerText();
          assert.match(
            clusterText,
            HEALTH_WORD,
            `the ${CLUSTER} row shows no health word: "${clusterText}"`,
          );
          assert.match(
            applicationText,
            HEALTH_WORD,
            `the ${APPLICATION} row shows no health word: "${applicationText}"`,
          );

          // Tall enough for the whole page, so the sidebar reaches the bottom too.
          await page.setViewportSize({ width: 1400, height: 1600 });
          await page.screenshot({
            path: path.join(SCREENSHOTS, 'orders-service.png'),
          });
          const card = page
            .locator('.MuiCard-root')
            .filter({ has: applicationRow })
            .last();
          if (await card.isVisible()) {
            await card.screenshot({
              path: path.join(SCREENSHOTS, 'streaming-card.png'),
            });
          }
        },
        pageErrors,
      );
      // Signed in: later browser tests go on in the same session.
      browserSession = { context, page, pageErrors };
    } catch (error) {
      await context.close().catch(() => {});
      throw error;
    }
  },
  { needs: [BACKEND_TEST] },
);

const TAB_TEST =
  'browser: the Streaming tab shows the sections and charts, and a range change redraws a chart';
runner.test(
  TAB_TEST,
  async () => {
    const { page } = browserSession;
    // Consumer groups are found by the slow metrics refresh: wait until it has run.
    const token = await guestToken();
    await waitFor(
      `${CONSUMER_GROUP} in ${ENTITY_API}`,
      async () => {
        const { body } = await getJson(ENTITY_API, {
          Authorization: `Bearer ${token}`,
        });
        return body.consumerGroups?.some(
          group => group.name === CONSUMER_GROUP,
        );
      },
      { timeoutMs: 3 * 60_000, intervalMs: 3000, service: backend },
    );
    await withFailureReport(page, async () => {
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(`${BACKEND}${ENTITY_PAGE}`, {
        waitUntil: 'domcontentloaded',
      });
      await page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Streaming' })
        .click();
      await page.waitForURL(`**${ENTITY_PAGE}/streaming`);
      for (const heading of [
        'MSK clusters (1)',
        'Kafka topics (2)',
        'Flink applications (1)',
      ]) {
        await page
          .getByRole('heading', { name: heading })
          .waitFor({ timeout: 60_000 });
      }
      // Charts load as they come into view: scroll to each one first.
      await chartDrawn(page, 'CPU (user)', CLUSTER);
      await chartDrawn(page, 'KPUs', APPLICATION);
      // A consumer group attached by annotation gets its lag charts (group ARNs parse).
      await page
        .getByRole('heading', { name: 'Consumer groups (1)' })
        .waitFor({ timeout: 60_000 });
      await chartDrawn(page, 'Max offset lag', CONSUMER_GROUP);
      // Each chart has a text summary for those who cannot see it.
      const summary = await page
        .getByText(/latest/)
        .first()
        .innerText();
      assert.match(summary, /latest/, 'no text summary under the charts');

      const picker = page.getByRole('group', {
        name: `Time range for ${CLUSTER} charts`,
      });
      const sevenDays = picker.getByRole('button', { name: '7 days' });
      await sevenDays.scrollIntoViewIfNeeded();
      await sevenDays.click();
      await page
        .getByRole('img', { name: `CPU (user) of ${CLUSTER}, last 7 days` })
        .locator('svg.recharts-surface')
        .first()
        .waitFor({ timeout: 60_000 });
      assert.equal(
        await sevenDays.getAttribute('aria-pressed'),
        'true',
        '"7 days" is not pressed',
      );

      await page.setViewportSize({ width: 1400, height: 2200 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'streaming-tab.png'),
      });
    });
  },
  { needs: [BROWSER_TEST] },
);

const CATALOG_TEST = `catalog: orders-service's "Depends on resources" card lists ${CLUSTER}, its topics and ${APPLICATION}; the cluster's Resource page shows the Streaming card`;
const ORDERS_TOPICS = ['orders.created', 'orders.shipped'];
runner.test(
  CATALOG_TEST,
  async () => {
    const { page } = browserSession;
    const token = await guestToken();
    const auth = { Authorization: `Bearer ${token}` };
    // The owner pass records what orders-service attaches once the catalog
    // has it; a refresh now records it without waiting for the schedule.
    // Refreshes are debounced: ask again until one starts (or one is running).
    await waitFor(
      'a streaming refresh to start',
      async () => {
        const res = await fetchWithTimeout(
          `${BACKEND}/api/streaming/v1/refresh`,
          { method: 'POST', headers: auth },
          10_000,
        );
        const { state } = await res.json();
        return state === 'started' || state === 'already-running';
      },
      { timeoutMs: 3 * 60_000, intervalMs: 5000, service: backend },
    );
    // The provider notices the refresh, writes the Resources and has
    // orders-service re-processed, which gives it the relations.
    const resources = await waitFor(
      `orders-service to depend on ${CLUSTER}, ${ORDERS_TOPICS.join(
        ', ',
      )} and ${APPLICATION} in the catalog`,
      async () => {
        const { status, body } = await getJson(
          '/api/catalog/entities/by-name/component/default/orders-service',
          auth,
        );
        if (status !== 200) throw new Error(`HTTP ${status}`);
        const targets = (body.relations ?? [])
          .filter(r => r.type === 'dependsOn')
          .map(r => r.targetRef)
          .filter(ref => ref.startsWith('resource:'));
        const found = [];
        for (const ref of targets) {
          const [, namespace, name] = /^resource:([^/]+)\/(.+)$/.exec(ref);
          const resource = await getJson(
            `/api/catalog/entities/by-name/resource/${namespace}/${name}`,
            auth,
          );
          if (resource.status === 200) found.push(resource.body);
        }
        const titled = (type, nameOf) =>
          found.find(
            e =>
              e.spec?.type === type &&
              e.metadata.annotations?.['aws.amazon.com/arn']?.endsWith(nameOf),
          );
        const cluster = found.find(
          e => e.spec?.type === 'kafka-cluster' && e.metadata.title === CLUSTER,
        );
        const topics = ORDERS_TOPICS.map(t => titled('kafka-topic', `/${t}`));
        const application = titled('flink-application', `/${APPLICATION}`);
        if (!cluster || topics.some(t => !t) || !application)
          throw new Error(
            `depends on ${found
              .map(e => `${e.spec?.type} ${e.metadata.title}`)
              .join(', ')}`,
          );
        return { cluster, topics, application };
      },
      { timeoutMs: 5 * 60_000, intervalMs: 5000, service: backend },
    );
    assert.equal(
      resources.cluster.spec.owner,
      'group:default/team-orders',
      'the orders cluster Resource is not owned by team-orders',
    );

    await withFailureReport(page, async () => {
      await page.setViewportSize({ width: 1400, height: 1600 });
      await page.goto(`${BACKEND}${ENTITY_PAGE}`, {
        waitUntil: 'domcontentloaded',
      });
      // The catalog's cards are not all MUI cards: find each by its heading.
      // The card is the heading's nearest ancestor holding the given content.
      const cardTitled = (title, content) =>
        page
          .getByRole('heading', { name: title, exact: true })
          .locator(`xpath=ancestor::*[${content}][1]`);
      const dependsOnCard = cardTitled('Depends on resources', './/table');
      await dependsOnCard.waitFor({ timeout: 60_000 });
      for (const title of [
        CLUSTER,
        ...ORDERS_TOPICS.map(t => `${t} (topic on ${CLUSTER})`),
        APPLICATION,
      ]) {
        await dependsOnCard
          .getByText(title, { exact: true })
          .first()
          .waitFor({ timeout: 60_000 });
      }
      await dependsOnCard.scrollIntoViewIfNeeded();
      await dependsOnCard.screenshot({
        path: path.join(SCREENSHOTS, 'depends-on-resources.png'),
      });
      const graphCard = cardTitled(
        'Relations',
        `.//a[contains(., 'View graph')]`,
      );
      await graphCard.waitFor({ timeout: 60_000 });
      await graphCard.locator('svg').first().waitFor({ timeout: 60_000 });
      await graphCard
        .getByText(APPLICATION, { exact: false })
        .first()
        .waitFor({ timeout: 60_000 });
      await graphCard.scrollIntoViewIfNeeded();
      await graphCard.screenshot({
        path: path.join(SCREENSHOTS, 'catalog-graph.png'),
      });

      // The cluster's own Resource page, reached through the link the
      // Streaming card puts on the cluster's name (its row's title is the ARN,
      // which tells it apart from the Depends on resources card's link).
      const clusterPage = `/catalog/default/resource/${resources.cluster.metadata.name}`;
      const clusterLink = page
        .locator('span[title^="arn:aws:kafka:"] a')
        .filter({ hasText: CLUSTER })
        .first();
      await clusterLink.waitFor({ timeout: 60_000 });
      assert.equal(
        new URL(await clusterLink.getAttribute('href'), BACKEND).pathname,
        clusterPage,
        `the Streaming card does not link ${CLUSTER} to its Resource page`,
      );
      await clusterLink.click();
      await page.waitForURL(url => url.pathname === clusterPage, {
        timeout: 30_000,
      });
      const clusterRow = page
        .locator('tr')
        .filter({ has: page.getByText(CLUSTER, { exact: true }) })
        .first();
      await clusterRow.waitFor({ timeout: 90_000 });
      assert.match(
        await clusterRow.innerText(),
        HEALTH_WORD,
        `the ${CLUSTER} row on ${clusterPage} shows no health word`,
      );
      // The card, as the relations graph above it is tall with every topic.
      const streamingCard = page
        .locator('.MuiCard-root')
        .filter({ has: clusterRow })
        .last();
      await ((await streamingCard.isVisible())
        ? streamingCard
        : page
      ).screenshot({ path: path.join(SCREENSHOTS, 'cluster-resource.png') });
    });
  },
  { needs: [TAB_TEST] },
);

const PROBLEM_TEST =
  'browser: legacy-billing shows which annotation value is wrong and what to do';
runner.test(
  PROBLEM_TEST,
  async () => {
    const { page } = browserSession;
    await withFailureReport(page, async () => {
      await page.setViewportSize({ width: 1400, height: 1200 });
      await page.goto(`${BACKEND}/catalog/default/component/legacy-billing`, {
        waitUntil: 'domcontentloaded',
      });
      const problems = page
        .getByRole('list', { name: 'Streaming problems' })
        .first();
      await problems.waitFor({ timeout: 60_000 });
      const text = await problems.innerText();
      assert.match(
        text,
        /'orders-standard' in aws\.amazon\.com\/amazon-msk-cluster-arn is not an MSK cluster ARN/,
        `the malformed cluster annotation is not explained: "${text}"`,
      );
      assert.match(
        text,
        /invoices\.retired/,
        `the unknown topic is not named: "${text}"`,
      );
      // The entry that does resolve is still shown.
      await page
        .getByText('payments.settled', { exact: true })
        .first()
        .waitFor();
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'annotation-problem.png'),
      });
    });
  },
  { needs: [BROWSER_TEST] },
);

const SERVERLESS_COST_TEST =
  'browser: events-gateway shows a complete Serverless cost from the eu-west-1 price list, its assumptions and the bill beside it';
runner.test(
  SERVERLESS_COST_TEST,
  async () => {
    const { page } = browserSession;
    const token = await guestToken();
    const entityApi =
      '/api/streaming/v1/entity/default/component/events-gateway';
    // The price list is read 5 s after start-up and the estimates derived again: wait for its prices.
    const cluster = await waitFor(
      'events-serverless priced from the price list',
      async () => {
        const { body } = await getJson(entityApi, {
          Authorization: `Bearer ${token}`,
        });
        const found = body.clusters?.find(c => c.name === 'events-serverless');
        return found?.cost?.estimate?.parts?.some(
          p => p.priceOrigin === 'price-list',
        )
          ? found
          : undefined;
      },
      { timeoutMs: 3 * 60_000, intervalMs: 3000, service: backend },
    );
    assert.equal(
      cluster.cost.estimate.complete,
      true,
      `the Serverless estimate is not complete: ${JSON.stringify(
        cluster.cost.estimate.unknownParts,
      )}`,
    );
    await withFailureReport(page, async () => {
      await page.setViewportSize({ width: 1400, height: 2200 });
      await page.goto(`${BACKEND}/catalog/default/component/events-gateway`, {
        waitUntil: 'domcontentloaded',
      });
      await page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Streaming' })
        .click();
      const table = page.getByRole('table', {
        name: 'Cost of events-serverless',
      });
      await table.waitFor({ timeout: 60_000 });
      const text = await table.innerText();
      assert.doesNotMatch(
        text,
        /unknown/i,
        `a part of the Serverless cost is unknown: "${text}"`,
      );
      assert.match(
        text,
        /AWS Price List, 2026-11-01/,
        `no part says it is priced from the price list: "${text}"`,
      );
      await page
        .getByText(/assumed in streaming\.pricing\.assumptions\[0\]/)
        .first()
        .waitFor();
      await page
        .getByText(/Actual cost from Cost Explorer, last 14 days/)
        .first()
        .waitFor({ timeout: 60_000 });
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'serverless-cost.png'),
      });
    });
  },
  { needs: [BROWSER_TEST] },
);

const FIRST_VIEW_TEST =
  'browser: a first view of every demo Streaming tab, scrolled to the end, draws its charts without a 429';
runner.test(
  FIRST_VIEW_TEST,
  async () => {
    const { page } = browserSession;
    await withFailureReport(page, async () => {
      await page.setViewportSize({ width: 1400, height: 1000 });
      for (const name of STREAMING_ENTITIES) {
        // A first view starts with the user's full allowance (the bucket refills
        // one request a second): wait out what the pages before used.
        const recent = chartRequestTimes.filter(t => t > Date.now() - 60_000);
        if (recent.length > 0) {
          await new Promise(resolve =>
            setTimeout(resolve, Math.min(60, recent.length) * 1000),
          );
        }
        const before = chartRequestTimes.length;
        rateLimitedChartRequests.length = 0;
        await page.goto(
          `${BACKEND}/catalog/default/component/${name}/streaming`,
          {
            waitUntil: 'domcontentloaded',
          },
        );
        const figures = page.getByRole('figure');
        await figures.first().waitFor({ timeout: 60_000 });
        // The first view: only the charts in (or near) view ask for data.
        await page
          .waitForLoadState('networkidle', { timeout: 30_000 })
          .catch(() => {});
        await page.waitForTimeout(1000);
        const firstView = chartRequestTimes.length - before;
        // Lazy loading still loads what the reader sees: every chart in view asked.
        const inViewAtFirst = await figures.evaluateAll(
          elements =>
            elements.filter(element => {
              const box = element.getBoundingClientRect();
              return box.bottom > 0 && box.top < window.innerHeight;
            }).length,
        );
        assert.ok(
          firstView >= inViewAtFirst,
          `${inViewAtFirst} charts are in view on ${name}'s first view but only ${firstView} asked for data`,
        );
        assert.deepEqual(
          rateLimitedChartRequests,
          [],
          `the first view of ${name}'s Streaming tab got 429 for chart requests`,
        );
        // Then read down the page, a screenful at a time, until every chart is drawn.
        for (const figure of await figures.all()) {
          const inView = await figure.evaluate(element => {
            const box = element.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
          });
          if (inView) continue;
          await figure.scrollIntoViewIfNeeded();
          await page.waitForTimeout(READING_PAUSE_MS);
        }
        await waitFor(
          `every chart on ${name}'s Streaming tab to finish loading`,
          async () => (await page.getByLabel(/^Loading /).count()) === 0,
          { timeoutMs: 90_000, intervalMs: 1000, service: backend },
        );
        const requested = chartRequestTimes.length - before;
        console.log(
          `    ${name}: ${await figures.count()} charts, ${inViewAtFirst} in view and ${firstView} requested on the first view, ${requested} after reading to the end`,
        );
        assert.ok(requested > 0, `${name}'s Streaming tab asked for no chart`);
        assert.deepEqual(
          rateLimitedChartRequests,
          [],
          `reading ${name}'s Streaming tab got 429 for chart requests`,
        );
      }
    });
  },
  { needs: [TAB_TEST] },
);

/** The first cell's text of each body row of a table. */
async function firstCells(table) {
  return table
    .locator('tbody tr')
    .evaluateAll(rows =>
      rows.map(row => row.querySelector('td')?.innerText.split('\n')[0] ?? ''),
    );
}

/** A list keeps its rows while the next view loads: wait until that is done. */
async function nextViewLoaded(page) {
  await page
    .getByLabel('Loading the next view')
    .waitFor({ state: 'detached', timeout: 30_000 });
}

const ESTATE_TEST =
  'browser: the estate page opens from the sidebar, lists orders-standard with its owner, sorts by cost and keeps a filter in the URL';
runner.test(
  ESTATE_TEST,
  async () => {
    const { page } = browserSession;
    await withFailureReport(page, async () => {
      await page.setViewportSize({ width: 1400, height: 1200 });
      await page.goto(`${BACKEND}/catalog`, { waitUntil: 'domcontentloaded' });
      await page.getByRole('link', { name: 'Streaming', exact: true }).click();
      await page.waitForURL(/\/streaming(\?|$)/, { timeout: 30_000 });
      const clusters = page.getByRole('table', { name: 'clusters' });
      await clusters.waitFor({ timeout: 60_000 });
      const row = clusters.locator('tr', { hasText: CLUSTER });
      await row.waitFor({ timeout: 30_000 });
      assert.match(
        await row.innerText(),
        /team-orders/,
        `${CLUSTER} is listed without its owner team-orders`,
      );
      await page.getByRole('group', { name: 'Monthly cost' }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'estate.png') });

      // Sorting by monthly cost, largest first then smallest, changes the first row.
      const header = page.getByRole('button', { name: 'Monthly cost' });
      await header.click();
      await page.waitForURL(
        /orderBy=monthlyUsd%3Adesc|orderBy=monthlyUsd:desc/,
      );
      await page.waitForLoadState('networkidle');
      await nextViewLoaded(page);
      const largestFirst = (await firstCells(clusters))[0];
      await header.click();
      await page.waitForURL(/orderBy=monthlyUsd%3Aasc|orderBy=monthlyUsd:asc/);
      await page.waitForLoadState('networkidle');
      await nextViewLoaded(page);
      const smallestFirst = (await firstCells(clusters))[0];
      assert.notEqual(
        largestFirst,
        smallestFirst,
        `sorting by monthly cost left ${largestFirst} first both ways`,
      );

      // A filter goes into the URL, and the URL alone brings the view back.
      const owner = page.getByLabel('Owner', { exact: true });
      await owner.fill('group:default/team-orders');
      await owner.press('Enter');
      await page.waitForURL(/owner=group%3Adefault%2Fteam-orders/);
      const filteredUrl = page.url();
      await page.goto(`${BACKEND}/catalog`, { waitUntil: 'domcontentloaded' });
      await page.goto(filteredUrl, { waitUntil: 'domcontentloaded' });
      await clusters.locator('tr', { hasText: CLUSTER }).waitFor({
        timeout: 60_000,
      });
      assert.equal(
        await page.getByLabel('Owner', { exact: true }).inputValue(),
        'group:default/team-orders',
        'the owner filter was not restored from the URL',
      );
      // Every row left is team-orders' (the owner column is the second).
      const owners = await clusters
        .locator('tbody tr')
        .evaluateAll(rows =>
          rows.map(row => row.querySelectorAll('td')[1]?.innerText.trim()),
        );
      assert.ok(owners.length > 0, 'the team-orders filter left no cluster');
      for (const owner of owners) {
        assert.equal(
          owner,
          'team-orders',
          `a cluster of ${owner} is listed under the team-orders filter`,
        );
      }
    });
  },
  { needs: [BROWSER_TEST] },
);

runner.test(
  'browser: the chargeback tab shows one row per owner',
  async () => {
    const { page } = browserSession;
    await withFailureReport(page, async () => {
      await page.setViewportSize({ width: 1400, height: 1200 });
      await page.goto(`${BACKEND}/streaming?tab=chargeback`, {
        waitUntil: 'domcontentloaded',
      });
      const table = page.getByRole('table', { name: 'Chargeback' });
      await table.waitFor({ timeout: 60_000 });
      const keys = (await firstCells(table)).filter(
        key => key !== 'Unowned' && key !== 'Platform overhead',
      );
      assert.ok(keys.includes('team-orders'), `no team-orders row: ${keys}`);
      assert.equal(
        new Set(keys).size,
        keys.length,
        `an owner has more than one row: ${keys}`,
      );
      assert.ok(keys.length >= 2, `expected several owners, got ${keys}`);
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'estate-chargeback.png'),
      });
    });
  },
  { needs: [ESTATE_TEST] },
);

runner.test(
  'browser: the team-orders group page shows the Streaming card',
  async () => {
    const { page } = browserSession;
    await withFailureReport(page, async () => {
      await page.setViewportSize({ width: 1400, height: 1200 });
      await page.goto(`${BACKEND}/catalog/default/group/team-orders`, {
        waitUntil: 'domcontentloaded',
      });
      const link = page.getByRole('link', {
        name: 'Open in the streaming estate',
      });
      await link.waitFor({ timeout: 60_000 });
      const card = page
        .locator('.MuiCard-root', { hasText: 'Open in the streaming estate' })
        .first();
      const text = await card.innerText();
      assert.match(text, /\d+ clusters/, `the card shows no counts: "${text}"`);
      assert.match(
        await link.getAttribute('href'),
        /\/streaming\?owner=group%3Adefault%2Fteam-orders/,
        'the card does not link to the estate filtered by team-orders',
      );
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: path.join(SCREENSHOTS, 'group-card.png') });
    });
  },
  { needs: [BROWSER_TEST] },
);

// A topic and a component name no earlier run used (the sandbox keeps what it created until it stops).
const RUN_ID = Date.now().toString(36);
const NEW_TOPIC = `e2e.payments.${RUN_ID}`;
const NEW_COMPONENT = `e2e-topic-${RUN_ID}`;
const SCAFFOLDER_TEST = `browser: the Kafka topic template shows the price and partition budget, creates ${NEW_TOPIC} in the sandbox, and it shows on ${NEW_COMPONENT}'s Streaming tab`;
runner.test(
  SCAFFOLDER_TEST,
  async () => {
    const { page } = browserSession;
    const token = await guestToken();
    await withFailureReport(page, async () => {
      await page.setViewportSize({ width: 1400, height: 1400 });
      await page.goto(`${BACKEND}/`, { waitUntil: 'domcontentloaded' });
      // The sidebar's "Create" entry opens the scaffolder.
      await page
        .getByRole('link', { name: 'Create' })
        .first()
        .click({ timeout: 60_000 });
      await page.waitForURL('**/create**');
      // The catalog reads the template files on its own schedule: reload until the card is there.
      // The one template card (it has a single Choose button) titled "New Kafka topic".
      const card = page
        .locator('.MuiCard-root')
        .filter({ hasText: 'New Kafka topic' })
        .filter({ has: page.getByTestId('template-card-actions--create') })
        .filter({ hasNotText: 'New MSK cluster' })
        .filter({ hasNotText: 'New Flink application' })
        .first();
      await waitFor(
        'the "New Kafka topic" template card on /create',
        async () => {
          if (await card.isVisible()) return true;
          await page.reload({ waitUntil: 'domcontentloaded' });
          await page.waitForTimeout(3000);
          return card.isVisible();
        },
        { timeoutMs: 3 * 60_000, intervalMs: 2000, service: backend },
      );
      await card.getByRole('button', { name: /Choose/i }).click();

      // The cluster picker lists the clusters with the topic APIs, with their budget.
      const picker = page.getByRole('button', { name: /Cluster/ }).first();
      await picker.waitFor({ timeout: 60_000 });
      await waitFor(
        'the cluster picker to load its clusters',
        async () => (await picker.getAttribute('aria-disabled')) !== 'true',
        { timeoutMs: 60_000, intervalMs: 1000, service: backend },
      );
      await picker.click();
      const option = page.getByRole('option', { name: new RegExp(CLUSTER) });
      const optionText = await option.first().innerText();
      assert.match(
        optionText,
        /standard, us-east-1, 111111111111\): [\d,]+ of [\d,]+ partition replicas free/,
        `the picker does not show type, region and budget: "${optionText}"`,
      );
      await option.first().click();
      await page.getByLabel(/Topic name/).fill(NEW_TOPIC);
      await page.getByLabel(/Partitions/).fill('12');
      await page.getByLabel(/^Component/).fill(NEW_COMPONENT);
      const owner = page.getByLabel(/^Owner/);
      await owner.fill('group:default/team-orders');
      // Tab, not Enter: Enter would submit the step and leave the form before the estimate is read.
      await owner.press('Tab').catch(() => {});

      // The live estimate: the topic's own price and the budget left after it.
      const estimate = page.getByTestId('streaming-cost-estimate');
      await estimate
        .getByText(
          /Partition budget left on orders-standard after this topic: [\d,]+ replicas/,
        )
        .waitFor({ timeout: 60_000 });
      await estimate.getByText(/\$[\d,.]+\/month/).waitFor({ timeout: 60_000 });
      const estimateText = await estimate.innerText();
      assert.match(
        estimateText,
        /no charge of its own/,
        `the estimate does not explain a topic's price: "${estimateText}"`,
      );
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'scaffolder-topic-form.png'),
      });

      await page.getByRole('button', { name: /^(Review|Next)$/ }).click();
      await page.getByRole('button', { name: /^Create$/ }).click();
      // The task page shows its output links only once every step has succeeded.
      await page
        .getByRole('link', { name: /Open the component/ })
        .waitFor({ timeout: 3 * 60_000 });
    });

    // The next inventory refresh reads the new topic from the sandbox. Ask for one now;
    // without streaming.refresh (or right after another) the 5-minute schedule does it.
    const entityApi = `/api/streaming/v1/entity/default/component/${NEW_COMPONENT}`;
    await waitFor(
      `${NEW_TOPIC} in GET ${entityApi}`,
      async () => {
        await fetchWithTimeout(`${BACKEND}/api/streaming/v1/refresh`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
        }).catch(() => {});
        const { status, body } = await getJson(entityApi, {
          Authorization: `Bearer ${token}`,
        });
        if (status !== 200)
          throw new Error(
            `HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`,
          );
        const topic = body.topics?.find(t => t.name === NEW_TOPIC);
        if (!topic)
          throw new Error(
            `not yet; problems: ${JSON.stringify(body.problems).slice(0, 300)}`,
          );
        assert.equal(
          topic.partitionCount,
          12,
          'the topic has the wrong partitions',
        );
        return topic;
      },
      { timeoutMs: 8 * 60_000, intervalMs: 10_000, service: backend },
    );

    await withFailureReport(page, async () => {
      await page.goto(
        `${BACKEND}/catalog/default/component/${NEW_COMPONENT}/streaming`,
        { waitUntil: 'domcontentloaded' },
      );
      await page
        .getByText(NEW_TOPIC, { exact: true })
        .first()
        .waitFor({ timeout: 60_000 });
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'scaffolder-topic-streaming-tab.png'),
      });
    });
  },
  { needs: [BROWSER_TEST, INVENTORY_TEST] },
);

runner.test(
  "the demo's .data/ folder was left alone",
  async () => {
    assert.equal(
      snapshotTree(DEMO_DATA),
      demoDataBefore,
      'files under .data/ changed while the end-to-end test ran',
    );
  },
  { needs: [BACKEND_TEST] },
);

function writeReport(results, note) {
  const passed = results.filter(result => result.passed).length;
  const failed = runner.count - passed;
  mkdirSync(path.dirname(options.report), { recursive: true });
  writeFileSync(
    options.report,
    `${JSON.stringify({ passed, failed, note, tests: results }, null, 2)}\n`,
  );
  return { passed, failed };
}

function copyDocScreenshots(dir) {
  const target = path.resolve(ROOT, dir);
  mkdirSync(target, { recursive: true });
  for (const [from, to] of Object.entries(DOC_SCREENSHOTS)) {
    const source = path.join(SCREENSHOTS, from);
    if (!existsSync(source))
      throw new Error(`screenshot ${from} was not taken`);
    copyFileSync(source, path.join(target, to));
    console.log(`copied ${path.relative(ROOT, path.join(target, to))}`);
  }
}

process.on('exit', killAllServicesNow);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.log(`\n${signal}: stopping the backend and the sandbox`);
    await stopAllServices();
    process.exit(130);
  });
}
const overallTimer = setTimeout(async () => {
  console.log(
    `end-to-end test took longer than ${
      OVERALL_TIMEOUT_MS / 60_000
    } min: giving up`,
  );
  writeReport(runner.results, 'overall time-out');
  await stopAllServices();
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

let exitCode = 1;
try {
  const results = await runner.run();
  const { passed, failed } = writeReport(results, null);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  exitCode = failed === 0 ? 0 : 1;
  if (options['docs-screenshots']) {
    if (failed > 0) {
      console.log('docs screenshots not copied: the end-to-end test failed');
    } else {
      try {
        copyDocScreenshots(options['docs-screenshots']);
      } catch (error) {
        console.log(`docs screenshots not copied: ${error.message}`);
        exitCode = 1;
      }
    }
  }
} finally {
  await browserSession?.context.close().catch(() => {});
  await stopAllServices();
  clearTimeout(overallTimer);
}
process.exit(exitCode);
