// The real-browser test: an admin logs in, creates an assessment and three invitations; three
// respondents answer in separate browser contexts (one on a phone-sized screen), one of them
// leaving and coming back, and answer DORA's Quick Check on the last page; the assessor sees
// the scores and downloads the report.
//
// Started by crates/maturity-web/tests/browser.rs, which runs the server and passes:
//   BASE_URL, ADMIN_NAME, ADMIN_PASSWORD, ARTIFACTS (a folder for screenshots and results),
//   CHROMIUM (the browser binary, default /usr/bin/chromium).
// It writes ARTIFACTS/results.json for the Rust side to compare with the CLI.

import { chromium } from 'playwright-core';
import { writeFileSync, mkdirSync } from 'node:fs';
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

// A payload that would show a dialog if any page ran it.
const XSS = `<img src=x onerror="alert('xss')"><script>alert('xss')</script>`;
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const watch = (page, who) => {
  page.on('dialog', async (d) => { failures.push(`${who}: a script ran (${d.message()})`); await d.dismiss(); });
  page.on('pageerror', (e) => failures.push(`${who}: page error ${e.message}`));
};
const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

try {
  // The assessor.
  const assessorContext = await browser.newContext({ acceptDownloads: true });
  const page = await assessorContext.newPage();
  watch(page, 'assessor');
  await page.goto(`${base}/assessments`);
  check(page.url().includes('/login'), 'an anonymous visitor is sent to the log-in page');
  await page.fill('input[name=name]', admin);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL('**/assessments'), page.click('button[type=submit]')]);
  await shot(page, '01-assessments');

  await page.click('text=New assessment');
  await page.fill('input[name=subject]', `Browser team ${XSS}`);
  await page.fill('input[name=date]', '2026-10-14');
  await page.selectOption('select[name=benchmark]', 'heavy-industry');
  await Promise.all([page.waitForURL(/\/assessments\/\d+$/), page.click('main form button[type=submit]')]);
  const assessmentUrl = page.url();
  const id = Number(assessmentUrl.split('/').pop());
  await shot(page, '02-new-assessment');

  const respondents = [
    { name: 'dev-anna', role: 'developer', levels: ['3', '2', '2', '3'], leadtime: '4' },
    { name: `tester ${XSS}`, role: 'tester', levels: ['4', '3', '1', '2'], leadtime: '3' },
    { name: 'ops-on-phone', role: 'operations', levels: ['1', 'dk', '2', '2'], leadtime: '5' },
  ];
  for (const r of respondents) {
    await page.goto(assessmentUrl);
    await page.fill('input[name=name]', r.name);
    await page.fill('input[name=role]', r.role);
    await page.click('text=Create survey link');
    r.link = (await page.textContent('#secret')).trim();
    check(r.link.includes('/survey/'), `a survey link for ${r.name}`);
  }
  await shot(page, '03-invitation');

  // The respondents, each in a browser context of their own.
  for (const [i, r] of respondents.entries()) {
    const phone = i === 2;
    const context = await browser.newContext(phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : {});
    let p = await context.newPage();
    watch(p, r.name);
    await p.goto(r.link);
    const radios = await p.$$('fieldset.criterion');
    check(radios.length >= 3, `${r.name}: the first page shows its questions`);
    for (const [k, level] of r.levels.entries()) {
      const fieldset = radios[k];
      if (!fieldset) break;
      await fieldset.$(`input[type=radio][value="${level}"]`).then((e) => e.check());
    }
    await radios[0].$('textarea').then((t) => t.fill(`comment from ${r.name}: ${XSS}`));
    if (phone) {
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      check(width <= 390, `the survey fits a phone screen (scroll width ${width})`);
      await shot(p, '04-survey-phone');
    }
    await Promise.all([p.waitForURL(/saved=1/), p.click('button[value=next]')]);
    // Close the tab, open the link again: the answers are still there.
    await p.close();
    p = await context.newPage();
    watch(p, r.name);
    await p.goto(r.link);
    const kept = await p.$eval(`fieldset.criterion input[type=radio][value="${r.levels[0]}"]`, (e) => e.checked);
    check(kept, `${r.name}: answers survive a closed tab`);
    // The last page is DORA's Quick Check: answer two questions, then finish.
    // The page list at the top is buttons of the page's form: following one saves first.
    const pages = await p.$$eval('nav.pages button', (bs) => bs.map((b) => b.value));
    const quickCheck = `${r.link}?page=${pages[pages.length - 1]}`;
    await Promise.all([p.waitForURL(/saved=1/), p.click(`nav.pages button[value="${pages[pages.length - 1]}"]`)]);
    check((await p.textContent('main h2')).includes('DORA Quick Check'), `${r.name}: the last page is the Quick Check`);
    await p.check(`#dora-leadtime input[type=radio][value="${r.leadtime}"]`);
    await p.check('#dora-changefailure input[type=radio][value="20"]');
    if (phone) {
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      check(width <= 390, `the Quick Check fits a phone screen (scroll width ${width})`);
      await shot(p, '05-quick-check-phone');
    }
    await Promise.all([p.waitForURL(/finished=1/), p.click('button[value=done]')]);
    // Back on the page, the answers are saved and shown.
    await p.goto(quickCheck);
    const shown = await p.$eval(`#dora-leadtime input[value="${r.leadtime}"]`, (e) => e.checked)
      && await p.$eval('#dora-changefailure input[value="20"]', (e) => e.checked);
    check(shown, `${r.name}: the Quick Check answers are saved and shown`);
    if (i === 0) await shot(p, '05-survey-done');
    await context.close();
  }

  // The assessor's live results.
  await page.goto(assessmentUrl);
  await shot(page, '06-results');
  const scores = await page.$$eval('tr.model-score', (rows) => Object.fromEntries(
    rows.map((r) => [r.dataset.model, r.querySelector('td.score').textContent.trim()])));
  const answered = await page.$$eval('tr.respondent td.num', (cells) => cells.map((c) => c.textContent.trim()));
  check(answered.length === 3, 'three respondents are listed');
  const html = await page.content();
  check(!html.includes('<img src=x'), 'names and comments are escaped');

  // Downloads.
  const download = async (ext) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`a[href$="/report.${ext}"]`)]);
    const path = join(artifacts, `report.${ext}`);
    await d.saveAs(path);
    return path;
  };
  const reportJson = await download('json');
  const reportHtml = await download('html');
  // The HTML report, opened in the browser, runs no script either.
  const reportPage = await assessorContext.newPage();
  watch(reportPage, 'report');
  await reportPage.goto(`file://${reportHtml}`);
  await shot(reportPage, '07-report');

  writeFileSync(join(artifacts, 'results.json'), JSON.stringify({ id, scores, reportJson, failures }, null, 2));
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`browser test failures:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('browser test: all checks passed');
