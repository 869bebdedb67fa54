// Drives the real OHIF viewer (served by serve-viewer.mjs) against a running archive in headless
// Chromium and records every request the viewer sends to the archive with its status:
//   1. the study list shows every study of STUDIES_TSV (make-studies.py's output);
//   2. typing in the patient name filter narrows the list (wildcard PatientName QIDO);
//   3. selecting a study loads its series and their thumbnails in the preview panel;
//   4. each study opens in the viewer and its image renders (canvas pixels sampled, not blank);
//      the multi-frame one is scrolled to a later frame and must render again.
// Screenshots and report.json go to OUT_DIR. Exit 0 when every step passed and the archive
// answered nothing with 4xx/5xx, no request to it failed and the page logged no error; else 1.
//
//   node check.mjs VIEWER_URL ARCHIVE_URL STUDIES_TSV OUT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [viewerUrl, archiveUrl, studiesTsv, outDir] = process.argv.slice(2);
// The archive's doors: on its own origin, or on the viewer's when a proxy passes them through.
const toArchive = url => url.startsWith(archiveUrl + '/dicom-web') || url.startsWith(archiveUrl + '/wado');
if (!outDir) {
  console.error('usage: node check.mjs VIEWER_URL ARCHIVE_URL STUDIES_TSV OUT_DIR');
  process.exit(64);
}
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const STEP_TIMEOUT_MS = 60_000;

const studies = readFileSync(studiesTsv, 'utf8').trim().split('\n').map(line => {
  const [patient, uid, count] = line.split('\t');
  // OHIF shows "Family, Given" for a Person Name "Family^Given".
  return { patient, uid, shown: patient.replace('^', ', '), instances: count };
});

// Console errors the viewer logs about valid data, not about the archive: each with the reason.
const KNOWN_CLIENT_MESSAGES = [
  // dcmjs (WADO-URI loading) reads an implicit VR little endian instance: Pixel Data's VR is "OB or OW"
  // there ("ox" in its dictionary), so it logs this and takes OW, which is right for 16-bit pixels.
  /^Invalid vr type ox - using OW$/,
];

const archiveRequests = [];
const ignoredErrors = [];
const pageErrors = [];
const steps = [];

