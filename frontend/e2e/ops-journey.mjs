// An operator's journey through the operations console of a running Ferry:
// failure spike on the dashboard → error console → fix one run's data and retry it → ask for the
// missing Infor item → retry the rest of the group → the alert's incident page shows it resolved.
//
//   node e2e/ops-journey.mjs http://127.0.0.1:8000 [screenshot dir]
//
// Driven by tests/browser/test_ops_journey.py, which sets up the workflow, the failed orders and
// the alert rule. Prints "CREATE_ITEM <itno>" and waits for a line on stdin once the item exists.
// Exits non-zero at the first step that fails, naming it.
import readline from 'node:readline';
import {
  expect,
  launchChromium,
  newPage,
  readArguments,
  screenshot,
  screenshotFailuresOf,
  signIn,
  step,
} from './harness.mjs';

const {
  urls: [baseUrl],
  outDir,
} = readArguments({
  usage: 'node e2e/ops-journey.mjs <ferry url> [screenshot dir]',
  defaultOutDir: 'test-results/browser/ops',
  urlFromEnv: true,
});
const STEP_TIMEOUT_MS = 20000;
const KNOWN_ITEM = 'SKU-00001';
const MISSING_ITEM = 'SKU-99999';

const input = readline.createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();
const problems = [];

const browser = await launchChromium();

