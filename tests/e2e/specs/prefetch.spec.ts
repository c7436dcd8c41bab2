// The first view does not wait for the wasm (issue #12): on connection the bootstrap paints the
// loading skeleton and sends the first page's request itself; the core adopts that response when
// it is exactly the request it would have sent, and aborts it otherwise. Each test holds the wasm
// back (page.route) until the bootstrap's part is done, so what happens before and after the wasm
// arrives is told apart by state, not by timing.
import type { Page, Request, Route } from '@playwright/test';
import { test, expect, ORG, TOKEN, fetchInteractions, expectArticles } from './support';

const isApi = (url: string) => new URL(url).pathname.startsWith('/v3/');

type Log = { api: Request[]; failed: { url: string; error: string }[] };

function watch(page: Page): Log {
  const log: Log = { api: [], failed: [] };
  page.on('request', (r) => { if (isApi(r.url())) log.api.push(r); });
  page.on('requestfailed', (r) => {
    if (isApi(r.url())) log.failed.push({ url: r.url(), error: r.failure()?.errorText ?? '' });
  });
  return log;
}

/** Holds every request for the wasm until `release()` is called. */
async function holdWasm(page: Page) {
  let release!: () => void;
  const gate = new Promise<void>((f) => (release = f));
  let held = 0;
  await page.route('**/*_bg.wasm', async (route: Route) => {
    held += 1;
    await gate;
    await route.continue();
  });
  return { release, held: () => held };
}

/** Loads the bootstrap module into the blank host page and inserts elements built by `build`. */
async function insert(page: Page, build: string) {
  await page.evaluate(async (src) => {
    await import('/ctrlhub-interactions.js');
    (window as any).__loads = 0;
    document.addEventListener('ctrlhub-load', () => { (window as any).__loads += 1; });
    new Function('host', src)(document.getElementById('host'));
  }, build);
}

const region = (page: Page) => page.getByRole('region', { name: 'Customer interactions' });

test('the bootstrap paints the skeleton and sends the first request before the wasm; the core uses that response', async ({ page }) => {
  const log = watch(page);
  await page.goto('/hosts/blank.html');
  const wasm = await holdWasm(page);
  await insert(page, `
    const el = document.createElement('ctrlhub-interactions');
    el.setAttribute('org-id', '${ORG}');
    el.setAttribute('api-base', '/');
    el.setAttribute('page-size', '10');
    el.sessionToken = '${TOKEN}';
    host.append(el);`);

  // The wasm is held: the region is the bootstrap's skeleton, busy, with no articles yet.
  await expect(region(page)).toBeVisible();
  await expect(region(page)).toHaveAttribute('aria-busy', 'true');
  await expect(region(page).getByRole('heading', { name: 'Customer interactions' })).toBeVisible();
  await expect(page.getByRole('article')).toHaveCount(0);
  // ... and the first page's request is already on its way.
  await expect.poll(() => log.api.length).toBe(1);
  expect(wasm.held()).toBeGreaterThan(0);
  const first = log.api[0];
  expect(first.url()).toMatch(/\/v3\/orgs\/demo-org\/customers\/interactions\?include=account%2Cauthor%2Ccontact%2Corganisation%2Cproperty%2Crepresentative&limit=10&offset=0$/);
  const headers = await first.allHeaders();
  expect(headers['x-session-token']).toBe(TOKEN);
  expect(headers.accept).toBe('application/vnd.api+json');

  wasm.release();
  await expectArticles(page, 10);
  await expect(region(page)).toHaveAttribute('aria-busy', 'false');
  await expect.poll(() => page.evaluate(() => (window as any).__loads)).toBe(1);
  // One request for the first view: the core used the bootstrap's response.
  expect(log.api.length).toBe(1);
  expect(log.failed).toEqual([]);
});

test('a scope set before the wasm is ready: the prefetch is aborted and the core asks with the scope', async ({ page, request }) => {
  const doc = await fetchInteractions(request, 'include=contact&limit=1');
  const contactId: string = doc.data[0].relationships.contact.data.id;
  const log = watch(page);
  await page.goto('/hosts/blank.html');
  const wasm = await holdWasm(page);
  // The bootstrap's request is kept in flight (its answer held back) until the core has decided.
  let answer!: () => void;
  const answered = new Promise<void>((f) => (answer = f));
  await page.route('**/v3/**', async (route) => {
    if (route.request() === log.api[0]) await answered;
    await route.continue().catch(() => { /* aborted meanwhile */ });
  });
  await insert(page, `
    const el = document.createElement('ctrlhub-interactions');
    el.setAttribute('org-id', '${ORG}');
    el.setAttribute('api-base', '/');
    el.sessionToken = '${TOKEN}';
    host.append(el);`);
  await expect.poll(() => log.api.length).toBe(1);
  expect(new URL(log.api[0].url()).searchParams.get('filter')).toBeNull();

  await page.evaluate((id) => { (document.querySelector('ctrlhub-interactions') as any).scope = { contact_in: [id] }; }, contactId);
  wasm.release();
  // The core sends its own request, with the scope, and aborts the bootstrap's.
  await expect.poll(() => log.api.length).toBe(2);
  expect(new URL(log.api[1].url()).searchParams.get('filter')).toBe(`contact_in('${contactId}')`);
  await expect.poll(() => log.failed.length).toBe(1);
  expect(log.failed[0].error).toContain('ERR_ABORTED');
  expect(log.failed[0].url).toBe(log.api[0].url());
  answer();
  await expect(region(page)).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByRole('article').first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as any).__loads)).toBe(1);
  expect(log.api.length).toBe(2);
});

