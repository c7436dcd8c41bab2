// `cargo xtask bench`'s browser half: drives headless Chromium (Playwright, from tests/e2e) against
// the mocks xtask started, measures <ctrlhub-interactions> and the vanilla reference page
// (benches/reference/), prints a table and writes the report. Run it through `cargo xtask bench`,
// which builds what it needs and passes every option; see docs/performance.md.
//
// It reports; it does not judge: a MISS does not fail it. It exits non-zero only when a scenario
// could not run.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import http from 'node:http';
import { breakdown } from './wasm-crates.mjs';

// ---- options --------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { runs: 5, only: null, quick: false, mocks: {} };
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (name) {
      case '--root': o.root = value(); break;
      case '--out': o.out = value(); break;
      case '--runs': o.runs = Number(value()); break;
      case '--quick': o.quick = true; break;
      case '--only': o.only = value().split(',').filter(Boolean); break;
      case '--commit': o.commit = value(); break;
      case '--mock': { const [k, url] = value().split(/=(.*)/s, 2); o.mocks[k] = url; break; }
      case '--chromium': o.chromium = value(); break;
      case '--wasm-names': o.wasmNames = value(); break;
      default: throw new Error(`bench.mjs: unknown option ${argv[i]}`);
    }
  }
  if (!o.root || !o.out) throw new Error('bench.mjs: --root and --out are required (run `cargo xtask bench`)');
  if (!(o.runs >= 1)) throw new Error('bench.mjs: --runs must be >= 1');
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const require = createRequire(path.join(opts.root, 'tests/e2e/package.json'));
const { chromium } = require('playwright');

const SCENARIOS = ['size', 'first-view', 'render-1k', 'loaded-10k', 'decode', 'requests'];
for (const s of opts.only ?? []) {
  if (!SCENARIOS.includes(s)) throw new Error(`bench.mjs: unknown scenario ${s} (${SCENARIOS.join(', ')})`);
}
const wanted = (s) => !opts.only || opts.only.includes(s);

// Which mock each scenario talks to (xtask starts them; see xtask/src/bench.rs).
function mock(name) {
  const url = opts.mocks[name];
  if (!url) throw new Error(`no mock "${name}" was given (--mock ${name}=URL)`);
  return url;
}