function record(step, ok, detail) {
  steps.push({ step, ok, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${step}${detail ? ': ' + detail : ''}`);
}

/** UIDs and numbers out of the path, so the report can count requests by their shape. */
function shapeOf(url) {
  const u = new URL(url);
  const path = u.pathname.replace(/\/\d+(?:\.\d+)+/g, '/{uid}').replace(/\/frames\/[\d,]+/, '/frames/{n}');
  const params = [...u.searchParams.keys()].sort().join('&');
  return path + (params ? '?' + params : '');
}

/** Samples the viewport canvases: how many of the sampled pixels are not background, how many grey levels. */
async function canvasContent(page) {
  return page.evaluate(() => {
    let best = { canvases: 0, lit: 0, levels: 0, samples: 0 };
    for (const canvas of document.querySelectorAll('canvas.cornerstone-canvas, .viewport-element canvas')) {
      best.canvases++;
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width < 32 || canvas.height < 32) {
        continue;
      }
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const step = Math.max(1, Math.floor(canvas.width * canvas.height / 20000));
      const levels = new Set();
      let lit = 0;
      let samples = 0;
      for (let i = 0; i < data.length; i += 4 * step) {
        samples++;
        const v = data[i] + data[i + 1] + data[i + 2];
        if (v > 30) {
          lit++;
        }
        levels.add(v >> 3);
      }
      if (lit > best.lit) {
        best = { canvases: best.canvases, lit, levels: levels.size, samples };
      }
    }
    return best;
  });
}

async function waitForImage(page) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let content;
  while (Date.now() < deadline) {
    content = await canvasContent(page);
    // Not blank: a tenth of the viewport lit, and shades rather than one flat colour.
    if (content.samples > 0 && content.lit / content.samples > 0.1 && content.levels >= 8) {
      return { ok: true, content };
    }
    await page.waitForTimeout(500);
  }
  return { ok: false, content };
}

async function canvasPicture(page) {
  return page.evaluate(() => document.querySelector('canvas.cornerstone-canvas')?.toDataURL());
}

/**
 * OHIF shows an Encapsulated PDF in an <object> whose blob it made from the bulk data it fetched:
 * the blob must be the document itself, %PDF- to %%EOF, not a multipart body around it.
 */
async function checkPdf(page) {
  const object = page.locator('object[type="application/pdf"]');
  try {
    await object.first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
    const bytes = await page.evaluate(async () => {
      const data = document.querySelector('object[type="application/pdf"]').data;
      const text = await (await fetch(data)).text();
      return { length: text.length, head: text.slice(0, 5), tail: text.trimEnd().slice(-5) };
    });
    record(currentStep, bytes.head === '%PDF-' && bytes.tail === '%%EOF', `document ${JSON.stringify(bytes)}`);
  } catch (e) {
    record(currentStep, false, `no PDF shown: ${e.message.split('\n')[0]}`);
  }
}

/** Until no request to the archive has been in flight for a second (or the step times out). */
async function settle(page, inFlight) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (inFlight.size > 0) {
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 1000) {
      return;
    }
    await page.waitForTimeout(200);
  }
}

mkdirSync(outDir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'ohif-check-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 900 },
});
const inFlight = new Set();
let currentStep = 'start';
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('request', request => {
    if (toArchive(request.url())) {
      inFlight.add(request);
    }
  });
  page.on('requestfinished', async request => {
    if (!toArchive(request.url())) {
      return;
    }
    const response = await request.response();
    const headers = await request.allHeaders();
    archiveRequests.push({
      step: currentStep, method: request.method(), url: request.url(), shape: shapeOf(request.url()),
      accept: headers.accept ?? '', status: response?.status(), contentType: response?.headers()['content-type'] ?? '',
    });
    inFlight.delete(request);
  });
  page.on('requestfailed', request => {
    if (!toArchive(request.url())) {
      return;
    }
    archiveRequests.push({
      step: currentStep, method: request.method(), url: request.url(), shape: shapeOf(request.url()),
      accept: request.headers().accept ?? '', status: null, failure: request.failure()?.errorText,
    });
    inFlight.delete(request);
  });
  page.on('console', message => {
    if (message.type() === 'error') {
      const error = { step: currentStep, kind: 'console', text: message.text().slice(0, 500) };
      (KNOWN_CLIENT_MESSAGES.some(known => known.test(error.text)) ? ignoredErrors : pageErrors).push(error);
    }
  });
  page.on('pageerror', error => pageErrors.push({ step: currentStep, kind: 'exception', text: error.message.slice(0, 500) }));

  // 1. The study list.
  currentStep = 'study list';
  await page.goto(viewerUrl + '/', { waitUntil: 'load' });
  // The filter inputs sit in a row of the table body of their own.
  const rows = page.locator('tbody tr:not([data-filter-row])');
  try {
    for (const study of studies) {
      await rows.filter({ hasText: study.shown }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    }
    record(currentStep, true, `${studies.length} studies listed`);
  } catch (e) {
    record(currentStep, false, `missing studies: ${(await rows.allInnerTexts()).join(' | ')}`);
  }
  await settle(page, inFlight);
  await page.screenshot({ path: join(outDir, '1-study-list.png') });

  // 2. The patient name and description filters, typed in part and in lower case: wildcard,
  // case-insensitive matches, answered by the archive (the list is not filtered in the browser).
  const filterInputs = page.locator('tr[data-filter-row] input');
  const target = studies[1];
  const filters = [
    { name: 'patient name', input: filterInputs.nth(0), typed: target.patient.split('^')[1].slice(0, 5).toLowerCase(), param: 'PatientName' },
    { name: 'description', input: filterInputs.nth(4), typed: target.patient.split('^')[1].slice(0, 5).toLowerCase(), param: 'StudyDescription' },
  ];
  for (const filter of filters) {
    currentStep = `${filter.name} filter`;
    await filter.input.fill(filter.typed);
    try {
      await page.waitForFunction(([shown, total]) => {
        const texts = [...document.querySelectorAll('tbody tr:not([data-filter-row])')].map(r => r.innerText);
        return texts.length > 0 && texts.length < total && texts.every(t => t.includes(shown));
      }, [target.shown, studies.length], { timeout: STEP_TIMEOUT_MS });
      await settle(page, inFlight);
      const asked = archiveRequests.find(r => r.step === currentStep && r.url.includes(filter.param + '='));
      record(currentStep, Boolean(asked), `"${filter.typed}" lists only ${target.shown}`
        + (asked ? ` (${decodeURIComponent(new URL(asked.url).search)})` : ` but no ${filter.param} query was sent`));
    } catch (e) {
      record(currentStep, false, `"${filter.typed}" left: ${(await rows.allInnerTexts()).join(' | ')}`);
    }
    await page.screenshot({ path: join(outDir, `2-${filter.name.replace(' ', '-')}-filter.png`) });
    await filter.input.fill('');
    await page.waitForFunction(total => document.querySelectorAll('tbody tr:not([data-filter-row])').length >= total,
      studies.length, { timeout: STEP_TIMEOUT_MS });
  }

  // 3. A selected study's preview: series list and thumbnails.
  currentStep = 'study preview';
  await rows.filter({ hasText: studies[0].shown }).first().click();
  try {
    await page.waitForFunction(() => [...document.querySelectorAll('img')]
      .some(img => img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0), null, { timeout: STEP_TIMEOUT_MS });
    record(currentStep, true, 'series thumbnail shown');
  } catch (e) {
    record(currentStep, false, 'no thumbnail image appeared');
  }
  await settle(page, inFlight);
  await page.screenshot({ path: join(outDir, '3-study-preview.png') });

  // 4. Each study in the viewer.
  for (const [i, study] of studies.entries()) {
    currentStep = `viewer ${study.patient}`;
    const shot = `${4 + i}-viewer-${study.patient.replace('^', '-').toLowerCase()}`;
    await page.goto(`${viewerUrl}/viewer?StudyInstanceUIDs=${study.uid}`, { waitUntil: 'load' });
    if (study.patient.includes('Pdf')) {
      await checkPdf(page);
    } else {
      const image = await waitForImage(page);
      record(currentStep, image.ok, `canvas ${JSON.stringify(image.content)}`);
    }
    await settle(page, inFlight);
    await page.screenshot({ path: join(outDir, `${shot}.png`) });
    if (study.patient.includes('MultiFrame')) {
      currentStep = `viewer ${study.patient} scrolled`;
      const before = await canvasPicture(page);
      await page.locator('canvas.cornerstone-canvas').first().hover();
      for (let k = 0; k < 5; k++) {
        await page.keyboard.press('ArrowDown');
        await page.waitForTimeout(300);
      }
      await settle(page, inFlight);
      const again = await waitForImage(page);
      const changed = before !== await canvasPicture(page);
      record(currentStep, again.ok && changed, `frame changed: ${changed}`);
      await page.screenshot({ path: join(outDir, `${shot}-scrolled.png`) });
    }
    if (study.patient.includes('Jpeg')) {
      // The second series (RGB, YBR_FULL_422 in the JPEG) into the viewport: double-click its thumbnail.
      currentStep = `viewer ${study.patient} series 2`;
      const before = await canvasPicture(page);
      await page.getByText('series 2', { exact: false }).first().dblclick();
      await settle(page, inFlight);
      const again = await waitForImage(page);
      const changed = before !== await canvasPicture(page);
      record(currentStep, again.ok && changed, `image changed: ${changed}; canvas ${JSON.stringify(again.content)}`);
      await page.screenshot({ path: join(outDir, `${shot}-series-2.png`) });
    }
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

// The report: every request to the archive, then counts by shape and status.
const byShape = new Map();
for (const r of archiveRequests) {
  const key = `${r.method} ${r.shape} [${r.accept}] -> ${r.status ?? r.failure}`;
  byShape.set(key, (byShape.get(key) ?? 0) + 1);
}
const badAnswers = archiveRequests.filter(r => r.status == null || r.status >= 400);
writeFileSync(join(outDir, 'report.json'), JSON.stringify({ steps, archiveRequests, pageErrors, ignoredErrors }, null, 2));

console.log(`\n${archiveRequests.length} requests to the archive, by shape:`);
for (const [key, n] of [...byShape.entries()].sort()) {
  console.log(`  ${String(n).padStart(4)}  ${key}`);
}
for (const r of badAnswers) {
  console.log(`BAD   ${r.method} ${r.url} [${r.accept}] -> ${r.status ?? r.failure} (${r.step})`);
}
for (const e of pageErrors) {
  console.log(`ERROR ${e.kind} (${e.step}): ${e.text}`);
}
for (const e of ignoredErrors) {
  console.log(`known ${e.kind} (${e.step}), not about the archive: ${e.text}`);
}
const passed = steps.every(s => s.ok) && badAnswers.length === 0 && pageErrors.length === 0;
console.log(`\n${passed ? 'PASS' : 'FAIL'}: ${steps.filter(s => s.ok).length}/${steps.length} steps, `
  + `${badAnswers.length} bad answers from the archive, ${pageErrors.length} page errors; details in ${join(outDir, 'report.json')}`);
process.exit(passed ? 0 : 1);
