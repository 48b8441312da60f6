// What every browser journey script shares: its arguments, named steps, Chromium, a watched page and signing in.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

let failureShot = null;

/**
 * The script's URL arguments (argv[2], argv[3], …, trailing slash trimmed) and, after them, its screenshot
 * directory, created. With `urlFromEnv`, FERRY_URL stands in for the first URL. Exits 2 with the usage line
 * when a URL is missing.
 */
export function readArguments({ usage, urlCount = 1, defaultOutDir, urlFromEnv = false }) {
  const urls = [];
  for (let i = 0; i < urlCount; i += 1) {
    const fallback = i === 0 && urlFromEnv ? process.env.FERRY_URL : undefined;
    urls.push((process.argv[2 + i] ?? fallback ?? '').replace(/\/$/, ''));
  }
  if (urls.some((url) => !url)) {
    console.error(`Usage: ${usage}`);
    process.exit(2);
  }
  const outDir = path.resolve(process.argv[2 + urlCount] ?? defaultOutDir);
  mkdirSync(outDir, { recursive: true });
  return { urls, outDir };
}

/** Runs one named step, logging "ok" with its time or "FAIL" with the reason; a failure is rethrown. */
export async function step(name, action) {
  const started = Date.now();
  try {
    await action();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    console.error(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    await failureShot?.();
    throw error;
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** After a failed step, also save what the page showed, as failure.png, to look at beside the log. */
export function screenshotFailuresOf(page, outDir, { fullPage = false } = {}) {
  failureShot = () => screenshot(page, outDir, 'failure', { fullPage }).catch(() => undefined);
}

/** Headless Chromium (CHROMIUM_PATH, else the system one), kept off the network except for Ferry. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * A page in a fresh context whose script errors are added to `problems`. `grant` gives the context
 * permissions on one origin before the page opens.
 */
export async function newPage(browser, { viewport = { width: 1280, height: 800 }, timeoutMs, problems, grant = null }) {
  const context = await browser.newContext({ viewport });
  if (grant) await context.grantPermissions(grant.permissions, { origin: grant.origin });
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx answer as a failed resource; the expected ones are checked by the steps,
    // so only script errors count here.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  return page;
}

/** Signs in on the login page and waits until the browser has left it (or reached `landing`). */
export async function signIn(
  page,
  baseUrl,
  { username = 'demo', password = 'demo', landing = (url) => !url.pathname.startsWith('/login') } = {},
) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(landing);
}

export function screenshot(page, outDir, name, { fullPage = false } = {}) {
  return page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage });
}
