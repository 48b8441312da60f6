// Browser journey of the guided tour: an order placed in the sandbox shop, followed to Infor and back,
// then its timeline.
//
//   node e2e/tour-journey.mjs http://127.0.0.1:8000 [screenshot dir]
//
// Expects seed_demo's templates connected to running sandboxes (the test points them at its own).
import { expect, launchChromium, newPage, readArguments, screenshot, signIn, step } from './harness.mjs';

const {
  urls: [baseUrl],
  outDir,
} = readArguments({
  usage: 'node e2e/tour-journey.mjs <ferry url> [screenshot dir]',
  defaultOutDir: 'test-results/browser',
  urlFromEnv: true,
});
// Generous: the two cores are shared with other test suites while the order travels.
const STEP_TIMEOUT_MS = 60000;

const problems = [];

const browser = await launchChromium();

let failed = false;
try {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 }, timeoutMs: STEP_TIMEOUT_MS, problems });
  const shot = (name, fullPage = true) => screenshot(page, outDir, name, { fullPage });
  let reference = '';
  let orderNumber = '';

  await step('signs in and opens the tour from the sidebar', async () => {
    await signIn(page, baseUrl);
    await page.getByRole('link', { name: 'Take the tour' }).click();
    await page.getByRole('heading', { name: 'Take the tour' }).waitFor();
    await shot('tour-01-start');
  });

  await step('places an order in the sandbox shop and sees it arrive, mapped and created in Infor', async () => {
    await page.getByRole('button', { name: 'Place an order' }).click();
    reference = (await page.getByTestId('tour-reference').innerText()).trim();
    expect(/^[A-Z]{9}$/.test(reference), `unexpected shop reference ${reference}`);
    orderNumber = (await page.getByTestId('tour-order-number').innerText()).trim();
    expect(/^\d{10}$/.test(orderNumber), `unexpected M3 order number ${orderNumber}`);
    const mapped = await page.getByTestId('tour-mapped').innerText();
    expect(mapped.includes(reference), 'the mapping output does not carry the shop reference');
    await shot('tour-02-in-infor');
  });

  await step('ships it on the sandbox clock and sees the tracking number in the shop', async () => {
    await page.getByRole('button', { name: 'Ship in Infor' }).click();
    const tracking = (await page.getByTestId('tour-tracking').innerText()).trim();
    expect(/^JD\d+$/.test(tracking), `unexpected tracking number ${tracking}`);
    await shot('tour-03-tracking');
  });

  await step("opens the order's timeline with both runs and the binding", async () => {
    await page.getByRole('link', { name: "Open the order's timeline" }).click();
    await page.waitForURL(/\/timeline\?key=/);
    await page.getByText(`shop ${reference}`, { exact: false }).first().waitFor();
    await page.getByRole('link', { name: 'Order to cash' }).first().waitFor();
    await page.getByRole('link', { name: 'Status back' }).first().waitFor();
    const entries = await page.locator('.timeline__entry').count();
    expect(entries > 10, `only ${entries} timeline entries`);
    await shot('tour-04-timeline', false);
  });

  await step('finds the same timeline from the M3 order number on the runs page', async () => {
    await page.goto(`${baseUrl}/runs?search=${orderNumber}`);
    await page.getByRole('link', { name: 'Open timeline' }).click();
    await page.waitForURL(new RegExp(`/timeline\\?key=${orderNumber}`));
    await page.getByRole('link', { name: 'Status back' }).first().waitFor();
    await shot('tour-05-timeline-by-order-number', false);
  });

  await step('shows the customer as the shop and Infor hold them', async () => {
    await page.goto(`${baseUrl}/customers/7`);
    await page.getByText('Shop customer 7', { exact: false }).waitFor();
    await page.getByRole('link', { name: orderNumber }).waitFor();
    await shot('tour-06-customer');
  });

  await step('reconciles today with the order in both systems', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(`${baseUrl}/reconciliation?from=${today}&to=${today}`);
    await page.getByRole('button', { name: 'Export CSV' }).or(page.getByText('Export CSV')).first().waitFor();
    await shot('tour-07-reconciliation');
  });

  expect(problems.length === 0, `script errors on the way:\n${problems.join('\n')}`);
} catch {
  failed = true;
  if (problems.length) console.error(problems.join('\n'));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
