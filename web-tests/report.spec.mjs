// The HTML report on a phone and on paper: Debian's Chromium opens the report file at 390 px
// wide and again in print emulation at the width of an A4 page, and checks what a reader would
// notice: sideways scrolling, tables cut off at the edge, chart text too small to read, and a
// chart printed on another page than its heading. It keeps the PDF and screenshots.
//
// Started by crates/maturity-web/tests/browser.rs, which renders the report and passes:
//   REPORT (the report's HTML file), ARTIFACTS (a folder for the PDF, screenshots and
//   findings), CHROMIUM (the browser binary, default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

const report = process.env.REPORT;
const artifacts = process.env.ARTIFACTS;
if (!report || !artifacts) {
  console.error('REPORT and ARTIFACTS are required');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
// A hung browser must fail the test rather than stall the Rust side forever.
setTimeout(() => { console.error('report test: timed out after 180 s'); process.exit(1); }, 180_000).unref();

// 9 CSS px is 6.75 pt on paper: below it, text stops being readable without a loupe.
const MIN_TEXT_PX = 9;
// A printed page with fewer text runs (about three a line) than this holds the stray tail of
// a section: a page the reader turns for a few lines.
const ORPHAN_RUNS = 40;
const MM = 96 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };

const failures = [];
const fail = (what) => failures.push(what);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const url = pathToFileURL(report).href;

// Opens the report, failing on any request beyond the file itself: the report is
// self-contained, so a request would be a broken image or font on paper.
const open = async (context, label) => {
  const page = await context.newPage();
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    fail(`${label}: the report requests ${route.request().url()}`);
    return route.abort();
  });
  page.on('pageerror', (e) => fail(`${label}: page error ${e.message}`));
  await page.goto(url);
  return page;
};

