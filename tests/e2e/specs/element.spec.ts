// The element's lifecycle contract: upgrade, declarative errors, what re-sends a request, timers.
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, chooseGroupBy, expectGroupBy, expectArticles } from './support';

async function apiRequests(request: APIRequestContext, marker: string) {
  const log = await (await request.get('/__mock/requests')).json();
  return log.filter((r: any) => (r.query ?? '').includes(marker));
}

/** Adds an element to the blank host, with `setup` run on it before the module is loaded. */
async function addElement(page: Page, attrs: Record<string, string>, loadModule = true) {
  await page.evaluate(
    async ({ attrs, loadModule }) => {
      const el = document.createElement('ctrlhub-interactions');
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      (window as any).__events = [];
      for (const t of ['ctrlhub-load', 'ctrlhub-error', 'ctrlhub-select', 'ctrlhub-filter-change']) {
        el.addEventListener(t, (e: any) => (window as any).__events.push({ type: t, detail: e.detail }));
      }
      document.getElementById('host')!.append(el);
      if (loadModule) await import('/ctrlhub-interactions.js');
    },
    { attrs, loadModule },
  );
}

test('properties set before the module loaded are applied when it upgrades', async ({ page }) => {
  await page.goto('/hosts/blank.html');
  await page.evaluate(async () => {
    const el: any = document.createElement('ctrlhub-interactions');
    // Not yet defined: these land as own properties on a plain HTMLElement.
    el.orgId = 'demo-org';
    el.apiBase = '/';
    el.sessionToken = 'demo-token';
    el.pageSize = 10;
    document.getElementById('host')!.append(el);
    await import('/ctrlhub-interactions.js');
  });
  await expectArticles(page, 10);
  const el = await page.evaluate(() => {
    const el: any = document.querySelector('ctrlhub-interactions');
    return { org: el.getAttribute('org-id'), token: el.getAttribute('session-token'), own: Object.keys(el), state: el.state, total: el.total };
  });
  // The token property is applied but never reflected; no own properties shadow the class's.
  expect(el).toEqual({ org: 'demo-org', token: null, own: [], state: 'ready', total: 2500 });
});

test('ctrlhub-load fires once the interactions are in the shadow DOM', async ({ page }) => {
  await page.goto('/hosts/blank.html');
  await page.evaluate(async () => {
    const el = document.createElement('ctrlhub-interactions');
    for (const [k, v] of Object.entries({ 'org-id': 'demo-org', 'api-base': '/', 'session-token': 'demo-token', 'page-size': '10' })) {
      el.setAttribute(k, v);
    }
    (window as any).__seen = [];
    // What a host sees in its handler: the articles already rendered, the status already right.
    el.addEventListener('ctrlhub-load', () =>
      (window as any).__seen.push({
        // Rendered, plus those behind "Show N more upcoming" (at most 5 upcoming show at first).
        articles:
          el.shadowRoot!.querySelectorAll('article').length +
          Number(/\d+/.exec(el.shadowRoot!.querySelector('.ch-more-upcoming')?.textContent ?? '')?.[0] ?? 0),
        status: el.shadowRoot!.querySelector('[role=status]')?.textContent ?? '',
        state: (el as any).state,
      }),
    );
    document.getElementById('host')!.append(el);
    await import('/ctrlhub-interactions.js');
  });
  await expect.poll(() => page.evaluate(() => (window as any).__seen.length)).toBe(1);
  const [seen] = await page.evaluate(() => (window as any).__seen);
  expect(seen.articles).toBe(10);
  expect(seen.status).toContain('Showing 10 of 2,500');
  expect(seen.state).toBe('ready');
  // "Next page": the event again finds the new page on screen.
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect.poll(() => page.evaluate(() => (window as any).__seen.length)).toBe(2);
  expect((await page.evaluate(() => (window as any).__seen))[1].articles).toBe(10);
});

test('used declaratively without org-id: a config error, never an exception', async ({ page }) => {
  await page.goto('/hosts/blank.html');
  await addElement(page, { 'api-base': '/', 'session-token': 'demo-token' });
  await expect(page.getByRole('alert')).toContainText('No organisation ID');
  const events = await page.evaluate(() => (window as any).__events);
  expect(events.filter((e: any) => e.type === 'ctrlhub-error').map((e: any) => e.detail.kind)).toEqual(['config']);
  expect(await page.evaluate(() => (document.querySelector('ctrlhub-interactions') as any).state)).toBe('error');
  // Fixing the attribute recovers without a reload.
  await page.evaluate(() => document.querySelector('ctrlhub-interactions')!.setAttribute('org-id', 'demo-org'));
  await expectArticles(page, 25);
});

