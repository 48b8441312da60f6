// The designer's canvas tools in a real browser against a running Ferry: refused connections with a
// reason, copy/paste through the clipboard, undo, server problems on the nodes, version diff, a save
// conflict that overwrites nothing, and a 200-node workflow.
//
//   node e2e/designer-canvas.mjs <ferry url> [screenshot dir]
//
// Exits non-zero at the first step that fails, naming it. Expects the demo user (seed_demo) and a
// second user, FERRY_OTHER_USER / FERRY_OTHER_PASSWORD, who saves in between.
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
  usage: 'node e2e/designer-canvas.mjs <ferry url> [screenshot dir]',
  defaultOutDir: 'test-results/designer-canvas',
});
const otherUser = process.env.FERRY_OTHER_USER ?? 'grace';
const otherPassword = process.env.FERRY_OTHER_PASSWORD ?? '';

const problems = [];

const DOCUMENT = {
  schemaVersion: 1,
  nodes: [
    { id: 'hook', type: 'core.trigger.webhook', typeVersion: 1, name: 'Order', config: {}, position: { x: 0, y: 0 } },
    {
      id: 'map',
      type: 'core.jsonata.map',
      typeVersion: 1,
      name: 'Map',
      config: { expression: 'order' },
      position: { x: 260, y: 0 },
    },
    { id: 'set', type: 'core.set', typeVersion: 1, name: 'Set', config: { fields: [] }, position: { x: 520, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'hook', target: 'map' },
    { id: 'e2', source: 'map', target: 'set' },
  ],
};

function bigDocument(count) {
  const nodes = [{ id: 'start', type: 'core.trigger.manual', typeVersion: 1, config: {}, position: { x: 0, y: 0 } }];
  const edges = [];
  for (let i = 1; i < count; i += 1) {
    nodes.push({
      id: `m${i}`,
      type: 'core.jsonata.map',
      typeVersion: 1,
      config: { expression: '$' },
      position: { x: 0, y: 0 },
    });
    // A binary tree, so the layout has width as well as depth.
    const parent = i === 1 ? 'start' : `m${Math.floor(i / 2)}`;
    edges.push({ id: `e${i}`, source: parent, target: `m${i}` });
  }
  return { schemaVersion: 1, nodes, edges };
}

const browser = await launchChromium();

let failed = false;
try {
  const page = await newPage(browser, {
    timeoutMs: 20000,
    problems,
    grant: { permissions: ['clipboard-read', 'clipboard-write'], origin: baseUrl },
  });
  const context = page.context();
  screenshotFailuresOf(page, outDir);
  const shot = (name) => screenshot(page, outDir, name);
  const node = (id) => page.getByTestId(`node-${id}`);
  const api = async (method, url, data) => {
    const csrf = (await context.cookies()).find((c) => c.name === 'csrftoken')?.value ?? '';
    const response = await page.request.fetch(`${baseUrl}${url}`, {
      method,
      data,
      headers: { 'X-CSRFToken': csrf, Referer: baseUrl },
    });
    return { status: response.status(), body: await response.json().catch(() => null) };
  };
  let workflowId = '';

  await step('sign in and open a saved workflow in the designer', async () => {
    await signIn(page, baseUrl, { landing: /\/workflows/ });
    const created = await api('POST', '/api/v1/workflows/', {
      name: `Canvas tools ${Date.now().toString(36)}`,
      document: DOCUMENT,
    });
    expect(created.status === 201, `the workflow was created (${created.status} ${JSON.stringify(created.body)})`);
    workflowId = created.body.id;
    await page.goto(`${baseUrl}/workflows/${workflowId}/design`);
    await node('set').waitFor();
    await shot('01-opened');
  });

  await step('a connection that would make a loop is refused with the reason', async () => {
    const from = page.locator('.react-flow__node[data-id="set"] .react-flow__handle.source[data-handleid="main"]');
    const to = page.locator('.react-flow__node[data-id="map"] .react-flow__handle.target');
    await from.dragTo(to);
    const hint = page.getByTestId('connection-hint');
    await hint.waitFor();
    expect((await hint.innerText()).includes('loop'), 'the hint names the loop');
    expect((await page.locator('.react-flow__edge').count()) === 2, 'no edge was added');
    await shot('02-refused');
  });

  await step('copy and paste a node through the clipboard, then undo it', async () => {
    await node('map').click();
    await page.getByTestId('node-panel').waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await node('map').click();
    await page.keyboard.press('Control+C');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.includes('"ferryClipboard": 1'), 'the clipboard holds the copied JSON');
    await page.keyboard.press('Control+V');
    await node('map_2').waitFor();
    await page.keyboard.press('Control+Z');
    await node('map_2').waitFor({ state: 'detached' });
  });

  await step('export the workflow as a file and import it back', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    const file = path.join(outDir, download.suggestedFilename());
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf-8'));
    expect(
      exported.ferryWorkflow === 1 && exported.document.nodes.length === 3,
      'the file is the CLI format with the nodes',
    );
    await page.getByRole('button', { name: 'Close panel' }).click();
    await node('set').click();
    await page.getByRole('button', { name: 'Close panel' }).click();
    await page.keyboard.press('Delete');
    await node('set').waitFor({ state: 'detached' });
    await page.getByTestId('import-file').setInputFiles(file);
    await page
      .getByTestId('designer-banner')
      .getByText(/Imported/)
      .waitFor();
    await node('set').waitFor();
  });

  await step('saving a node without its required config puts the server’s problems on it', async () => {
    await page.getByLabel('Search nodes').fill('http request');
    await page.getByTestId('palette-core.http.request').click();
    await page.getByLabel('Search nodes').fill('');
    await node('request').waitFor();
    await page.getByTestId('save').click();
    await page
      .getByTestId('designer-banner')
      .getByText(/Not saved: \d+ problem/)
      .waitFor();
    await page.getByTestId('node-problems-request').waitFor();
    await page.getByTestId('field-url').getByRole('alert').waitFor();
    await shot('03-problems');
  });

  await step('a valid save makes version 2, and Versions shows what changed', async () => {
    await page.getByRole('button', { name: 'Close panel' }).click();
    await node('request').click();
    await page.keyboard.press('Delete');
    await node('request').waitFor({ state: 'detached' });
    await node('map').click();
    const editor = page.getByTestId('jsonata-expression');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('order.reference');
    await page.getByTestId('save').click();
    await page.getByTestId('designer-banner').getByText('Saved as version 2.').waitFor();
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByTestId('versions-panel').getByRole('button', { name: /v2/ }).click();
    const diff = await page.getByTestId('version-diff').innerText();
    expect(diff.includes('config.expression'), `the diff names the changed config, got: ${diff}`);
    await page.getByTestId('versions-panel').getByRole('button', { name: /v1/ }).first().click();
    await page.getByRole('button', { name: 'v1 → canvas' }).click();
    const marked = await node('map').getAttribute('class');
    expect(marked.includes('fnode--diff-changed'), `the changed node is marked on the canvas (${marked})`);
    await shot('04-versions');
  });

  await step('someone else’s save is a conflict that overwrites nothing', async () => {
    // A colleague, in their own browser, saves on top of version 2.
    const colleague = await browser.newContext();
    const login = await colleague.request.post(`${baseUrl}/api/v1/auth/token`, {
      data: { username: otherUser, password: otherPassword },
    });
    expect(login.ok(), `the colleague signs in (${login.status()})`);
    const { token } = await login.json();
    const other = await colleague.request.post(`${baseUrl}/api/v1/workflows/${workflowId}/versions/`, {
      data: { document: DOCUMENT, baseVersion: 2, message: 'from elsewhere' },
      headers: { Authorization: `Token ${token}` },
    });
    expect(other.status() === 201, `the colleague's save went in (${other.status()})`);
    await colleague.close();
    await page.getByRole('button', { name: 'Close versions' }).click();
    await node('set').click();
    await page.getByTestId('node-panel').getByLabel('Name').fill('Set fields');
    await page.getByTestId('save').click();
    await page.getByTestId('conflict').waitFor();
    const latest = await api('GET', `/api/v1/workflows/${workflowId}/`);
    expect(latest.body.latestVersion === 3, 'nothing was saved over their version');
    expect((await page.getByTestId('unsaved').count()) === 1, 'our changes are still on the canvas');
    await shot('05-conflict');
  });

  await step('a 200-node workflow opens, lays out and stays usable', async () => {
    const created = await api('POST', '/api/v1/workflows/', {
      name: `Large ${Date.now().toString(36)}`,
      document: bigDocument(200),
    });
    expect(
      created.status === 201,
      `the large workflow was created (${created.status} ${JSON.stringify(created.body)?.slice(0, 300)})`,
    );
    page.once('dialog', (dialog) => void dialog.accept());
    await page.goto(`${baseUrl}/workflows/${created.body.id}/design`);
    await page.getByTestId('designer').waitFor();
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.getByRole('button', { name: 'Fit to view' }).click();
    await page.waitForTimeout(400);
    const shown = await page.locator('.react-flow__node').count();
    expect(shown > 0, 'nodes are drawn');
    await page.getByLabel('Search nodes').fill('switch');
    await page.getByTestId('palette-core.switch').click();
    // Off-screen nodes are not drawn at all (onlyRenderVisibleElements); the panel shows the new one.
    await page.getByTestId('node-panel').getByText('Switch v1').waitFor();
    await shot('06-large');
  });

  expect(problems.length === 0, `the page reported errors:\n${problems.join('\n')}`);
} catch {
  failed = true;
  if (problems.length) console.error(problems.join('\n'));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
