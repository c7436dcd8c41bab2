// Races (issue #5): 100 filter/page changes in about a second (each test prints how long they took:
// 0.2-0.6 s through the UI, 0.6-1.7 s through properties on a busy 2-core machine, where re-rendering
// the shown page on a grouping change is most of it), through properties and attributes and through
// the UI. The widget ends showing what the last change asked for, and never
// has more than one request in flight (a superseded request is aborted: Playwright reports it as
// failed, which counts as finished).
//
// Its own mock adds 40 ms to every API response, so requests overlap the changes that supersede them.
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, expectGroupBy, expectArticles, showAllUpcoming } from './support';
import { startMock, type OwnMock } from './own-mock';

const TOKEN = 'demo-token';
const ORG = 'demo-org';
const INCLUDE = 'include=account,author,contact,organisation,property,representative';

let mock: OwnMock;
test.beforeAll(async () => {
  mock = await startMock(['--latency-ms', '40']);
});
test.afterAll(async () => {
  await mock?.stop();
});

type Flight = { max: number; inFlight: number; started: number; finished: number; failed: number; urls: string[] };

/** Counts API requests in flight as Playwright's events report them (for the record: see below). */
function trackFlights(page: Page): Flight {
  const f: Flight = { max: 0, inFlight: 0, started: 0, finished: 0, failed: 0, urls: [] };
  const isApi = (url: string) => url.includes(`/v3/orgs/`);
  page.on('request', (r) => {
    if (!isApi(r.url())) return;
    f.started++;
    f.inFlight++;
    f.max = Math.max(f.max, f.inFlight);
    f.urls.push(r.url());
  });
  page.on('requestfinished', (r) => {
    if (!isApi(r.url())) return;
    f.finished++;
    f.inFlight--;
  });
  page.on('requestfailed', (r) => {
    if (!isApi(r.url())) return;
    f.failed++;
    f.inFlight--;
  });
  return f;
}

/**
 * The same count from inside the page: a wrapper around `fetch` counts an API request in flight from
 * the call until its body has been read, it failed, or its signal aborted it. Chromium reports an
 * aborted request's failure to Playwright asynchronously (seen 30-100 ms after the request that
 * superseded it had started), so Playwright's events alone would count a request the widget has
 * already aborted; the page's own count is exact.
 */
async function trackFlightsInPage(page: Page) {
  await page.addInitScript(() => {
    const t = { inFlight: 0, max: 0, started: 0, aborted: 0, completed: 0, failed: 0 };
    (window as any).__flights = t;
    const bodyDone = new WeakMap<Response, () => void>();
    const fetch = window.fetch;
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.includes('/v3/orgs/')) return fetch.call(window, input, init);
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      let done = false;
      const finish = (how: 'aborted' | 'completed' | 'failed') => {
        if (done) return;
        done = true;
        t.inFlight--;
        t[how]++;
      };
      t.started++;
      t.inFlight++;
      t.max = Math.max(t.max, t.inFlight);
      signal?.addEventListener('abort', () => finish('aborted'), { once: true });
      const p = fetch.call(window, input, init);
      p.then(
        (response) => bodyDone.set(response, () => finish('completed')),
        () => finish('failed'),
      );
      return p;
    } as typeof window.fetch;
    for (const m of ['text', 'json', 'arrayBuffer', 'blob'] as const) {
      const read = Response.prototype[m] as (this: Response) => Promise<unknown>;
      (Response.prototype as any)[m] = function (this: Response) {
        const p = read.call(this);
        const f = bodyDone.get(this);
        if (f) p.then(f, f);
        return p;
      };
    }
  });
}

type PageFlights = { inFlight: number; max: number; started: number; aborted: number; completed: number; failed: number };
const pageFlights = (page: Page): Promise<PageFlights> => page.evaluate(() => (window as any).__flights);

const region = (page: Page) => page.getByRole('region', { name: 'Customer interactions' });