test('values read as their default (group-by, load, refresh-interval) are named in one console warning', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().includes('<ctrlhub-interactions>')) warnings.push(m.text());
  });
  await page.goto('/hosts/blank.html');
  await addElement(page, {
    'org-id': 'demo-org', 'api-base': '/', 'session-token': 'demo-token', 'group-by': 'day', load: 'lots',
  });
  await expectArticles(page, 25);
  await expect.poll(() => warnings.length).toBe(1);
  for (const part of ['group-by', '"day"', 'load', '"lots"']) expect(warnings[0]).toContain(part);
  // The grouping is the default, and the widget works.
  await expectGroupBy(page, 'contact');
  // Another attribute changing does not repeat it; a new bad value is said once more.
  await page.evaluate(() => document.querySelector('ctrlhub-interactions')!.setAttribute('locale', 'en-GB'));
  await page.evaluate(() => document.querySelector('ctrlhub-interactions')!.setAttribute('group-by', 'week'));
  await expect.poll(() => warnings.length).toBe(2);
  expect(warnings[1]).toContain('"week"');
  expect(warnings[0]).not.toContain('"week"');
});

test('a locale the browser rejects and a time zone it does not know read as the defaults, named in one console warning', async ({
  page,
}) => {
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().includes('<ctrlhub-interactions>')) warnings.push(m.text());
  });
  await page.goto('/hosts/blank.html');
  await addElement(page, {
    'org-id': 'demo-org', 'api-base': '/', 'session-token': 'demo-token', locale: 'en_GB', 'time-zone': 'Europe/Londn',
  });
  await expectArticles(page, 25);
  await expect.poll(() => warnings.length).toBe(1);
  for (const part of ['locale', '"en_GB"', 'time-zone', '"Europe/Londn"']) expect(warnings[0]).toContain(part);
  // Dates are still formatted in full (with the bad zone, Intl's bare defaults dropped the time).
  const names = await page.getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  for (const name of names.slice(0, 5)) expect(name).toMatch(/\d{1,2}:\d{2}/);
  // Fixing one leaves the other named; fixing both leaves nothing: the next bad value is named alone.
  const set = (k: string, v: string) =>
    page.evaluate(([k, v]) => document.querySelector('ctrlhub-interactions')!.setAttribute(k, v), [k, v]);
  await set('locale', 'en-GB');
  await expect.poll(() => warnings.length).toBe(2);
  expect(warnings[1]).toContain('"Europe/Londn"');
  expect(warnings[1]).not.toContain('en_GB');
  await set('time-zone', 'Europe/London');
  await set('group-by', 'week');
  await expect.poll(() => warnings.length).toBe(3);
  expect(warnings[2]).toContain('"week"');
  expect(warnings[2]).not.toContain('Europe/Londn');
});

test('attribute changes update the view; only a changed request is sent again', async ({ page, request }) => {
  await page.goto('/hosts/blank.html');
  const marker = 'limit=23&';
  await addElement(page, { 'org-id': 'demo-org', 'api-base': '/', 'session-token': 'demo-token', 'page-size': '23' });
  await expectArticles(page, 23);
  const before = (await apiRequests(request, marker)).length;
  expect(before).toBe(1);

  const set = (k: string, v: string) => page.evaluate(([k, v]) => document.querySelector('ctrlhub-interactions')!.setAttribute(k, v), [k, v]);
  await set('theme', 'dark');
  await set('group-by', 'property');
  await expect(page.getByRole('button', { name: /^No property|,/ }).first()).toBeVisible();
  const firstDate = page.getByRole('article').first().locator('time').first();
  const dateBefore = (await firstDate.textContent()) ?? '';
  await set('locale', 'en-US');
  await set('time-zone', 'America/New_York');
  await expect(firstDate).not.toHaveText(dateBefore); // re-rendered in the new locale and zone
  // Asserts that something does NOT happen: none of these changes sends a request, even a while later.
  await page.waitForTimeout(500);
  expect((await apiRequests(request, marker)).length).toBe(before);

  await set('page-size', '11');
  await expectArticles(page, 11);
  expect((await apiRequests(request, 'limit=11&')).length).toBeGreaterThanOrEqual(1);

  // refresh() sends the current request again.
  const n = (await apiRequests(request, 'limit=11&')).length;
  await page.evaluate(() => (document.querySelector('ctrlhub-interactions') as any).refresh());
  await expect.poll(async () => (await apiRequests(request, 'limit=11&')).length).toBe(n + 1);
});