// ---- numbers ----------------------------------------------------------------------------------

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const quantile = (xs, q) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)];
};
const round = (x, digits = 1) => (x == null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

// ---- the report -------------------------------------------------------------------------------

const figures = [];
const scenarioNotes = {};
const errors = [];
const pageProblems = [];

// A figure: the widget's samples, the reference's (if any), a target on the widget's value or on
// the ratio widget / reference.
function figure(f) {
  const w = median(f.widget ?? []);
  const r = f.reference ? median(f.reference) : null;
  const ratio = w != null && r != null && r !== 0 ? w / r : null;
  let verdict = null;
  if (f.target) {
    const subject = f.target.on === 'ratio' ? ratio : w;
    if (subject == null) verdict = 'n/a';
    else if (f.target.op === '<=') verdict = subject <= f.target.value ? 'PASS' : 'MISS';
    else if (f.target.op === '<') verdict = subject < f.target.value ? 'PASS' : 'MISS';
    else if (f.target.op === '==') verdict = subject === f.target.value ? 'PASS' : 'MISS';
    else if (f.target.op === '>=') verdict = subject >= f.target.value ? 'PASS' : 'MISS';
  }
  figures.push({
    id: f.id,
    section: f.section,
    name: f.name,
    unit: f.unit,
    widget: w,
    reference: r,
    ratio,
    target: f.target ?? null,
    verdict,
    runs: (f.widget ?? []).length,
    samples: { widget: f.widget ?? [], reference: f.reference ?? null },
    referenceLabel: f.referenceLabel ?? null,
    note: f.note ?? null,
    display: f.display ?? null,
  });
}

// ---- the browser ------------------------------------------------------------------------------

let browser;

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageProblems.push(`pageerror on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageProblems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  return { page, close: () => context.close() };
}

function widgetUrl(base, attrs = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(attrs)) q.set(`attr.${k}`, v);
  const qs = q.toString();
  return `${base}/harness/widget.html${qs ? `?${qs}` : ''}`;
}

// Waits until the widget has sent a ctrlhub-load whose detail passes `test`, and returns its
// event; throws a WidgetError as soon as it sends ctrlhub-error instead.
async function waitForLoad(page, test, timeout) {
  const handle = await page.waitForFunction(
    (src) => {
      const t = new Function('d', `return (${src})(d)`);
      return window.__events.find((e) => e.type === 'ctrlhub-error' || (e.type === 'ctrlhub-load' && t(e.detail))) || null;
    },
    test.toString(),
    { timeout, polling: 100 },
  );
  const event = await handle.jsonValue();
  if (event.type === 'ctrlhub-error') {
    const d = event.detail;
    const e = new Error(`the widget sent ctrlhub-error after ${Math.round(event.t)} ms: ${d.kind}: ${d.message}`);
    e.name = 'WidgetError';
    throw e;
  }
  return event;
}

const quiet = (page, rootExpr, ms = 500) =>
  page.evaluate(([expr, q]) => window.__probe.quiet(eval(expr), q), [rootExpr, ms]);
const stats = (page, rootExpr) => page.evaluate((expr) => window.__probe.domStats(eval(expr)), rootExpr);
const W = 'window.__el.shadowRoot';
// After ctrlhub-load, how long the widget's DOM must stay unchanged before timing starts: longer
// than any throttle between its render passes (load="all" shows arrived pages every 700 ms today).
const AFTER_LOAD_QUIET_MS = 2000;
const R = 'window.ref.root';

// ---- scenarios --------------------------------------------------------------------------------

// Transfer size: every file the element loads (the bootstrap and everything under dist/wasm/; the
// CSS is inside the wasm), raw, gzip -9 and brotli -q 11, against the reference's script.
function sizeScenario() {
  const dist = path.join(opts.root, 'dist');
  const files = ['ctrlhub-interactions.js'];
  for (const f of fs.readdirSync(path.join(dist, 'wasm')).sort()) files.push(`wasm/${f}`);
  const measure = (file) => {
    const buf = fs.readFileSync(file);
    return {
      raw: buf.length,
      gzip: zlib.gzipSync(buf, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(buf, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        },
      }).length,
    };
  };
  const perFile = Object.fromEntries(files.map((f) => [f, measure(path.join(dist, f))]));
  const ref = measure(path.join(opts.root, 'benches/reference/reference.js'));
  scenarioNotes.size = { files: perFile, reference: { 'benches/reference/reference.js': ref } };
  for (const kind of ['raw', 'gzip', 'brotli']) {
    const total = Object.values(perFile).reduce((s, m) => s + m[kind], 0) / 1024;
    figure({
      id: `size.${kind}`,
      section: 'Transfer size (wasm + js + css)',
      name: `${kind === 'raw' ? 'raw' : kind} total`,
      unit: 'KiB',
      widget: [total],
      reference: [ref[kind] / 1024],
      referenceLabel: 'reference.js',
      target: kind === 'brotli' ? { op: '<=', value: 200, on: 'widget', text: '<= 200 KiB' } : null,
    });
  }
  // Where the code goes, by crate: the code section of the wasm as cargo built it (before
  // wasm-bindgen and wasm-opt), with the linker's name section (issue #12).
  if (opts.wasmNames && fs.existsSync(opts.wasmNames)) {
    const b = breakdown(fs.readFileSync(opts.wasmNames));
    scenarioNotes.sizeByCrate = { file: path.relative(opts.root, opts.wasmNames), codeBytes: b.total,
      functions: b.functions, crates: b.crates };
  } else {
    scenarioNotes.sizeByCrate = `no pre-wasm-opt build at ${opts.wasmNames ?? '(not given)'}`;
  }
}

// ---- the CDN ------------------------------------------------------------------------------------

// A static server in front of the page mock, serving files the way a CDN does: js, wasm and css
// precompressed with brotli (quality 11, `Content-Encoding: br`) when the browser accepts it, the
// API (proxied to the mock) compressed with gzip. HTTP/1.1 with keep-alive. Started once, for the
// first-view scenario; both pages (the widget's and the reference) go through it.
const BROTLI = new Set(['.js', '.mjs', '.wasm', '.css']);
const TYPES = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
};
let cdn = null;
async function startCdn(api) {
  const mounts = [['/harness/', 'benches/harness'], ['/bench/', 'benches/reference'], ['/style/', 'style'], ['/', 'dist']]
    .map(([prefix, dir]) => [prefix, path.join(opts.root, dir)]);
  const files = new Map();
  const load = (file) => {
    if (files.has(file)) return files.get(file);
    let entry = null;
    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
      const raw = fs.readFileSync(file);
      const ext = path.extname(file);
      const br = BROTLI.has(ext) ? zlib.brotliCompressSync(raw, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : null;
      entry = { raw, br, type: TYPES[ext] ?? 'application/octet-stream' };
    }
    files.set(file, entry);
    return entry;
  };
  // Precompress everything up front, so no run pays for it.
  const walk = (dir) => {
    for (const d of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p); else load(p);
    }
  };
  for (const [, dir] of mounts) walk(dir);
  const apiUrl = new URL(api);
  const stats = { br: 0, gzip: 0, plain: 0 };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://cdn');
    const accepts = String(req.headers['accept-encoding'] ?? '');
    if (url.pathname.startsWith('/v3/')) {
      const headers = { ...req.headers, host: apiUrl.host };
      delete headers['accept-encoding'];
      const up = http.request({ host: apiUrl.hostname, port: apiUrl.port, method: req.method, path: req.url, headers }, (upRes) => {
        const h = { ...upRes.headers };
        if (/\bgzip\b/.test(accepts)) {
          delete h['content-length'];
          h['content-encoding'] = 'gzip';
          h.vary = 'Accept-Encoding';
          res.writeHead(upRes.statusCode, h);
          upRes.pipe(zlib.createGzip({ level: 6 })).pipe(res);
          stats.gzip += 1;
        } else {
          res.writeHead(upRes.statusCode, h);
          upRes.pipe(res);
        }
      });
      up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
      req.pipe(up);
      return;
    }
    let pathname = decodeURIComponent(url.pathname);
    if (pathname.endsWith('/')) pathname += 'index.html';
    const mount = mounts.find(([prefix]) => pathname.startsWith(prefix));
    const file = mount && path.join(mount[1], pathname.slice(mount[0].length));
    const entry = file && file.startsWith(mount[1]) ? load(file) : null;
    if (!entry) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
    const headers = { 'content-type': entry.type, 'cache-control': 'public, max-age=3600', vary: 'Accept-Encoding' };
    if (entry.br && /\bbr\b/.test(accepts)) {
      res.writeHead(200, { ...headers, 'content-encoding': 'br', 'content-length': entry.br.length });
      res.end(req.method === 'HEAD' ? undefined : entry.br);
      stats.br += 1;
    } else {
      res.writeHead(200, { ...headers, 'content-length': entry.raw.length });
      res.end(req.method === 'HEAD' ? undefined : entry.raw);
      stats.plain += 1;
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stats, close: () => new Promise((f) => server.close(f)) };
}

// The mid-range profile: DevTools' "Fast 4G" figures (9 Mbps down, 1.5 Mbps up, 60 ms latency) and
// the CPU slowed 4×, through the Chrome DevTools Protocol, before the navigation.
const PROFILES = {
  loopback: null,
  'mid-range': {
    network: { offline: false, latency: 60, downloadThroughput: (9e6 / 8), uploadThroughput: (1.5e6 / 8) },
    cpu: 4,
  },
};
async function applyProfile(page, profile) {
  if (!profile) return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', profile.network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
}

// Navigation to the first interaction painted and to ctrlhub-load, page of 25, fresh browser
// context (cold cache) each run, from the CDN: on loopback and under the mid-range profile. Also
// when the element first showed anything (the bootstrap's skeleton).
async function firstViewScenario() {
  cdn ??= await startCdn(mock('page'));
  const base = cdn.url;
  scenarioNotes['first-view'] = { cdn: 'brotli q11 for js/wasm/css, gzip for /v3/, HTTP/1.1', profiles: PROFILES };
  for (const [profileName, profile] of Object.entries(PROFILES)) {
    const w = { article: [], load: [], skeleton: [] };
    const r = { article: [], load: [] };
    for (let run = 0; run < opts.runs; run += 1) {
      {
        const { page, close } = await newPage();
        await applyProfile(page, profile);
        await page.goto(widgetUrl(base));
        await waitForLoad(page, () => true, 120_000);
        w.article.push(await page.evaluate(() => window.__firstArticle));
        w.skeleton.push(await page.evaluate(() => window.__firstContent));
        w.load.push(await page.evaluate(() => window.__events.find((e) => e.type === 'ctrlhub-load').t));
        await close();
      }
      {
        const { page, close } = await newPage();
        await applyProfile(page, profile);
        await page.goto(`${base}/bench/?auto=page&pageSize=25`);
        r.load.push(await page.evaluate(() => window.__loaded));
        r.article.push(await page.evaluate(() => window.__firstArticle));
        await close();
      }
    }
    const midRange = profileName === 'mid-range';
    const section = midRange
      ? 'First view, mid-range (Fast 4G: 9/1.5 Mbps, 60 ms; CPU 4× slower; CDN compression)'
      : 'First view, loopback (page of 25, cold cache, CDN compression)';
    const id = midRange ? 'first.mid' : 'first';
    figure({ id: `${id}.article`, section, name: 'navigation → first interaction painted', unit: 'ms',
      widget: w.article, reference: r.article,
      target: { op: '<=', value: midRange ? 2.0 : 1.5, on: 'ratio', text: `<= ${midRange ? '2.0' : '1.5'}× reference` } });
    figure({ id: `${id}.load`, section, name: 'navigation → ctrlhub-load', unit: 'ms',
      widget: w.load, reference: r.load, referenceLabel: 'loaded + shown' });
    figure({ id: `${id}.skeleton`, section, name: 'navigation → anything in the element painted', unit: 'ms',
      widget: w.skeleton });
  }
  scenarioNotes['first-view'].served = { ...cdn.stats };
}

// Render 1,000 from memory: load="all" page-size=100 group-by=none, then group by contact.
async function render1kScenario() {
  const base = mock('1k');
  const w = { paint: [], articles: [], nodes: [], load: [] };
  const rAll = { paint: [], articles: [], nodes: [] };
  const rSame = { paint: [], articles: [], nodes: [] };
  for (let run = 0; run < opts.runs; run += 1) {
    {
      const { page, close } = await newPage();
      await page.goto(widgetUrl(base, { load: 'all', 'page-size': '100', 'group-by': 'none' }));
      const ev = await waitForLoad(page, (d) => d.count >= 1000, 180_000);
      w.load.push(await page.evaluate(() => window.__events.find((e) => e.type === 'ctrlhub-load' && e.detail.count >= 1000).t));
      if (ev.detail.count !== 1000) scenarioNotes['render-1k.count'] = `ctrlhub-load said count ${ev.detail.count}`;
      await quiet(page, W, AFTER_LOAD_QUIET_MS);
      const m = await page.evaluate(() =>
        window.__probe.measure(window.__el.shadowRoot, () => { window.__el.groupBy = 'contact'; }));
      const s = await stats(page, W);
      w.paint.push(m.paintMs);
      w.articles.push(s.articles);
      w.nodes.push(s.nodes);
      if (m.timedOut) scenarioNotes['render-1k.timeout'] = 'the widget did not settle within the time limit';
      await close();
    }
    const same = w.articles.at(-1);
    for (const [target, limit] of [[rAll, null], [rSame, same]]) {
      const { page, close } = await newPage();
      await page.goto(`${base}/bench/?auto=all&pageSize=100&groupBy=none`);
      await page.evaluate(() => window.__loaded);
      await quiet(page, R, 300);
      const m = await page.evaluate((limit) => window.ref.measure({ groupBy: 'contact', limit }), limit);
      const s = await stats(page, R);
      target.paint.push(m.paintMs);
      target.articles.push(s.articles);
      target.nodes.push(s.nodes);
      await close();
    }
  }
  const section = 'Render 1,000 from memory (group-by none → contact)';
  figure({ id: 'render1k.paint', section, name: 'group by contact → next paint', unit: 'ms',
    widget: w.paint, reference: rSame.paint, referenceLabel: 'same DOM size',
    target: { op: '<=', value: 1.5, on: 'ratio', text: '<= 1.5× reference' },
    note: 'ratio against the reference rendering as many articles as the widget put in the DOM' });
  figure({ id: 'render1k.paint.all', section, name: 'reference rendering all 1,000 rows', unit: 'ms',
    widget: w.paint, reference: rAll.paint, referenceLabel: 'all 1,000 rows' });
  figure({ id: 'render1k.articles', section, name: 'articles in the DOM', unit: '',
    widget: w.articles, reference: rSame.articles, referenceLabel: 'same DOM size' });
  figure({ id: 'render1k.nodes', section, name: 'DOM nodes (shadow root)', unit: '',
    widget: w.nodes, reference: rSame.nodes, referenceLabel: 'same DOM size' });
  figure({ id: 'render1k.nodes.all', section, name: 'DOM nodes, reference with all 1,000 rows', unit: '',
    widget: w.nodes, reference: rAll.nodes, referenceLabel: 'all 1,000 rows' });
  figure({ id: 'render1k.load', section, name: 'navigation → ctrlhub-load (10 pages of 100)', unit: 'ms',
    widget: w.load });
}

// In-page: set a control's value as a user would (input + change events, like Playwright's
// selectOption / fill), timed by probe.measure on the widget's shadow root.
async function measureControl(page, label, value, kind) {
  // Not `exact`: a select's accessible name also holds its selected option ("Method All methods").
  const handle = await page.getByLabel(label).first().elementHandle({ timeout: 120_000 }).catch(async (e) => {
    const snap = await page.locator('ctrlhub-interactions').ariaSnapshot({ timeout: 5000 }).catch(() => '(no snapshot)');
    throw new Error(`no control labelled "${label}" in the widget: ${e.message}\n${snap.slice(0, 1500)}`);
  });
  return page.evaluate(([control, v, k]) => window.__probe.measure(window.__el.shadowRoot, () => {
    control.value = v;
    if (k === 'radio') {
      // "Group by" is a radio group (issue #11): a click on the option, as a user would.
      control.querySelector(`input[type="radio"][value="${v}"]`)?.click();
    } else if (k === 'search') {
      control.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: v.slice(-1), inputType: 'insertText' }));
    } else {
      control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      control.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }), [handle, value, kind]);
}

// The one character typed into "Search notes".
const SEARCH_KEY = 'q';
const SCROLL_FRAMES = 120;
// How long the widget may take to load 10,000 before the scenario gives up (and says so).
const LOAD_10K_TIMEOUT_MS = 300_000;
const SCROLL_STEP_PX = 80;

// With 10,000 loaded: a filter change, a group-by change and a search keystroke to the next paint,
// scroll frame times, DOM nodes.
async function loaded10kScenario() {
  const base = mock('10k');
  const ops = ['filter', 'group', 'search'];
  const w = { load: [], nodes: [], nodesAfterScroll: [], articles: [], scrollMedian: [], scrollP95: [], searchFirst: [] };
  const r = { nodes: [], scrollMedian: [], scrollP95: [] };
  for (const op of ops) { w[op] = []; w[`${op}Articles`] = []; r[op] = []; }
  const shown = {};
  let timedOut = null;
  for (let run = 0; run < opts.runs; run += 1) {
    const counts = {};
    {
      const { page, close } = await newPage();
      await page.goto(widgetUrl(base, { load: 'all', 'page-size': '100' }));
      try {
        const ev = await waitForLoad(page, (d) => d.total > 0 && d.count >= d.total, LOAD_10K_TIMEOUT_MS);
        if (ev.detail.count !== 10000) scenarioNotes['loaded-10k.count'] = `ctrlhub-load said count ${ev.detail.count}`;
      } catch (e) {
        if (e?.name !== 'TimeoutError' && e?.name !== 'WidgetError') throw e;
        // Too slow (or failed) to measure the rest: say so, and spend no more runs on it.
        const status = await page.evaluate(() => window.__el.shadowRoot?.querySelector('[role=status]')?.textContent ?? '');
        timedOut = (e.name === 'WidgetError' ? `${e.message} while loading 10,000`
          : `the widget had not sent ctrlhub-load with count 10,000 after ${LOAD_10K_TIMEOUT_MS / 1000} s`)
          + ` (status: "${status}"); nothing else was measured in this scenario`;
        await close();
        break;
      }
      w.load.push(await page.evaluate(() => window.__events.find((e) => e.type === 'ctrlhub-load' && e.detail.total > 0
        && e.detail.count >= e.detail.total).t));
      await quiet(page, W, AFTER_LOAD_QUIET_MS);
      const s0 = await stats(page, W);
      w.nodes.push(s0.nodes);
      w.articles.push(s0.articles);
      counts.initial = s0.articles;
      const status = () => page.evaluate(() => window.__el.shadowRoot.querySelector('[role=status]')?.textContent ?? '');

      let step = 'the filter change';
      try {
        const steps = [
          ['filter', 'Method', 'email', 'select', ''],
          ['group', 'Group by', 'property', 'radio', 'contact'],
          ['search', 'Search notes', SEARCH_KEY, 'search', ''],
        ];
        for (const [op, label, value, kind, reset] of steps) {
          step = `the ${op} step`;
          const m = await measureControl(page, label, value, kind);
          const s = await stats(page, W);
          w[op].push(m.paintMs);
          w[`${op}Articles`].push(s.articles);
          counts[op] = s.articles;
          if (op === 'search') w.searchFirst.push(m.firstMutationMs);
          shown[op] = await status();
          if (m.timedOut || m.paintMs == null) scenarioNotes[`loaded-10k.${op}`] = `no settled paint (${JSON.stringify(m)})`;
          await measureControl(page, label, reset, kind); // back to the full set, not measured
        }
        step = 'scrolling';
        const sc = await page.evaluate(([f, px]) => window.__probe.scrollFrames(window.__el.shadowRoot, f, px), [SCROLL_FRAMES, SCROLL_STEP_PX]);
        w.scrollMedian.push(median(sc.deltas));
        w.scrollP95.push(quantile(sc.deltas, 0.95));
        scenarioNotes['loaded-10k.scroll.widget'] = { scroller: sc.scroller, scrolledPx: sc.scrolledPx, scrollHeight: sc.scrollHeight };
        w.nodesAfterScroll.push((await stats(page, W)).nodes);
      } catch (e) {
        // A page too busy to answer (style and layout of a huge DOM) is a finding, not a harness
        // failure: say so and stop. A page that answers but lacks a control is a harness failure.
        const alive = await Promise.race([page.evaluate(() => true).catch(() => false),
          new Promise((f) => setTimeout(() => f(false), 10_000))]);
        if (alive) throw e;
        timedOut = `after loading 10,000 (${s0.nodes.toLocaleString('en-GB')} DOM nodes) the page stopped responding: `
          + `${step} could not start within 120 s; nothing else was measured in this scenario`;
        await close();
        break;
      }
      await close();
    }
    {
      // The reference shows as many articles as the widget did at each step (same DOM size).
      const { page, close } = await newPage();
      await page.goto(`${base}/bench/?auto=all&pageSize=100&groupBy=contact&limit=${counts.initial}`);
      await page.evaluate(() => window.__loaded);
      await page.evaluate((limit) => window.ref.show({ groupBy: 'contact', limit }), counts.initial);
      await quiet(page, R, 300);
      r.nodes.push((await stats(page, R)).nodes);
      const refSteps = [
        ['filter', { groupBy: 'contact', method: 'email' }],
        ['group', { groupBy: 'property' }],
        ['search', { groupBy: 'contact', search: SEARCH_KEY }],
      ];
      for (const [op, o] of refSteps) {
        const m = await page.evaluate((o) => window.ref.measure(o), { ...o, limit: counts[op] });
        r[op].push(m.paintMs);
        await page.evaluate((limit) => window.ref.show({ groupBy: 'contact', limit }), counts.initial);
        await quiet(page, R, 300);
      }
      const sc = await page.evaluate(([f, px]) => window.__probe.scrollFrames(window.ref.root, f, px), [SCROLL_FRAMES, SCROLL_STEP_PX]);
      r.scrollMedian.push(median(sc.deltas));
      r.scrollP95.push(quantile(sc.deltas, 0.95));
      scenarioNotes['loaded-10k.scroll.reference'] = { scroller: sc.scroller, scrolledPx: sc.scrolledPx, scrollHeight: sc.scrollHeight };
      await close();
    }
  }
  scenarioNotes['loaded-10k.shown'] = shown;
  if (timedOut) scenarioNotes['loaded-10k.timedOut'] = timedOut;
  const section = 'With 10,000 loaded (load="all", page-size 100)';
  const t100 = { op: '<=', value: 100, on: 'widget', text: '<= 100 ms' };
  const same = 'same DOM size';
  figure({ id: 'loaded10k.load', section, name: 'navigation → ctrlhub-load (100 pages)', unit: 'ms', widget: w.load,
    note: timedOut, display: timedOut && !w.load.length ? (/ctrlhub-error/.test(timedOut) ? 'failed' : `> ${LOAD_10K_TIMEOUT_MS / 1000} s`) : null });
  figure({ id: 'loaded10k.filter', section, name: 'filter change (Method: Email) → next paint', unit: 'ms',
    widget: w.filter, reference: r.filter, referenceLabel: same, target: t100 });
  figure({ id: 'loaded10k.group', section, name: 'group-by change (Property) → next paint', unit: 'ms',
    widget: w.group, reference: r.group, referenceLabel: same, target: t100 });
  figure({ id: 'loaded10k.search', section, name: `search keystroke ("${SEARCH_KEY}") → next paint`,
    unit: 'ms', widget: w.search, reference: r.search, referenceLabel: same, target: t100,
    note: 'the search box is throttled with a leading edge: a keystroke after a pause applies at once' });
  figure({ id: 'loaded10k.search.firstMutation', section, name: 'search keystroke → first DOM change', unit: 'ms',
    widget: w.searchFirst });
  figure({ id: 'loaded10k.scroll.median', section, name: `scroll frame time, median (${SCROLL_FRAMES} frames × ${SCROLL_STEP_PX} px)`,
    unit: 'ms', widget: w.scrollMedian, reference: r.scrollMedian, referenceLabel: same });
  figure({ id: 'loaded10k.scroll.p95', section, name: 'scroll frame time, p95', unit: 'ms',
    widget: w.scrollP95, reference: r.scrollP95, referenceLabel: same });
  figure({ id: 'loaded10k.articles', section, name: 'articles in the DOM', unit: '', widget: w.articles });
  figure({ id: 'loaded10k.nodes', section, name: 'DOM nodes (shadow root)', unit: '', widget: w.nodes,
    reference: r.nodes, referenceLabel: same, target: { op: '<', value: 3000, on: 'widget', text: '< 3,000' } });
  figure({ id: 'loaded10k.nodes.scrolled', section, name: 'DOM nodes after scrolling', unit: '', widget: w.nodesAfterScroll,
    target: { op: '<', value: 3000, on: 'widget', text: '< 3,000' } });
}

// Decode + convert of 10,000 interactions (one document) in the bench copy of the wasm.
async function decodeScenario() {
  const base = mock('10k');
  const reps = opts.quick ? 3 : 5;
  const s = { jsonParse: [], wasm: [] };
  let info = null;
  const url = '/v3/orgs/demo-org/customers/interactions?include=account%2Cauthor%2Ccontact%2Corganisation%2Cproperty%2Crepresentative&limit=10000&offset=0';
  for (let run = 0; run < opts.runs; run += 1) {
    const { page, close } = await newPage();
    await page.goto(`${base}/harness/decode.html`);
    await page.waitForFunction(() => window.decodeReady === true, null, { timeout: 30_000 });
    const res = await page.evaluate(([u, r]) => window.decodeBench(u, 10000, r), [url, reps]);
    for (const k of Object.keys(s)) s[k].push(median(res.samples[k]));
    info = { bytes: res.bytes, counts: res.counts, repsPerRun: reps };
    await close();
  }
  scenarioNotes.decode = info;
  const section = 'Decode + convert 10,000 interactions (one document)';
  const target = { op: '<=', value: 3, on: 'ratio', text: '<= 3× JSON.parse' };
  figure({ id: 'decode.text', section, name: 'wasm: body bytes → serde_json → model (shipped path)', unit: 'ms',
    widget: s.wasm, reference: s.jsonParse, referenceLabel: 'JSON.parse', target });
}

// Requests to /v3/ for: first view, next page, back to page 1, and a server filter change (the
// `scope` property) while the first request is in flight on a slow mock.
async function requestsScenario() {
  const base = mock('page');
  const slow = mock('slow');
  const api = (u) => u.includes('/v3/');
  const offsetOf = (u) => Number(new URL(u).searchParams.get('offset') ?? 0);
  const res = { first: [], afterFirst: [], next: [], back: [], backSame: [], superseded: [], aborted: [], filtered: [] };

  // A contact id from the data (both mocks share seed and size).
  const docRes = await fetch(`${base}/v3/orgs/demo-org/customers/interactions?include=contact&limit=1`, {
    headers: { 'X-Session-Token': 'demo-token' },
  });
  const contactId = (await docRes.json()).data[0].relationships.contact.data.id;

  // Requests seen so far; waits until none has started for `ms`.
  const settle = async (log, ms) => {
    let n = -1;
    let since = Date.now();
    while (Date.now() - since < ms) {
      if (log.length !== n) { n = log.length; since = Date.now(); }
      await new Promise((f) => setTimeout(f, 100));
    }
  };
  for (let run = 0; run < opts.runs; run += 1) {
    {
      const { page, close } = await newPage();
      const log = [];
      page.on('request', (q) => { if (api(q.url())) log.push(q.url()); });
      await page.goto(widgetUrl(base));
      await waitForLoad(page, () => true, 60_000);
      res.first.push(log.length);
      await settle(log, 1500);
      res.afterFirst.push(log.length - res.first.at(-1));
      const nav = page.getByRole('navigation', { name: 'Pagination' });
      let mark = log.length;
      await nav.getByRole('button', { name: 'Next page' }).click();
      await nav.getByText(/Page 2 of/).waitFor({ timeout: 30_000 });
      await settle(log, 1500);
      res.next.push(log.length - mark);
      mark = log.length;
      await nav.getByRole('button', { name: 'Previous page' }).click();
      await nav.getByText(/Page 1 of/).waitFor({ timeout: 30_000 });
      await settle(log, 1500);
      res.back.push(log.length - mark);
      res.backSame.push(log.slice(mark).filter((u) => offsetOf(u) === 0).length);
      await close();
    }
    {
      const { page, close } = await newPage();
      const log = [];
      const failed = [];
      page.on('request', (q) => { if (api(q.url())) log.push(q.url()); });
      page.on('requestfailed', (q) => { if (api(q.url())) failed.push(q.failure()?.errorText ?? ''); });
      const first = page.waitForRequest((q) => api(q.url()), { timeout: 60_000 });
      await page.goto(widgetUrl(slow));
      await first;
      await page.waitForTimeout(100);
      await page.evaluate((id) => { window.__el.scope = { contact_in: [id] }; }, contactId);
      await waitForLoad(page, () => true, 60_000);
      await settle(log, 1500);
      res.superseded.push(log.length);
      res.aborted.push(failed.filter((t) => t.includes('ERR_ABORTED')).length);
      res.filtered.push(log.filter((u) => new URL(u).searchParams.get('filter')?.includes(contactId)).length);
      await close();
    }
  }
  const section = 'Requests to /v3/';
  figure({ id: 'requests.first', section, name: 'first view (until ctrlhub-load)', unit: 'req', widget: res.first,
    target: { op: '==', value: 1, on: 'widget', text: '1' } });
  figure({ id: 'requests.afterFirst', section, name: 'after the first view, within 1.5 s (prefetch)', unit: 'req', widget: res.afterFirst });
  figure({ id: 'requests.next', section, name: '"Next page"', unit: 'req', widget: res.next });
  figure({ id: 'requests.back', section, name: '"Previous page" back to page 1: requests for page 1', unit: 'req',
    widget: res.backSame, target: { op: '==', value: 0, on: 'widget', text: '0' } });
  figure({ id: 'requests.backAll', section, name: '"Previous page" back to page 1: all requests', unit: 'req', widget: res.back });
  figure({ id: 'requests.superseded', section, name: 'scope change while page 1 is in flight: requests', unit: 'req',
    widget: res.superseded, note: `mock with --latency-ms; el.scope = {contact_in: [${contactId}]} 100 ms after the first request started` });
  figure({ id: 'requests.aborted', section, name: 'superseded request aborted (net::ERR_ABORTED)', unit: 'req',
    widget: res.aborted, target: { op: '>=', value: 1, on: 'widget', text: '>= 1 aborted' } });
  figure({ id: 'requests.filtered', section, name: 'requests with the new filter', unit: 'req', widget: res.filtered });
}

// ---- main -------------------------------------------------------------------------------------

const started = new Date();
const load = { start: os.loadavg() };
browser = await chromium.launch({
  executablePath: opts.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // As tests/e2e/playwright.config.ts: no background networking on this closed network.
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', '--no-first-run'],
});
const scenarios = [
  ['size', async () => sizeScenario()],
  ['first-view', firstViewScenario],
  ['render-1k', render1kScenario],
  ['loaded-10k', loaded10kScenario],
  ['decode', decodeScenario],
  ['requests', requestsScenario],
];
const timings = {};
for (const [name, run] of scenarios) {
  if (!wanted(name)) continue;
  const t0 = Date.now();
  process.stdout.write(`bench: ${name} (${opts.runs} run${opts.runs > 1 ? 's' : ''})… `);
  try {
    await run();
    timings[name] = Math.round((Date.now() - t0) / 100) / 10;
    console.log(`${timings[name]} s`);
  } catch (e) {
    timings[name] = Math.round((Date.now() - t0) / 100) / 10;
    console.log('FAILED');
    errors.push({ scenario: name, error: String(e && e.stack ? e.stack : e) });
    console.error(`bench: scenario ${name} failed: ${e && e.stack ? e.stack : e}`);
  }
}
load.end = os.loadavg();
await cdn?.close();
const chromiumVersion = browser.version();
await browser.close();

// ---- output -----------------------------------------------------------------------------------

const fmt = (x, unit) => {
  if (x == null) return '—';
  if (unit === 'KiB') return `${x.toFixed(1)} KiB`;
  if (unit === 'ms') return `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;
  if (unit === 'req') return String(round(x, 1));
  return Math.round(x).toLocaleString('en-GB');
};
const rows = [['figure', 'widget', 'reference', 'ratio', 'target', 'result']];
let section = null;
const sectionRows = [];
for (const f of figures) {
  if (f.section !== section) {
    section = f.section;
    sectionRows.push(rows.length);
    rows.push([`## ${section}`, '', '', '', '', '']);
  }
  const ref = f.reference == null ? '—' : `${fmt(f.reference, f.unit)}${f.referenceLabel ? ` (${f.referenceLabel})` : ''}`;
  rows.push([f.name, f.display ?? fmt(f.widget, f.unit), ref, f.ratio == null ? '—' : `${f.ratio.toFixed(2)}×`,
    f.target ? f.target.text : '', f.verdict ?? '']);
}
const widths = rows[0].map((_, c) => Math.max(...rows.filter((_, i) => !sectionRows.includes(i)).map((r) => r[c].length)));
const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
const table = [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`];
for (let i = 1; i < rows.length; i += 1) {
  table.push(sectionRows.includes(i) ? `| **${rows[i][0].slice(3)}** |${' |'.repeat(5)}` : line(rows[i]));
}
const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  memoryGiB: round(os.totalmem() / 2 ** 30, 1),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  chromium: chromiumVersion,
  loadavg: load,
};
const report = {
  generated: started.toISOString(),
  commit: opts.commit ?? null,
  quick: opts.quick,
  runs: opts.runs,
  machine,
  method: {
    median: 'each figure is the median of its runs; every run uses a fresh browser context (cold cache) and page',
    paint: 'time to the paint after the last DOM change (a task posted from a requestAnimationFrame callback), with the DOM quiet for 400 ms',
    reference: 'benches/reference/: the same JSON, grouping and markup with plain DOM calls, in a shadow root styled by style/widget.css; '
      + 'ratios are widget / reference; for render and with-10,000 figures the reference renders as many articles as the widget had in its DOM',
    viewport: '1280×800, device scale 1',
  },
  scenarioSeconds: timings,
  figures,
  details: scenarioNotes,
  pageProblems: [...new Set(pageProblems)].slice(0, 50),
  errors,
  table: table.join('\n'),
};
fs.mkdirSync(path.dirname(opts.out), { recursive: true });
fs.writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);

console.log('');
console.log(table.join('\n'));
console.log('');
const byCrate = scenarioNotes.sizeByCrate;
if (byCrate && typeof byCrate === 'object') {
  const top = byCrate.crates.slice(0, 14);
  const rest = byCrate.crates.slice(14).reduce((a, c) => a + c.bytes, 0);
  console.log('');
  console.log(`Code by crate (code section of ${byCrate.file}, before wasm-bindgen and wasm-opt: `
    + `${(byCrate.codeBytes / 1024).toFixed(1)} KiB in ${byCrate.functions.toLocaleString('en-GB')} functions):`);
  for (const c of top) {
    console.log(`  ${(c.share * 100).toFixed(1).padStart(5)} %  ${(c.bytes / 1024).toFixed(1).padStart(7)} KiB  ${c.crate}`
      + `${c.ours ? `  (${(c.ours / 1024).toFixed(1)} KiB of it instantiated with ctrlhub_interactions types)` : ''}`);
  }
  if (rest) console.log(`  ${((rest / byCrate.codeBytes) * 100).toFixed(1).padStart(5)} %  ${(rest / 1024).toFixed(1).padStart(7)} KiB  (${byCrate.crates.length - top.length} other crates)`);
} else if (byCrate) {
  console.log(`Code by crate: ${byCrate}`);
}
console.log('');
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, load ${load.start.map((x) => x.toFixed(1)).join(' ')} → ` +
  `${load.end.map((x) => x.toFixed(1)).join(' ')}; Chromium ${chromiumVersion}; ${opts.runs} run(s) per figure` +
  `${opts.commit ? `; commit ${opts.commit}` : ''}`);
for (const [key, note] of Object.entries(scenarioNotes)) {
  if (/\.(timedOut|timeout|count)$/.test(key)) console.log(`note (${key}): ${note}`);
}
const misses = figures.filter((f) => f.verdict === 'MISS').length;
console.log(`targets: ${figures.filter((f) => f.verdict === 'PASS').length} PASS, ${misses} MISS (reported, not enforced)`);
if (pageProblems.length) console.log(`page problems: ${new Set(pageProblems).size} distinct (see the report's pageProblems)`);
console.log(`report: ${opts.out}`);
if (errors.length) {
  console.error(`bench: ${errors.length} scenario(s) could not run: ${errors.map((e) => e.scenario).join(', ')}`);
  process.exit(1);
}
