// Browser smoke test of a running Ferry: sign in, list workflows and runs, open the demo's last run.
//
//   node e2e/smoke.mjs http://127.0.0.1:8000 [screenshot dir]
//
// Exits non-zero at the first step that fails, naming it. Expects the demo data (seed_demo).
import { expect, launchChromium, newPage, readArguments, screenshot, step } from './harness.mjs';

const STEP_TIMEOUT_MS = 15000;

const {
  urls: [baseUrl],
  outDir,
} = readArguments({
  usage: 'node e2e/smoke.mjs <ferry url> [screenshot dir]',
  defaultOutDir: 'test-results/browser',
  urlFromEnv: true,
});

const problems = [];

const browser = await launchChromium();

let failed = false;
try {
  const page = await newPage(browser, { timeoutMs: STEP_TIMEOUT_MS, problems });
  const shot = (name) => screenshot(page, outDir, name, { fullPage: true });

  await step('an anonymous visit lands on the login page', async () => {
    await page.goto(`${baseUrl}/workflows`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username').waitFor();
    await shot('01-login');
  });

  await step('a wrong password is refused with a clear message', async () => {
    await page.getByLabel('Username').fill('demo');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(/wrong/i.test(text), `the alert says "${text}"`);
    await shot('02-login-wrong-password');
  });

  await step('demo/demo signs in and sees the workflows', async () => {
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/workflows/);
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    await page.getByTestId('workflow-row').first().waitFor();
    expect((await page.getByTestId('current-user').innerText()) === 'demo', 'the top bar names the user');
    await shot('03-workflows');
  });

  await step('the runs list shows runs', async () => {
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.waitForURL(/\/runs/);
    await page.getByTestId('run-row').first().waitFor();
    await shot('04-runs');
  });

  await step("the demo workflow's last run opens with its steps", async () => {
    await page.getByRole('link', { name: 'Workflows', exact: true }).click();
    const lastRun = page.getByTestId('last-run-link').first();
    await lastRun.waitFor();
    await lastRun.click();
    await page.waitForURL(/\/runs\/[^/?]+/);
    await page.getByRole('list', { name: 'Steps' }).waitFor();
    const steps = await page.getByTestId('step').count();
    expect(steps > 0, 'the run has no steps on screen');
    await shot('05-run');
  });

  await step('a step shows its inputs and outputs as a tree and as raw JSON', async () => {
    const steps = page.getByTestId('step');
    await steps.nth((await steps.count()) - 1).click();
    const detail = page.getByTestId('step-detail');
    const inputs = detail.getByRole('region', { name: 'Inputs' });
    const outputs = detail.getByRole('region', { name: 'Outputs' });
    await inputs.waitFor();
    await outputs.waitFor();
    expect((await outputs.locator('.json-tree').count()) === 1, 'the outputs have no JSON tree');
    await shot('06-step');
    await outputs.getByRole('button', { name: 'Raw JSON' }).click();
    const raw = await outputs.locator('pre').innerText();
    JSON.parse(raw);
    await shot('07-step-raw');
  });

  await step('logging out returns to the login page', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
  });

  await step('the page reported no script errors', async () => {
    expect(problems.length === 0, problems.join('; '));
  });
} catch {
  // step() has printed which one failed and why.
  failed = true;
} finally {
  await browser.close();
}

console.log(`screenshots in ${outDir}`);
process.exit(failed ? 1 : 0);
