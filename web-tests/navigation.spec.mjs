// No lost answers (issue 15 point 1): a respondent, in a browser with JavaScript off, chooses
// an answer and leaves the page by each way out — a page of the list at the top, "Save and
// continue", "Save and go back", "Save and finish" — then comes back through the link and finds
// the answer still chosen. Started by crates/maturity-web/tests/browser.rs, which runs the
// server, passes BASE_URL, ADMIN_NAME, ADMIN_PASSWORD, ARTIFACTS and CHROMIUM, and then checks
// the store holds what the browser showed.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const artifacts = process.env.ARTIFACTS;
const admin = process.env.ADMIN_NAME;
const password = process.env.ADMIN_PASSWORD;
if (!base || !artifacts || !admin || !password) {
  console.error('BASE_URL, ARTIFACTS, ADMIN_NAME and ADMIN_PASSWORD are required');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const watch = (page, who) => page.on('pageerror', (e) => failures.push(`${who}: page error ${e.message}`));
const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

try {
  const assessorContext = await browser.newContext();
  const page = await assessorContext.newPage();
  watch(page, 'assessor');
  await page.goto(`${base}/login`);
  await page.fill('input[name=name]', admin);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL('**/assessments'), page.click('button[type=submit]')]);
  await page.goto(`${base}/assessments/new`);
  await page.fill('input[name=subject]', 'Navigation team');
  await Promise.all([page.waitForURL(/\/assessments\/\d+$/), page.click('main form button[type=submit]')]);
  const assessmentUrl = page.url();
  await page.fill('input[name=name]', 'nav-nina');
  await page.fill('input[name=role]', 'developer');
  await page.click('text=Create survey link');
  const link = (await page.textContent('#secret')).trim();

  // The respondent, with no JavaScript at all: every way out is a plain form submission.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const p = await context.newPage();
  watch(p, 'respondent');
  const open = async (n) => { await p.goto(`${link}?page=${n}`); };
  // Waits for the page a click leads to (`page=n` in the address), whatever the address was.
  const leave = async (n, selector) => {
    await Promise.all([
      p.waitForURL((url) => url.searchParams.get('page') === String(n) && url.searchParams.has('saved')
        || url.searchParams.has('finished')),
      p.click(selector),
    ]);
  };
  const chosen = (fieldset, value) => p.$eval(`fieldset.criterion:nth-of-type(${fieldset}) input[type=radio][value="${value}"]`, (e) => e.checked);
  const choose = (fieldset, value) => p.check(`fieldset.criterion:nth-of-type(${fieldset}) input[type=radio][value="${value}"]`);

  await open(0);
  const pageCount = await p.$$eval('nav.pages button', (bs) => bs.length);
  check(pageCount >= 3, `the page list offers every page as a button (${pageCount})`);
  const last = pageCount - 1;

  // 1. A page of the list at the top.
  await choose(1, '2');
  await leave(2, 'nav.pages button[value="2"]');
  check((await p.textContent('main h2')).length > 0, 'the list leads to page 3');
  await open(0);
  check(await chosen(1, '2'), 'an answer survives leaving by the page list');
  await shot(p, '01-after-page-list');

  // 2. Save and continue.
  await choose(1, '3');
  await leave(1, 'button[value=next]');
  await open(0);
  check(await chosen(1, '3'), 'an answer survives "Save and continue"');

  // 3. Save and go back, with "don't know".
  await open(1);
  await choose(1, 'dk');
  await leave(0, 'button[value=prev]');
  await open(1);
  check(await chosen(1, 'dk'), '"don\'t know" survives "Save and go back"');

  // 4. Save and finish, on the last page (DORA's Quick Check).
  await open(last);
  await p.check('#dora-leadtime input[type=radio][value="4"]');
  await leave(last, 'button[value=done]');
  check(new URL(p.url()).searchParams.has('finished'), 'finishing says so');
  await open(last);
  check(await p.$eval('#dora-leadtime input[value="4"]', (e) => e.checked), 'an answer survives "Save and finish"');

  // 5. The page list from the last page back to the first.
  await p.check('#dora-leadtime input[type=radio][value="5"]');
  await leave(0, 'nav.pages button[value="0"]');
  await open(last);
  check(await p.$eval('#dora-leadtime input[value="5"]', (e) => e.checked), 'an answer survives the page list from the last page');
  await p.check('#dora-leadtime input[type=radio][value="4"]');
  await leave(last, 'button[value=stay]:not(.default-submit)');
  await open(0);
  await shot(p, '02-first-page');
  await context.close();
  await page.goto(assessmentUrl);
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`navigation test failures:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('navigation test: all checks passed');
