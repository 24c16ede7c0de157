// Phone-first (issue 15 point 2), on a 390×844 screen: no survey page and no assessor page is
// wider than the screen; the survey's progress ("3 of 21 answered") stays in sight at the foot
// of a page, counts "don't know" as an answer, and after "Save and finish" the confirmation
// is on the screen, not thousands of pixels below. The respondent has JavaScript off. The
// admin's group forms work at that width.
// Started by crates/maturity-web/tests/browser.rs with BASE_URL, ADMIN_NAME, ADMIN_PASSWORD,
// ARTIFACTS and CHROMIUM.

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

const WIDTH = 390;
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const phone = { viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
const fits = async (page, what) => {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= WIDTH, `${what} fits a ${WIDTH} px screen (scroll width ${width})`);
};
// Whether the element is on the screen as it is now scrolled.
const inSight = (page, selector) => page.$eval(selector, (e) => {
  const r = e.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
});

try {
  const assessor = await (await browser.newContext({ ...phone, acceptDownloads: true })).newPage();
  await assessor.goto(`${base}/login`);
  await fits(assessor, 'the log-in page');
  await assessor.fill('input[name=name]', admin);
  await assessor.fill('input[name=password]', password);
  await Promise.all([assessor.waitForURL('**/assessments'), assessor.click('main button[type=submit]')]);
  const ids = [];
  for (const subject of ['Phone team', 'Phone team']) {
    await assessor.goto(`${base}/assessments/new`);
    await assessor.fill('input[name=subject]', subject);
    await assessor.selectOption('select[name=benchmark]', 'heavy-industry');
    await Promise.all([assessor.waitForURL(/\/assessments\/\d+$/), assessor.click('main form button[type=submit]')]);
    ids.push(Number(assessor.url().split('/').pop()));
  }
  const [id, other] = ids;
  await assessor.fill('input[name=name]', 'a respondent with a rather long pseudonym-without-any-spaces-at-all');
  await assessor.fill('input[name=role]', 'developer');
  await assessor.click('text=Create survey link');
  await fits(assessor, 'the survey link page');
  const link = (await assessor.textContent('#secret')).trim();

  // The respondent, on the phone, without JavaScript.
  const p = await (await browser.newContext({ ...phone, javaScriptEnabled: false })).newPage();
  await p.goto(link);
  const total = await p.$$eval('nav.pages button', (bs) => bs.length);
  const progress = async () => (await p.textContent('#progress strong')).trim();
  const before = await progress();
  check(/^0 of \d+$/.test(before), `progress before any answer (${before})`);
  await p.check('fieldset.criterion:nth-of-type(1) input[value="dk"]');
  await p.check('fieldset.criterion:nth-of-type(2) input[value="3"]');
  await Promise.all([p.waitForURL(/saved=1/), p.click('button[value=stay]:not(.default-submit)')]);
  const after = await progress();
  check(after.startsWith('2 of '), `"don't know" counts as answered (${after})`);
  check((await p.textContent('nav.pages button[value="0"]')).includes('2/'), 'the page list counts "don\'t know"');
  check(await p.$eval('fieldset.criterion:nth-of-type(1) input[value="dk"]', (e) => e.checked), '"don\'t know" shows chosen');
  for (let n = 0; n < total; n += 1) {
    await p.goto(`${link}?page=${n}`);
    await fits(p, `survey page ${n + 1}`);
    await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    check(await inSight(p, '#progress'), `survey page ${n + 1}: the progress is in sight at the foot of the page`);
    if (n === 0) await shot(p, '01-survey-first-page');
  }
  // The last page: finish from the foot of it.
  await p.goto(`${link}?page=${total - 1}`);
  await p.check('#dora-leadtime input[value="4"]');
  await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await Promise.all([p.waitForURL(/finished=1/), p.click('button[value=done]')]);
  check(await inSight(p, '#finished'), 'the confirmation of "Save and finish" is on the screen');
  check((await p.textContent('#finished')).includes('3 of'), 'the confirmation says how many are answered');
  await shot(p, '02-survey-finished');

  // Every assessor page.
  const pages = [
    ['/assessments', 'the list'],
    ['/assessments/new', 'the new assessment form'],
    ['/assessments/import', 'the import form'],
    [`/assessments/${id}`, 'an assessment with answers'],
    [`/assessments/${id}/history`, 'the history'],
    [`/assessments/compare?from=${other}&to=${id}`, 'the comparison'],
    ['/portfolio', 'the portfolio'],
    ['/admin', 'users and tokens'],
    [`/assessments/${other}/delete`, 'the delete confirmation'],
  ];
  for (const [path, what] of pages) {
    await assessor.goto(`${base}${path}`);
    await fits(assessor, what);
  }
  await assessor.goto(`${base}/assessments/${id}`);
  await shot(assessor, '03-assessment');

  // The admin's group forms, used on the phone: add a group, put the subject in it, and the
  // portfolio shows it and filters by it.
  await assessor.goto(`${base}/admin`);
  await assessor.fill('#add-group input[name=name]', 'Phone products');
  await Promise.all([assessor.waitForURL(/\/admin/), assessor.click('#add-group button[type=submit]')]);
  await fits(assessor, 'the admin page with a group');
  check((await assessor.textContent('#group-list')).includes('Phone products'), 'the new group is listed');
  await assessor.fill('#subject-groups input[name=subject]', 'Phone team');
  await assessor.check('#subject-groups input[name=group][value="Phone products"]');
  await Promise.all([assessor.waitForURL(/\/admin/), assessor.click('#subject-groups button[type=submit]')]);
  await fits(assessor, 'the admin page with a grouped subject');
  check((await assessor.textContent('#group-list')).includes('Phone team'), 'the subject shows in its group');
  await shot(assessor, '04-admin-groups');
  await assessor.goto(`${base}/portfolio?group=${encodeURIComponent('Phone products')}`);
  await fits(assessor, 'the portfolio of a group');
  check((await assessor.textContent('#portfolio')).includes('Phone products'), 'the portfolio shows the group');
  check((await assessor.textContent('#portfolio')).includes('Phone team'), 'the group filter keeps its subject');
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`phone test failures:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('phone test: all checks passed');