async function apiIds(request: APIRequestContext, query: string): Promise<string[]> {
  const r = await request.get(`${mock.url}/v3/orgs/${ORG}/customers/interactions?${INCLUDE}&${query}`, {
    headers: { 'X-Session-Token': TOKEN },
  });
  expect(r.status()).toBe(200);
  return (await r.json()).data.map((d: any) => d.id);
}

async function contactIds(request: APIRequestContext): Promise<string[]> {
  const r = await request.get(`${mock.url}/v3/orgs/${ORG}/customers/interactions?limit=50`, {
    headers: { 'X-Session-Token': TOKEN },
  });
  const ids = (await r.json()).data.map((d: any) => d.relationships?.contact?.data?.id).filter(Boolean);
  return [...new Set<string>(ids)].slice(0, 3);
}

/** Waits for the widget to settle: nothing loading, nothing in flight, and no request started for
 * longer than the idle prefetch takes to begin (400 ms after a page from page 2 on is shown). */
async function settled(page: Page, f: Flight) {
  await expect(region(page)).toHaveAttribute('aria-busy', 'false');
  await expect(region(page).getByRole('status')).toHaveText(/^Showing/);
  await expect
    .poll(
      async () => {
        const before = await pageFlights(page);
        // Asserts that something does NOT happen: no request starts within 600 ms, longer than the
        // 400 ms idle delay after which the prefetch of the next page would begin.
        await page.waitForTimeout(600);
        const after = await pageFlights(page);
        return after.inFlight === 0 && after.started === before.started && f.inFlight === 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

async function shownIds(page: Page): Promise<string[]> {
  return region(page).getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

async function check(page: Page, f: Flight, ms: number, how: string) {
  const p = await pageFlights(page);
  const line =
    `${how}: 100 changes in ${Math.round(ms)} ms; in the page: ${p.started} API requests, ${p.aborted} aborted, ` +
    `${p.completed} completed, at most ${p.max} in flight; Playwright: ${f.started} requests, ${f.failed} failed ` +
    `(aborted), ${f.finished} finished, at most ${f.max} reported in flight`;
  console.log(line);
  test.info().annotations.push({ type: 'race', description: line });
  expect(p.max, 'API requests in flight at once (in the page)').toBe(1);
  expect(p.inFlight).toBe(0);
  expect(p.failed).toBe(0);
  expect(p.aborted + p.completed).toBe(p.started);
  expect(p.started, 'the changes sent requests').toBeGreaterThan(10);
  // Playwright saw the requests that reached the network, and each one finished or failed (aborted).
  expect(f.started).toBeGreaterThan(10);
  expect(f.started).toBeLessThanOrEqual(p.started);
  expect(f.finished + f.failed).toBe(f.started);
}

test('100 rapid property and attribute changes: the last one wins, one request in flight at most', async ({
  page,
  request,
}) => {
  const contacts = await contactIds(request);
  expect(contacts.length).toBe(3);
  const f = trackFlights(page);
  await trackFlightsInPage(page);
  await page.goto(`${mock.url}/hosts/plain.html`);
  await settled(page, f);

  const ms = await page.evaluate(async (contacts) => {
    const el = document.querySelector('ctrlhub-interactions') as any;
    // A fixed pseudo-random sequence (no Math.random: the same run every time).
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const groups = ['contact', 'property', 'none'];
    // Let the element react (its effects run as microtasks, and start the request); every 25th
    // change, let a task run too (responses arrive, pages render).
    const pause = async (i: number) => {
      if (i % 25 === 24) await new Promise((r) => setTimeout(r, 0));
      else for (let k = 0; k < 4; k++) await Promise.resolve();
    };
    const start = performance.now();
    for (let i = 0; i < 99; i++) {
      switch (next(6)) {
        case 0: // the whole view, as an attribute (never 10 per page: only the last change asks for that)
          el.setAttribute('view', `group=${groups[next(3)]}&per_page=${[25, 50, 100][next(3)]}&page=${1 + next(12)}`);
          break;
        case 1: // the same, as a property
          el.view = `per_page=${[25, 50, 100][next(3)]}&page=${1 + next(12)}`;
          break;
        case 2: // server-side scope, as a property
          el.scope = next(2) ? { contact_in: [contacts[next(3)]] } : null;
          break;
        case 3: // server-side scope, as an attribute
          if (next(2)) el.setAttribute('contact-in', contacts[next(3)]);
          else el.removeAttribute('contact-in');
          break;
        case 4:
          el.pageSize = [20, 30, 40][next(3)];
          break;
        default:
          el.groupBy = groups[next(3)];
      }
      await pause(i);
    }
    // The last change: no scope, 10 per page, page 9.
    el.scope = null;
    el.removeAttribute('contact-in');
    el.setAttribute('view', 'group=none&per_page=10&page=9');
    return performance.now() - start;
  }, contacts);

  await settled(page, f);
  await expect(region(page).getByRole('navigation', { name: 'Pagination' })).toContainText('Page 9 of 250');
  await expectGroupBy(region(page), 'none');
  expect(await shownIds(page)).toEqual(await apiIds(request, 'limit=10&offset=80'));
  await check(page, f, ms, 'properties/attributes');
  // The last request sent is the one shown, or, once the widget is idle on page 9, the prefetch of
  // page 10 right after it.
  const sent = f.urls.map((u) => {
    const q = new URL(u).searchParams;
    return [q.get('limit'), q.get('offset'), q.get('filter')];
  });
  const tail = sent.at(-1)![1] === '90' ? sent.slice(-2) : sent.slice(-1);
  expect(tail).toEqual(tail.length === 2 ? [['10', '80', null], ['10', '90', null]] : [['10', '80', null]]);
});

test('100 rapid UI changes (pager buttons, per page, grouping): the last one wins, one request in flight at most', async ({
  page,
  request,
}) => {
  const f = trackFlights(page);
  await trackFlightsInPage(page);
  await page.goto(`${mock.url}/hosts/plain.html?attr.page-size=10`);
  await settled(page, f);

  const ms = await page.evaluate(async () => {
    const root = document.querySelector('ctrlhub-interactions')!.shadowRoot!;
    const button = (name: string) => root.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`);
    const select = (label: string) =>
      [...root.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label))?.querySelector('select') ??
      null;
    // "Group by" is a radio group: a click on an option's radio.
    const radio = (value: string) => root.querySelector<HTMLInputElement>(`input[type="radio"][value="${value}"]`);
    const choose = (s: HTMLSelectElement | null, value: string) => {
      if (!s) return;
      s.value = value;
      s.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    };
    let seed = 11;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    // Let the element react (its effects run as microtasks, and start the request); every 25th
    // change, let a task run too (responses arrive, pages render).
    const pause = async (i: number) => {
      if (i % 25 === 24) await new Promise((r) => setTimeout(r, 0));
      else for (let k = 0; k < 4; k++) await Promise.resolve();
    };
    const start = performance.now();
    for (let i = 0; i < 99; i++) {
      switch (next(6)) {
        case 0:
        case 1:
          button('Next page')?.click();
          break;
        case 2:
          button('Previous page')?.click();
          break;
        case 3:
          button(next(2) ? 'Last page' : 'First page')?.click();
          break;
        case 4: // never 50: only the last change asks for that
          choose(select('Per page'), ['10', '25', '100'][next(3)]);
          break;
        default:
          radio(['contact', 'property', 'none'][next(3)])?.click();
      }
      await pause(i);
    }
    // The last change: 50 per page (page 1).
    choose(select('Per page'), '50');
    return performance.now() - start;
  });

  await settled(page, f);
  await expect(region(page).getByRole('navigation', { name: 'Pagination' })).toContainText('Page 1 of 50');
  await expectArticles(region(page), 50);
  await showAllUpcoming(region(page));
  const shown = new Set(await shownIds(page));
  expect(shown).toEqual(new Set(await apiIds(request, 'limit=50&offset=0')));
  await check(page, f, ms, 'UI');
  const last = new URL(f.urls.at(-1)!);
  expect([last.searchParams.get('limit'), last.searchParams.get('offset')]).toEqual(['50', '0']);
});
