/**
 * The example page in a real browser: headless Chromium (Debian's `chromium` package, at
 * /usr/bin/chromium) driven by playwright-core. The page is built with Vite, served by Vite's
 * preview server and pointed at a local Flagsmith test server.
 *
 * Locally: `apt-get install chromium`, then `npm test` (or `npx vitest run --project
 * web-experiment`). Without /usr/bin/chromium the test is skipped, saying so.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServer } from '@flagsmith-openfeature/testing';
import { experimentEnvironment, startTestServer } from '@flagsmith-openfeature/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRoot, webExperimentConfig } from '../src/vite-config';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `Skipping the browser test: ${CHROMIUM} is missing. Install Debian's chromium package (apt-get install chromium) to run it.`,
  );
}

/** Where the screenshot is saved, a test artifact (test-results/ is gitignored). */
const ARTIFACTS = join(exampleRoot, 'test-results');

describe.skipIf(!hasChromium)('the web experiment page in Chromium', () => {
  let server: TestServer;
  let site: PreviewServer;
  let siteUrl: string;
  let browser: BrowserContext;
  let workDir: string;

  beforeAll(async () => {
    server = await startTestServer({ environment: experimentEnvironment });
    workDir = await mkdtemp(join(tmpdir(), 'web-experiment-'));
    const config = webExperimentConfig({
      environmentKey: server.clientKey,
      apiUrl: server.apiUrl,
      eventsApiUrl: server.eventsApiUrl,
    });
    const outDir = join(workDir, 'dist');
    await build({ ...config, build: { outDir, emptyOutDir: true } });
    site = await preview({
      ...config,
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0 },
    });
    siteUrl = site.resolvedUrls?.local[0] ?? '';
    browser = await chromium.launchPersistentContext(join(workDir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  /** Opens the page as `user` and waits until its flags are shown. */
  async function open(user: string): Promise<Page> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${siteUrl}?user=${encodeURIComponent(user)}`);
    await page.getByTestId('status').filter({ hasText: 'READY' }).waitFor();
    expect(problems).toEqual([]);
    return page;
  }

  it('shows the variant, and delivers the exposure and the purchase when the page is left', async () => {
    server.reset();
    const page = await open('qa_forced_green');
    await expect.poll(() => page.getByTestId('variant').textContent()).toBe('green');

    await page.getByTestId('buy').click();
    await expect.poll(() => page.getByTestId('thanks').textContent()).toContain('recorded');
    // Nothing has been sent yet: the processor flushes every 10 s, or when the page goes.
    expect(server.events).toEqual([]);

    await page.goto('about:blank');
    const events = await server.waitForEvents(2, { timeoutMs: 10_000 });
    expect(events).toEqual([
      expect.objectContaining({
        event: '$flag_exposure',
        feature_name: 'checkout_button',
        identifier: 'qa_forced_green',
        value: 'green',
      }),
      expect.objectContaining({
        event: 'purchase',
        feature_name: null,
        identifier: 'qa_forced_green',
        value: 99.5,
        metadata: expect.objectContaining({ currency: 'EUR' }),
      }),
    ]);
    await page.close();
  });

  it("switches to another user and shows that user's flags", async () => {
    const page = await open('qa_forced_green');
    await page.getByTestId('user').selectOption('vip_customer_7');
    await expect
      .poll(() => page.getByTestId('banner').textContent())
      .toBe('Hello again! Your VIP discount is waiting');
    const served = await identityFlag('vip_customer_7', 'checkout_button');
    await expect.poll(() => page.getByTestId('variant').textContent()).toBe(served);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('READY');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-experiment.png'), fullPage: true });
    await page.close();
  });

  /** What the test server serves an identity for a flag, asked the way the provider asks. */
  async function identityFlag(identifier: string, feature: string): Promise<unknown> {
    const response = await fetch(`${server.apiUrl}identities/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-environment-key': server.clientKey },
      body: JSON.stringify({ identifier, traits: [] }),
    });
    const body = (await response.json()) as {
      flags: { feature: { name: string }; feature_state_value: unknown }[];
    };
    return body.flags.find((flag) => flag.feature.name === feature)?.feature_state_value;
  }
});
