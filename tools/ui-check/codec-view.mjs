// Opens a run's history in the real Temporal UI (Debian's headless Chromium) with the UI's codec
// endpoint set, the way a person sets it under "Data Encoder", and reports what the page shows.
//   node codec-view.mjs UI_URL WORKFLOW_ID RUN_ID CODEC_ENDPOINT TOKEN|- EXPECT [ABSENT]
// With a token every request carries "Authorization: Bearer TOKEN" (a proxy or extension would add it).
// Exit 0 once the page shows EXPECT (and then does not show ABSENT); 1 with the page's text otherwise.
import { chromium } from 'playwright-core';

const [ui, workflowId, runId, codec, token, expect, absent] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const codecCalls = [];
try {
  const context = await browser.newContext(
    token === '-' ? {} : { extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  await context.addInitScript((endpoint) => {
    localStorage.setItem('endpoint', JSON.stringify(endpoint));
    localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
    localStorage.setItem('passAccessToken', 'false');
    localStorage.setItem('includeCredentials', 'false');
  }, codec);
  const page = await context.newPage();
  page.on('response', (r) => {
    if (r.url().startsWith(codec)) codecCalls.push(`${r.request().method()} ${r.url().split("?")[0]} ${r.status()}`);
  });
  const url = `${ui}/namespaces/default/workflows/${encodeURIComponent(workflowId)}/${runId}/history`;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  try {
    // The page's rendered text, not one element: the UI may render a message more than once.
    await page.waitForFunction((t) => document.body.innerText.includes(t), expect, {
      timeout: 60000,
      polling: 250,
    });
    console.log(`shown: ${expect}`);
    console.log(`codec calls: ${codecCalls.join('; ')}`);
    if (absent && (await page.content()).includes(absent)) {
      console.log(`shown although it must not be: ${absent}`);
      process.exitCode = 1;
    }
  } catch (e) {
    console.log(`not shown within 60 s: ${expect}`);
    console.log(`codec calls: ${codecCalls.join('; ')}`);
    console.log((await page.innerText('body')).slice(0, 4000));
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
