// A new user's journey in the designer, in a real browser against a running Ferry and Infor sandbox:
// sign in, build webhook → JSONata map → HTTP request to the Infor sandbox, configure it, test it on a
// sample order, save, deploy, send a real webhook and watch the run arrive.
//
//   node e2e/designer-journey.mjs <ferry url> <infor sandbox url> [screenshot dir]
//
// Exits non-zero at the first step that fails, naming it. Expects the demo user (seed_demo).
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
  urls: [baseUrl, inforUrl],
  outDir,
} = readArguments({
  usage: 'node e2e/designer-journey.mjs <ferry url> <infor sandbox url> [screenshot dir]',
  urlCount: 2,
  defaultOutDir: 'test-results/designer',
});
const STEP_TIMEOUT_MS = 20000;

const problems = [];

/** An ION API access token from the sandbox's authorization server (client credentials). */
async function inforToken() {
  const response = await fetch(`${inforUrl}/FERRY_TST/as/token.oauth2`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=FERRY_TST~sandbox-client&client_secret=sandbox-client-secret',
  });
  expect(response.ok, `the sandbox refused a token (${response.status})`);
  return (await response.json()).access_token;
}

const browser = await launchChromium();

let failed = false;
try {
  const page = await newPage(browser, { timeoutMs: STEP_TIMEOUT_MS, problems });
  screenshotFailuresOf(page, outDir);
  const shot = (name) => screenshot(page, outDir, name);
  const node = (id) => page.getByTestId(`node-${id}`);
  const panel = page.getByTestId('node-panel');
  let workflowId = '';

  await step('sign in as the demo user', async () => {
    await signIn(page, baseUrl, { landing: /\/workflows/ });
  });

  await step('create a workflow from scratch', async () => {
    await page.getByTestId('new-workflow').click();
    await page.getByLabel('Name').fill('Shop orders to M3');
    await page.getByLabel('Description').fill('Looks up the ordered item in M3 for every new shop order.');
    await shot('01-new-workflow');
    await page.getByRole('button', { name: 'Create and open the designer' }).click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]+\/design/);
    workflowId = page.url().split('/workflows/')[1].split('/')[0];
    await page.getByText('An empty workflow').waitFor();
    await shot('02-empty-designer');
  });

  await step('drag a webhook trigger from the palette onto the canvas', async () => {
    await page.getByLabel('Search nodes').fill('webhook');
    await page.getByTestId('palette-core.trigger.webhook').dragTo(page.locator('.react-flow__pane'), {
      targetPosition: { x: 160, y: 200 },
    });
    await node('webhook').waitFor();
    await page.getByLabel('Search nodes').fill('');
  });

  await step('click to add a JSONata map after it, joined to it', async () => {
    await node('webhook').click();
    await page.getByTestId('palette-core.jsonata.map').click();
    await node('map').waitFor();
    await page.getByTestId('rf__edge-e_webhook_map').waitFor({ state: 'attached' });
  });

  await step('configure the map with the expression editor and its live preview', async () => {
    await panel.getByText('JSONata Map v1').waitFor();
    const editor = page.getByTestId('jsonata-expression');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(
      "{ 'item': order.lines[0].sku, 'quantity': order.lines[0].quantity, 'reference': order.reference ",
    );
    await page.keyboard.press('End');
    await page.keyboard.type('}');
    const preview = page.getByTestId('preview-expression');
    await preview.waitFor();
    const text = await preview.innerText();
    expect(
      text.includes('SKU-00001') && text.includes('XKBKNABJK'),
      `the preview shows the mapped sample, got: ${text}`,
    );
    await shot('03-map-configured');
  });

  await step('a syntax error is shown with its position', async () => {
    await page.getByTestId('jsonata-expression').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' +');
    const error = page.getByTestId('preview-error-expression');
    await error.waitFor();
    expect(/character \d+/.test(await error.innerText()), 'the error names its position');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.getByTestId('preview-expression').waitFor();
  });

  await step('add an HTTP request to the Infor sandbox and configure it', async () => {
    await node('map').click();
    await page.getByLabel('Search nodes').fill('http');
    await page.getByTestId('palette-core.http.request').click();
    await page.getByLabel('Search nodes').fill('');
    await node('request').waitFor();
    await panel.getByText('HTTP Request v1').waitFor();
    const url = page.getByTestId('jsonata-url');
    await url.click();
    await page.keyboard.type(`'${inforUrl}/FERRY_TST/M3/m3api-rest/v2/execute/MMS200MI/Get'`);
    const query = page.getByTestId('jsonata-query');
    await query.click();
    await page.keyboard.type("{ 'ITNO': item ");
    await page.keyboard.press('End');
    await page.keyboard.type('}');
    await page.getByRole('button', { name: '+ New connection' }).click();
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Type').selectOption({ label: 'HTTP Bearer Token' });
    // Named per run, so the journey can be repeated against the same Ferry.
    await form.getByLabel('Name').fill(`Infor sandbox ${Date.now().toString(36)}`);
    await form.getByLabel('Token').fill(await inforToken());
    await form.getByRole('button', { name: 'Create connection' }).click();
    await form.waitFor({ state: 'detached' });
    const picked = await panel.getByLabel('Connection').locator('option:checked').innerText();
    expect(picked.startsWith('Infor sandbox'), `the new connection is picked, got ${picked}`);
    await shot('04-http-configured');
  });

  await step('tidy the canvas with auto-layout', async () => {
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('button', { name: 'Fit to view' }).click();
    await page.waitForTimeout(300);
  });

  await step('test it on a sample order: every node turns green with its data', async () => {
    await page.getByTestId('open-test').click();
    await page.getByTestId('test-payload').waitFor();
    await page.getByTestId('run-test').click();
    await page.getByTestId('test-result').waitFor();
    for (const id of ['webhook', 'map', 'request']) {
      const status = await node(id).getAttribute('data-status');
      expect(status === 'succeeded', `${id} finished as ${status}`);
    }
    await shot('05-tested');
    await node('request').click();
    await panel.getByRole('tab', { name: /Data/ }).click();
    await panel.getByText('Output', { exact: true }).first().waitFor();
    const data = await panel.innerText();
    expect(
      data.includes('MMS200MI') || data.includes('ITNO') || data.includes('SKU-00001'),
      'the request shows M3 data',
    );
    await shot('06-node-data');
  });

  await step('save a version and deploy it', async () => {
    await page.getByTestId('save').click();
    await page.getByTestId('designer-banner').getByText('Saved as version 1.').waitFor();
    await page.getByTestId('deploy').click();
    await page.getByTestId('designer-banner').getByText('Version 1 is deployed').waitFor();
    await shot('07-deployed');
  });

  await step('send a real webhook and watch the run arrive', async () => {
    await page.getByTestId('open-test').click();
    await page.getByTestId('live-runs').waitFor();
    const workflow = await (await page.request.get(`${baseUrl}/api/v1/workflows/${workflowId}/`)).json();
    const hook = new URL(workflow.hookUrl, baseUrl).toString();
    const answer = await fetch(hook, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ order: { id: 2001, reference: 'WEBHOOK01', lines: [{ sku: 'SKU-00002', quantity: 1 }] } }),
    });
    expect(answer.status === 202, `the hook answered ${answer.status}`);
    const { runId } = await answer.json();
    const row = page.getByTestId('live-runs').locator('li', { hasText: runId.slice(0, 8) });
    await row.waitFor();
    await row.getByText('succeeded').waitFor({ timeout: 30000 });
    await shot('08-run-arrived');
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/runs/${runId}`));
    await page.getByTestId('step-detail').waitFor();
    await shot('09-run-page');
  });

  expect(problems.length === 0, `the page reported errors:\n${problems.join('\n')}`);
} catch {
  failed = true;
  if (problems.length) console.error(problems.join('\n'));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