let failed = false;
try {
  const page = await newPage(browser, { timeoutMs: STEP_TIMEOUT_MS, problems });
  // What the screen showed when a step failed, to look at beside the log.
  screenshotFailuresOf(page, outDir, { fullPage: true });
  const shot = (name) => screenshot(page, outDir, name, { fullPage: true });

  await step('the operator signs in and lands on the dashboard', async () => {
    await signIn(page, baseUrl);
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  await step('the dashboard shows the failure spike', async () => {
    const dead = page.getByTestId('tile-Dead letters');
    await dead.waitFor();
    await page.getByTestId('tile-Dead letters').locator('.tile__value', { hasText: /^3$/ }).waitFor();
    const failedBars = await page.locator('.chart__bar--danger').count();
    expect(failedBars > 0, 'no failure bar is drawn');
    const failedRuns = await page.getByTestId('tile-Failed').innerText();
    expect(/\b3\b/.test(failedRuns), `the failed tile says "${failedRuns}"`);
    const row = page.getByTestId('workflow-stats').filter({ hasText: 'Orders into Infor' });
    const text = await row.innerText();
    expect(text.includes('40.0%'), `the workflow's row says "${text}"`);
    await shot('01-dashboard-spike');
  });

  await step('the dead-letter tile opens the error console with the group', async () => {
    await page.getByTestId('tile-Dead letters').click();
    await page.waitForURL(/\/errors/);
    const group = page.getByTestId('dead-letter-group');
    await group.first().waitFor();
    expect((await group.count()) === 1, 'the three rejections are not one group');
    const text = await group.first().innerText();
    expect(text.includes(MISSING_ITEM), `the group does not name the item: ${text}`);
    expect(/^3\s*runs/m.test(text.trim()), `the group does not count 3 runs: ${text}`);
    await shot('02-error-console');
  });

  await step('inspecting the group shows a sample with its input and audit trail', async () => {
    await page.getByRole('button', { name: 'Inspect' }).click();
    const editor = page.getByLabel('Failing step input');
    await editor.waitFor();
    await page.getByTestId('audit').getByText('Parked').first().waitFor();
    const value = await editor.inputValue();
    expect(value.includes(MISSING_ITEM), 'the input does not hold the unknown item');
    await shot('03-sample');
  });

  await step('the operator fixes the item of one run and retries it', async () => {
    const editor = page.getByLabel('Failing step input');
    const value = await editor.inputValue();
    await editor.fill(value.replace(MISSING_ITEM, KNOWN_ITEM));
    await page.getByRole('button', { name: 'Retry with this input' }).click();
    const dialog = page.getByRole('dialog');
    const message = await dialog.getByTestId('confirm-message').innerText();
    expect(message.includes('1 run'), `the confirmation says "${message}"`);
    await dialog.getByLabel(/Reason/).fill('wrong SKU on the order');
    await shot('04-confirm-one');
    await dialog.getByRole('button', { name: 'Retry 1 run' }).click();
    await page.getByTestId('notice').waitFor();
    await page
      .getByTestId('dead-letter-group')
      .locator('.group__count', { hasText: /^2\s*runs$/ })
      .waitFor();
    await shot('05-one-retried');
  });

  await step('the missing item is created in the Infor sandbox', async () => {
    console.log(`CREATE_ITEM ${MISSING_ITEM}`);
    const answer = await lines.next();
    expect(!answer.done && answer.value.trim() === 'created', 'the test did not create the item');
  });

  await step('retry all asks for a confirmation of 2 runs and empties the console', async () => {
    await page.getByRole('button', { name: 'Retry all' }).click();
    const dialog = page.getByRole('dialog');
    const message = await dialog.getByTestId('confirm-message').innerText();
    expect(message.includes('all 2 runs'), `the confirmation says "${message}"`);
    await dialog.getByLabel(/Reason/).fill(`${MISSING_ITEM} now exists in M3`);
    await shot('06-confirm-all');
    await dialog.getByRole('button', { name: 'Retry 2 runs' }).click();
    await page.getByTestId('notice').filter({ hasText: '2 runs sent back to the queue.' }).waitFor();
    await page.getByText('Nothing is parked').waitFor({ timeout: 30000 });
  });

  await step("the alert's incident page shows it resolved, with a link to the runs", async () => {
    await page.goto(`${baseUrl}/alerts`);
    const row = page.getByTestId('incident-row').first();
    await row.waitFor();
    await row.getByRole('link').click();
    await page.waitForURL(/\/alerts\/[0-9a-f-]+$/);
    await page.getByTestId('incident-summary').waitFor();
    const deadline = Date.now() + 45000;
    while (!(await page.getByTestId('incident-state').innerText()).includes('Resolved')) {
      expect(Date.now() < deadline, 'the incident did not resolve within 45 s');
      await page.waitForTimeout(1500);
      await page.reload();
      await page.getByTestId('incident-state').waitFor();
    }
    await page.getByTestId('affected-runs').waitFor();
    await shot('07-incident-resolved');
  });

  await step('the runs the alert counted open from the incident', async () => {
    await page.getByTestId('affected-runs').click();
    await page.waitForURL(/\/runs\?/);
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await shot('08-affected-runs');
  });

  await step('the dashboard is back to no dead letters', async () => {
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByTestId('tile-Dead letters').locator('.tile__value', { hasText: /^0$/ }).waitFor();
    await page.getByTestId('workflow-stats').first().waitFor();
    await shot('09-dashboard-after');
  });

  await step('a retried run shows its graph and can be replayed as a dry run', async () => {
    await page.goto(`${baseUrl}/runs?search=WEB-BAD-1`);
    await page.getByTestId('run-row').first().click();
    await page.getByTestId('run-graph').waitFor();
    await page.getByTestId('graph-node').first().waitFor();
    await page.getByRole('button', { name: 'Replay…' }).click();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByTestId('dry-run-result').waitFor();
    await shot('10-run-replay-dry');
  });

  await step('the other screens open without errors', async () => {
    for (const [link, heading] of [
      ['Connections', 'Connections'],
      ['Bindings', 'Bindings'],
      ['Alerts', 'Alerts'],
    ]) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading }).waitFor();
      await page.locator('.state--loading').waitFor({ state: 'detached' });
      await shot(`11-${link.toLowerCase()}`);
    }
  });

  await step('the alert rules, the rule form and the channels show what was set up', async () => {
    await page.getByRole('button', { name: 'Rules', exact: true }).click();
    await page.getByTestId('rule-row').filter({ hasText: 'Orders failing' }).waitFor();
    await shot('12-alert-rules');
    await page.getByRole('button', { name: 'Edit' }).first().click();
    await page.getByRole('form', { name: 'Alert rule' }).waitFor();
    await shot('13-alert-rule-form');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Channels', exact: true }).click();
    const channel = page.getByTestId('channel-row').filter({ hasText: 'Operations mailbox' });
    await channel.waitFor();
    await channel.getByRole('button', { name: 'Send test' }).click();
    await channel.getByTestId('test-result').waitFor();
    const result = await channel.getByTestId('test-result').innerText();
    expect(result.includes('went to'), `the test send says "${result}"`);
    await shot('14-alert-channels');
  });

  await step('the pages reported no script errors', async () => {
    expect(problems.length === 0, problems.join('; '));
  });
} catch {
  failed = true;
} finally {
  input.close();
  await browser.close();
}
process.exit(failed ? 1 : 0);