test('the tokenProvider is asked once for the first view, and its answer is the prefetch\'s', async ({ page }) => {
  const log = watch(page);
  await page.goto('/hosts/blank.html');
  const wasm = await holdWasm(page);
  await insert(page, `
    window.__asked = 0;
    const el = document.createElement('ctrlhub-interactions');
    el.setAttribute('org-id', '${ORG}');
    el.setAttribute('api-base', '/');
    host.append(el);
    // Set right after insertion, in the same task: the prefetch waits for it.
    el.tokenProvider = async () => { window.__asked += 1; return '${TOKEN}'; };`);
  await expect.poll(() => log.api.length).toBe(1);
  expect((await log.api[0].allHeaders())['x-session-token']).toBe(TOKEN);
  wasm.release();
  await expect(page.getByRole('article').first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as any).__loads)).toBe(1);
  expect(await page.evaluate(() => (window as any).__asked)).toBe(1);
  expect(log.api.length).toBe(1);
  expect(log.failed).toEqual([]);
});

// The request rules must not drift between the bootstrap and the core: for each of these
// configurations the bootstrap sends its request while the wasm is held, then the core must find
// it is exactly the one it would send (an aborted request, or a second one, would show it is not).
const COMBINATIONS: Record<string, string>[] = [
  {},
  { 'page-size': '1' },
  { 'page-size': '100' },
  { 'page-size': ' 7 ' },
  { 'page-size': '+5' },
  { 'page-size': '007' },
  { 'load': 'all', 'page-size': '50', 'contact-in': 'c1' },
  { 'group-by': 'property', 'page-size': '3' },
  { 'contact-in': 'c1' },
  { 'contact-in': 'c1,c2' },
  { 'contact-in': ' c1 , c2 c3,,c1 ' },
  { 'property-in': 'p.1', 'account-in': 'a_1' },
  { 'representative-in': 'r-1', 'id-in': 'i1,i2', 'contact-in': 'c9' },
  { 'api-base': 'ORIGIN' },
  { 'api-base': 'ORIGIN/' },
  { 'api-base': 'ORIGIN///' },
  { 'api-base': ' / ' },
  { 'no-toolbar': '', 'theme': 'dark', 'locale': 'fr-FR', 'time-zone': 'Europe/Paris' },
];
const SCOPE_PROPERTIES: unknown[] = [
  { contact_in: ['c1', 'c2'] },
  { contact_in: 'c3, c4', property_in: ['p1'] },
  { account_in: [], contact_in: ['c5'] },
];

test('the bootstrap and the core build the same first request over many configurations', async ({ page }) => {
  const log = watch(page);
  await page.goto('/hosts/blank.html');
  const origin = new URL(page.url()).origin;
  const wasm = await holdWasm(page);
  const attrs = COMBINATIONS.map((a) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.replace('ORIGIN', origin)])));
  await page.evaluate(async ({ attrs, scopes, org, token }) => {
    await import('/ctrlhub-interactions.js');
    const host = document.getElementById('host')!;
    const make = (a: Record<string, string>) => {
      const el = document.createElement('ctrlhub-interactions') as any;
      el.setAttribute('org-id', org);
      if (!('api-base' in a)) el.setAttribute('api-base', '/');
      for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
      el.sessionToken = token;
      return el;
    };
    for (const a of attrs) host.append(make(a));
    for (const scope of scopes) {
      const el = make({ 'contact-in': 'ignored-by-the-property' });
      el.scope = scope;
      host.append(el);
    }
  }, { attrs, scopes: SCOPE_PROPERTIES, org: ORG, token: TOKEN });

  const n = COMBINATIONS.length + SCOPE_PROPERTIES.length;
  // Every one sent by the bootstrap, before any wasm.
  await expect.poll(() => log.api.length).toBe(n);
  wasm.release();
  await expect.poll(() => page.evaluate(() =>
    [...document.querySelectorAll('ctrlhub-interactions')].filter((e: any) => e.state === 'ready' || e.state === 'error').length,
  ), { timeout: 30_000 }).toBe(n);
  // Every one adopted by its core: nothing aborted, nothing sent again.
  expect(log.failed).toEqual([]);
  expect(log.api.length).toBe(n);
  const urls = log.api.map((r) => r.url());
  expect(urls.some((u) => u.includes('filter=contact_in%28%27c1%27%2C%27c2%27%2C%27c3%27%29'))).toBe(true);
  expect(urls.some((u) => u.includes('filter=contact_in%28%27c3%27%2C%27c4%27%29%2Cproperty_in%28%27p1%27%29'))).toBe(true);
  expect(urls.filter((u) => u.includes('ignored-by-the-property'))).toEqual([]);
});

test('a configuration the bootstrap cannot read for certain (a view attribute) is left to the core', async ({ page }) => {
  const log = watch(page);
  await page.goto('/hosts/blank.html');
  const wasm = await holdWasm(page);
  await insert(page, `
    const el = document.createElement('ctrlhub-interactions');
    el.setAttribute('org-id', '${ORG}');
    el.setAttribute('api-base', '/');
    el.setAttribute('view', 'per_page=5');
    el.sessionToken = '${TOKEN}';
    host.append(el);`);
  await expect(region(page)).toHaveAttribute('aria-busy', 'true');
  await expect.poll(() => wasm.held()).toBeGreaterThan(0);
  expect(log.api.length).toBe(0);
  wasm.release();
  await expectArticles(page, 5);
  expect(log.api.length).toBe(1);
  expect(new URL(log.api[0].url()).searchParams.get('limit')).toBe('5');
  expect(log.failed).toEqual([]);
});