// What the layout looks like at the current width, measured in the page.
const measure = (page, minText) => page.evaluate((minText) => {
  const found = [];
  const width = document.documentElement.clientWidth;
  const describe = (el) => {
    const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const id = el.closest('[id]')?.id;
    return `<${el.tagName.toLowerCase()}${el.getAttribute('class') ? `.${el.getAttribute('class').split(' ')[0]}` : ''}>${id ? ` in #${id}` : ''}${text ? ` "${text}"` : ''}`;
  };
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width) {
    // Name the innermost elements that stick out, which are the ones to fix.
    const out = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .filter((el, _, all) => !all.some((other) => other !== el && el.contains(other)))
      .slice(0, 3)
      .map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)})`);
    found.push(`the page scrolls sideways: ${scrollWidth} px wide in ${width} px, past the edge: ${out.join(', ')}`);
  }

  // Tables fit the page whole: a scroll box around a wide table hides its right columns on a
  // phone and cuts them off on paper, and a border poking out of its box is cut too.
  for (const table of document.querySelectorAll('table')) {
    const r = table.getBoundingClientRect();
    if (r.width > width + 0.5 || r.right > width + 0.5) {
      found.push(`table ${describe(table.querySelector('th, td') || table)} is ${Math.round(r.width)} px wide (right edge ${Math.round(r.right)}) in ${width} px`);
    }
    for (let box = table.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX !== 'visible' && box.scrollWidth > box.clientWidth) {
        found.push(`table ${describe(table.querySelector('th, td') || table)} overflows its box by ${box.scrollWidth - box.clientWidth} px: its right edge is cut off`);
      }
    }
  }

  // Chart text at the size it is drawn: the SVG's scale times the font size.
  const small = new Map();
  for (const text of document.querySelectorAll('svg text, svg tspan')) {
    if (!text.textContent.trim() || text.querySelector('tspan')) continue;
    const ctm = text.getScreenCTM();
    if (!ctm) continue;
    const scale = Math.hypot(ctm.a, ctm.b);
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    const rect = text.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (size < minText) {
      const svg = text.closest('svg');
      const key = `${svg.getAttribute('class') || 'svg'} "${svg.querySelector('title')?.textContent || ''}"`;
      const worst = small.get(key);
      if (!worst || size < worst.size) small.set(key, { size, text: text.textContent.trim() });
    }
  }
  for (const [chart, { size, text }] of small) {
    found.push(`chart ${chart}: text "${text}" is drawn at ${size.toFixed(1)} px (under ${minText})`);
  }
  // Text outside SVG too (an HTML timeline, a caption, a badge): it prints the same.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const tiny = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest('svg')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minText && el.getClientRects().length) tiny.add(`${describe(el)} at ${size.toFixed(1)} px`);
  }
  for (const t of tiny) found.push(`text ${t} (under ${minText})`);

  // Every benchmark marker says what it is: a dashed line alone means nothing on paper.
  for (const svg of document.querySelectorAll('svg')) {
    if (!svg.querySelector('.reference')) continue;
    const labels = [...svg.querySelectorAll('text')].map((t) => t.textContent.toLowerCase());
    if (!labels.some((t) => t.includes('benchmark'))) {
      found.push(`chart "${svg.querySelector('title')?.textContent}" has a benchmark marker without a label`);
    }
  }
  return found;
}, minText);

// On paper a chart belongs with its heading, the nearest heading or caption drawn above it:
// both must sit in one box that the printer may not split, and that box must fit on a page.
// Headings must not end a page either.
const groupedCharts = (page, pageHeight) => page.evaluate((pageHeight) => {
  const found = [];
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, figcaption')];
  const charts = [...document.querySelectorAll('svg.chart, .timeline')].filter((c) => !c.parentElement.closest('svg.chart, .timeline'));
  const avoids = (el) => ['avoid', 'avoid-page'].includes(getComputedStyle(el).breakInside);
  for (const chart of charts) {
    const title = chart.querySelector('title')?.textContent || chart.getAttribute('aria-label') || 'chart';
    const c = chart.getBoundingClientRect();
    const heading = headings
      .map((h) => ({ h, r: h.getBoundingClientRect() }))
      .filter(({ r }) => r.height > 0 && r.bottom <= c.top + 1 && r.left < c.right && r.right > c.left)
      .sort((a, b) => b.r.bottom - a.r.bottom)[0]?.h;
    if (!heading) { found.push(`chart "${title}" has no heading above it`); continue; }
    let group = chart;
    while (group && group !== document.body && !(avoids(group) && group.contains(heading))) group = group.parentElement;
    if (!group || group === document.body) {
      found.push(`chart "${title}" may print on another page than its heading "${heading.textContent.trim().slice(0, 50)}"`);
      continue;
    }
    const height = group.getBoundingClientRect().height;
    if (height > pageHeight) found.push(`chart "${title}" with its heading is ${Math.round(height)} px high, more than a page (${Math.round(pageHeight)} px)`);
  }
  for (const h of document.querySelectorAll('h2, h3, h4')) {
    const after = getComputedStyle(h).breakAfter;
    if (!['avoid', 'avoid-page'].includes(after)) {
      found.push(`heading "${h.textContent.trim().slice(0, 40)}" may end a page (break-after: ${after})`);
    }
  }
  return found;
}, pageHeight);

// The page margins the report asks for in @page, else Chromium's default of about 1 cm.
const pageMargins = (page) => page.evaluate(() => {
  const margins = { top: '10mm', right: '10mm', bottom: '10mm', left: '10mm' };
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (rule.type !== CSSRule.PAGE_RULE) continue;
      for (const side of Object.keys(margins)) {
        const value = rule.style.getPropertyValue(`margin-${side}`);
        if (value) margins[side] = value;
      }
    }
  }
  return margins;
});
const toPx = (length) => {
  const m = /^([\d.]+)(mm|cm|in|px|pt)$/.exec(length.trim());
  if (!m) throw new Error(`cannot read the page margin ${length}`);
  return Number(m[1]) * { mm: MM, cm: 10 * MM, in: 96, px: 1, pt: 96 / 72 }[m[2]];
};

// The text runs on each page of a PDF as Chromium writes it (plain page dictionaries, one
// Flate-compressed content stream each): a page with almost none is an orphan page.
const pdfTextRuns = (file) => {
  const bytes = readFileSync(file);
  const pdf = bytes.toString('latin1');
  const objects = new Map();
  for (const m of pdf.matchAll(/(\d+) 0 obj\b/g)) objects.set(m[1], m.index + m[0].length);
  const body = (id) => pdf.slice(objects.get(id), pdf.indexOf('endobj', objects.get(id)));
  const stream = (id) => {
    const start = objects.get(id);
    const text = body(id);
    const dataStart = start + text.indexOf('stream') + 'stream'.length;
    const offset = pdf[dataStart] === '\r' ? 2 : 1;
    const length = Number(/\/Length (\d+)/.exec(text)[1]);
    const data = bytes.subarray(dataStart + offset, dataStart + offset + length);
    return /\/FlateDecode/.test(text.slice(0, text.indexOf('stream'))) ? inflateSync(data).toString('latin1') : data.toString('latin1');
  };
  const kids = (id) => {
    const text = body(id);
    if (/\/Type\s*\/Page\b/.test(text)) return [id];
    const list = /\/Kids\s*\[([^\]]*)\]/.exec(text);
    return list ? [...list[1].matchAll(/(\d+) 0 R/g)].flatMap((k) => kids(k[1])) : [];
  };
  const root = /\/Root (\d+) 0 R/.exec(pdf)[1];
  const pagesId = /\/Pages (\d+) 0 R/.exec(body(root))[1];
  return kids(pagesId).map((page) => {
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(body(page))[1];
    return [...contents.matchAll(/(\d+) 0 R/g)]
      .map((c) => (stream(c[1]).match(/\bT[Jj]\b/g) || []).length)
      .reduce((a, b) => a + b, 0);
  });
};

const summary = {};
try {
  // A phone: 390 px wide, as the issue saw it.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const onPhone = await open(phone, 'phone');
  for (const f of await measure(onPhone, MIN_TEXT_PX)) fail(`phone: ${f}`);
  await onPhone.screenshot({ path: join(artifacts, 'phone.png'), fullPage: true });
  // The full page is too long to look at: one screen from the top of each section too.
  for (const [id, top] of await onPhone.$$eval('section[id]', (all) => all.map((s) => [s.id, s.getBoundingClientRect().top + window.scrollY]))) {
    await onPhone.screenshot({ path: join(artifacts, `phone-${id}.png`), fullPage: true, clip: { x: 0, y: top, width: 390, height: 844 } });
  }
  await phone.close();

  // Paper: print emulation at the width of an A4 page's printable area, so that anything
  // wider is what would make Chromium shrink the whole print to fit.
  const print = await browser.newContext({ viewport: { width: Math.floor(A4.width), height: Math.floor(A4.height) } });
  const onPaper = await open(print, 'print');
  const margins = await pageMargins(onPaper);
  const content = {
    width: Math.floor(A4.width - toPx(margins.left) - toPx(margins.right)),
    height: Math.floor(A4.height - toPx(margins.top) - toPx(margins.bottom)),
  };
  await onPaper.setViewportSize({ width: content.width, height: content.height });
  await onPaper.emulateMedia({ media: 'print' });
  for (const f of await measure(onPaper, MIN_TEXT_PX)) fail(`print: ${f}`);
  for (const f of await groupedCharts(onPaper, content.height)) fail(`print: ${f}`);
  await onPaper.screenshot({ path: join(artifacts, 'print.png'), fullPage: true });
  await onPaper.pdf({ path: join(artifacts, 'report.pdf'), format: 'A4', margin: margins, printBackground: true });
  const runs = pdfTextRuns(join(artifacts, 'report.pdf'));
  summary.pages = runs.length;
  summary.textRunsPerPage = runs;
  runs.forEach((n, i) => {
    if (n < ORPHAN_RUNS) fail(`print: page ${i + 1} of ${runs.length} is an orphan page (${n} text runs, about ${Math.round(n / 3)} lines)`);
  });
  summary.content = content;
  summary.margins = margins;
  await print.close();
} finally {
  await browser.close();
}
writeFileSync(join(artifacts, 'findings.json'), JSON.stringify({ ...summary, failures }, null, 2));
if (failures.length) {
  console.error(`report test failures (${failures.length}):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(`report test: all checks passed (${summary.pages} A4 pages)`);
