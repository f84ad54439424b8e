// Starts a workflow from the real Temporal UI's "Start Workflow" form (headless Chromium), its input
// encoded through the codec endpoint, as a person with a token would.
//   node start-workflow.mjs UI_URL CODEC_ENDPOINT TOKEN WORKFLOW_ID TASK_QUEUE WORKFLOW_TYPE INPUT_JSON
// Prints "started: <runId>" once Temporal accepted the start; exit 1 with the form's state otherwise.
import { chromium } from 'playwright-core';

const [ui, codec, token, workflowId, taskQueue, type, input] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const codecCalls = [];
let page;
try {
  const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  await context.addInitScript((endpoint) => {
    localStorage.setItem('endpoint', JSON.stringify(endpoint));
    localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
  }, codec);
  page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300)); });
  page.on('requestfailed', (r) => consoleErrors.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  globalThis.consoleErrors = consoleErrors;
  page.on('response', (r) => {
    if (r.url().startsWith(codec)) codecCalls.push(`${r.request().method()} ${r.url().split('?')[0]} ${r.status()}`);
  });
  await page.goto(`${ui}/namespaces/default/workflows/start-workflow`, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.getByLabel('Workflow ID', { exact: false }).first().fill(workflowId, { timeout: 30000 });
  await page.getByLabel('Task Queue', { exact: false }).first().fill(taskQueue);
  await page.getByLabel('Workflow Type', { exact: false }).first().fill(type);
  const editor = page.locator('.cm-content').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(input);
  await page.getByLabel('Workflow Type', { exact: false }).first().press('Tab');
  // The form posts the start to the UI server, which answers with the new run's id.
  const started = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('/api/v1/namespaces/default/workflows/'),
    { timeout: 60000 });
  await page.getByRole('button', { name: 'Start Workflow', exact: true }).click();
  const answer = await started;
  const runId = answer.ok() ? (await answer.json()).runId : undefined;
  if (!runId) throw new Error(`the UI server answered ${answer.status()}: ${(await answer.text()).slice(0, 300)}`);
  console.log(`started: ${runId}`);
  console.log(`codec calls: ${codecCalls.join('; ')}`);
} catch (e) {
  console.log(`not started: ${e.message.split('\n')[0]}`);
  console.log(`codec calls: ${codecCalls.join('; ')}`);
  if (page) {
    const form = await page.evaluate(() => ({
      inputs: [...document.querySelectorAll('input')].map((i) => `${i.id || i.name}=${i.value}`),
      buttons: [...document.querySelectorAll('button')].map((b) => `${b.innerText.trim()}${b.disabled ? ' (disabled)' : ''} [${b.type}]`),
    }));
    console.log(JSON.stringify(form));
    console.log('console errors: ' + globalThis.consoleErrors.join(' | '));
    const text = await page.innerText('body');
    console.log(text.slice(text.indexOf('Workflow Type')));
  }
  process.exitCode = 1;
} finally {
  await browser.close();
}
