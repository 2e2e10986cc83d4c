// The install test's browser check: in headless Chromium, guest sign-in, then
// the Streaming card on an annotated entity and the estate page.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

/**
 * Checks the app at baseUrl; `entityPath` is an annotated entity's page and
 * `clusterName` a cluster its card must list. Screenshots go to screenshotDir.
 */
export async function checkInBrowser({
  baseUrl,
  entityPath,
  clusterName,
  screenshotDir,
  profileDir,
}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  try {
    await page.goto(`${baseUrl}/`, { waitUntil: 'domcontentloaded' });
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.click();
    await enter.waitFor({ state: 'detached' });

    await page.goto(`${baseUrl}${entityPath}`, {
      waitUntil: 'domcontentloaded',
    });
    const card = page
      .locator('.MuiCard-root, [class*="Card"]', { hasText: 'Streaming' })
      .filter({ hasText: clusterName })
      .first();
    await card.waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'install-test-entity.png'),
    });

    await page.goto(`${baseUrl}/streaming`, { waitUntil: 'domcontentloaded' });
    await page.getByText(clusterName, { exact: true }).first().waitFor();
    await page.screenshot({
      path: path.join(screenshotDir, 'install-test-estate.png'),
    });
  } catch (error) {
    await page
      .screenshot({
        path: path.join(screenshotDir, 'install-test-failure.png'),
      })
      .catch(() => {});
    const text = await page
      .locator('body')
      .innerText({ timeout: 5000 })
      .catch(() => '');
    throw new Error(
      `${error.message}\nat ${page.url()}; the page said:\n${text.slice(
        0,
        1200,
      )}`,
    );
  } finally {
    await context.close();
  }
}