test('refresh-interval refreshes while connected and stops when removed', async ({ page, request }) => {
  await page.goto('/hosts/blank.html');
  const marker = 'limit=19&';
  await addElement(page, {
    'org-id': 'demo-org', 'api-base': '/', 'session-token': 'demo-token', 'page-size': '19', 'refresh-interval': '1',
  });
  await expectArticles(page, 19);
  await expect.poll(async () => (await apiRequests(request, marker)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  // Data stays on screen during silent refreshes.
  await expectArticles(page, 19);
  await page.evaluate(() => document.querySelector('ctrlhub-interactions')!.remove());
  const after = (await apiRequests(request, marker)).length;
  // Asserts that something does NOT happen: no refresh for 2.5 intervals after removal.
  await page.waitForTimeout(2500);
  expect((await apiRequests(request, marker)).length).toBe(after);
});

test('page cache: back to a visited page costs no request; from page 2 the next page is prefetched; refresh() asks again', async ({
  page,
  request,
}) => {
  await page.goto('/hosts/blank.html');
  // A page size no other spec uses, to find this test's requests in the shared mock's log.
  const marker = 'limit=31&';
  const seen = (await apiRequests(request, marker)).length; // earlier runs against the same mock
  const offsets = async (): Promise<number[]> =>
    (await apiRequests(request, marker)).slice(seen).map((r: any) => Number(/offset=(\d+)/.exec(r.query)?.[1] ?? 0));
  await addElement(page, { 'org-id': 'demo-org', 'api-base': '/', 'session-token': 'demo-token', 'page-size': '31' });
  await expect(page.getByText('Page 1 of')).toBeVisible();
  // Asserts that something does NOT happen: no prefetch within twice the 400 ms idle delay.
  await page.waitForTimeout(800);
  expect(await offsets(), 'the first view is one request (no prefetch on page 1)').toEqual([0]);

  const pager = page.getByRole('navigation', { name: 'Pagination' });
  await pager.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('Page 2 of')).toBeVisible();
  // Idle on page 2: page 3 is fetched in the background.
  await expect.poll(offsets).toEqual([0, 31, 62]);
  await pager.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('Page 3 of')).toBeVisible();
  await pager.getByRole('button', { name: 'Previous page' }).click();
  await pager.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByText('Page 1 of')).toBeVisible();
  await expectArticles(page, 31);
  // Page 3 (prefetched), page 2 and page 1 again came from the cache. (Page 3 may have started
  // prefetching page 4, unless "Previous page" came within the idle delay.)
  expect((await offsets()).filter((o) => o !== 93)).toEqual([0, 31, 62]);

  await page.evaluate(() => (document.querySelector('ctrlhub-interactions') as any).refresh());
  await expect.poll(async () => (await offsets()).filter((o) => o === 0).length).toBe(2);
});

test('removed and attached again later, or moved, it keeps its view and token', async ({ page }) => {
  await page.goto('/hosts/blank.html');
  await addElement(page, { 'org-id': 'demo-org', 'api-base': '/', 'page-size': '10' });
  await page.evaluate(() => {
    const el: any = document.querySelector('ctrlhub-interactions');
    el.sessionToken = 'demo-token';
  });
  const region = page.getByRole('region', { name: 'Customer interactions' });
  const nav = region.getByRole('navigation', { name: 'Pagination' });
  await expectArticles(region, 10);
  await chooseGroupBy(region, 'none');
  await nav.getByRole('button', { name: 'Next page' }).click();
  await expect(nav).toContainText('Page 2 of 250');

  // Removed (its wasm core is released once it has left the document), then attached again.
  await page.evaluate(async () => {
    const el = document.querySelector('ctrlhub-interactions')!;
    el.remove();
    await new Promise((r) => setTimeout(r, 50));
    document.getElementById('host')!.append(el);
  });
  await expect(nav).toContainText('Page 2 of 250');
  await expectGroupBy(region, 'none');
  await expectArticles(region, 10);

  // Moved within the document (disconnected and connected in one task).
  await page.evaluate(() => {
    const el = document.querySelector('ctrlhub-interactions')!;
    const other = document.createElement('section');
    document.body.append(other);
    other.append(el);
  });
  await expect(nav).toContainText('Page 2 of 250');
  await expectArticles(region, 10);
});

test("a later attribute change does not undo the user's grouping or page size", async ({ page }) => {
  await page.goto('/hosts/blank.html');
  await addElement(page, { 'org-id': 'demo-org', 'api-base': '/', 'session-token': 'demo-token', 'page-size': '10', 'group-by': 'contact' });
  await expectArticles(page, 10);
  await page.getByLabel('Per page').selectOption('50');
  await chooseGroupBy(page, 'none');
  await expectArticles(page, 50);
  // The host changes something else: the user's choices stay.
  const firstDate = page.getByRole('article').first().locator('time').first();
  const dateBefore = (await firstDate.textContent()) ?? '';
  await page.evaluate(() => document.querySelector('ctrlhub-interactions')!.setAttribute('theme', 'dark'));
  await page.evaluate(() => document.querySelector('ctrlhub-interactions')!.setAttribute('locale', 'en-US'));
  await expect(firstDate).not.toHaveText(dateBefore); // re-rendered in the new locale
  // Asserts that something does NOT happen: the user's choices are not undone a while later either.
  await page.waitForTimeout(300);
  await expectArticles(page, 50);
  await expectGroupBy(page, 'none');
  // The host changing the attribute itself still applies.
  await page.evaluate(() => document.querySelector('ctrlhub-interactions')!.setAttribute('page-size', '20'));
  await expectArticles(page, 20);
});
