// load="all": every page with bounded concurrency and progress, then filters act on everything.
import { test, expect, facet, expectArticles } from './support';

// Loading 26 pages with an added delay each takes a while on 2 busy cores (the rows are virtualised,
// but every page still arrives, is decoded and re-grouped).
test.describe.configure({ timeout: 120_000 });

/** Nodes in the element's shadow root. */
async function shadowNodes(page: any): Promise<number> {
  return page.evaluate(() => {
    const root = document.querySelector('ctrlhub-interactions')!.shadowRoot!;
    const walker = document.createTreeWalker(root);
    let n = 0;
    while (walker.nextNode()) n++;
    return n;
  });
}

// A page size no other spec uses, to find this test's requests in the shared mock's log.
const SIZE = 97;

async function requestsWithLimit(request: any, limit: number) {
  const log = await (await request.get('/__mock/requests')).json();
  return log.filter((r: any) => (r.query ?? '').includes(`limit=${limit}&`) || (r.query ?? '').endsWith(`limit=${limit}`));
}

test('loads every page, shows progress, then filters count over the whole set', async ({ page, request }) => {
  await page.route('**/v3/**', async (route) => {
    await new Promise((r) => setTimeout(r, 150));
    await route.continue();
  });
  await page.goto(`/hosts/plain.html?attr.load=all&attr.page-size=${SIZE}`);
  await expect(page.getByRole('status')).toHaveText(/Loading \d+ of 26 pages/);
  await expect(page.getByRole('progressbar', { name: 'Loading all pages' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Showing 2,500 of 2,500 interactions', { timeout: 90_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Pagination' })).toHaveCount(0);
  // Virtualised: only the rows near the viewport are in the DOM.
  const rendered = await page.getByRole('article').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(60);
  expect(await shadowNodes(page)).toBeLessThan(3000);

  const offsets = (await requestsWithLimit(request, SIZE)).map((r: any) => Number(/offset=(\d+)/.exec(r.query)?.[1]));
  expect(new Set(offsets).size).toBe(26);

  await (await facet(page, 'Method')).selectOption('email');
  await expect(page.getByRole('status')).toHaveText(/^Showing [\d,]+ of 2,500 interactions$/, { timeout: 60_000 });
  const events = await page.evaluate(() => (window as any).__events.filter((e: any) => e.type === 'ctrlhub-load'));
  expect(events.at(-1).detail).toMatchObject({ total: 2500, count: 2500, pageCount: 26 });
});

test('"Stop loading" keeps what has arrived', async ({ page }) => {
  await page.route('**/v3/**', async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue().catch(() => {});
  });
  await page.goto('/hosts/plain.html?attr.load=all&attr.page-size=10');
  await expect(page.getByRole('status')).toHaveText(/Loading \d+ of 250 pages/);
  await page.getByRole('button', { name: 'Stop loading' }).click();
  await expect(page.getByRole('status')).toHaveText(/stopped after \d+ of 250 pages/);
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  expect(await page.getByRole('article').count()).toBeGreaterThan(0);
});

test('"Stop loading" after a page failed: the alert goes and the element\'s state is "ready" again', async ({ page }) => {
  // Every page after the first fails (a 500, past the automatic retries).
  await page.route('**/v3/**', async (route) => {
    const offset = Number(new URL(route.request().url()).searchParams.get('offset') ?? 0);
    if (offset > 0) await route.fulfill({ status: 500, contentType: 'application/vnd.api+json', body: '{"errors":[{"status":"500","title":"Internal Server Error"}]}' });
    else await route.continue().catch(() => {});
  });
  await page.goto('/hosts/plain.html?attr.load=all&attr.page-size=10');
  await expect(page.getByRole('alert')).toHaveAttribute('data-kind', 'server', { timeout: 30_000 });
  const state = () => page.evaluate(() => (document.querySelector('ctrlhub-interactions') as any).state);
  expect(await state()).toBe('error');
  await page.getByRole('button', { name: 'Stop loading' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('status')).toHaveText(/stopped after \d+ of 250 pages/);
  expect(await state()).toBe('ready');
  await expectArticles(page, 10);
});

test('virtualised: scrolling reaches the last interaction, and Page Down keeps focus on articles', async ({ page }) => {
  await page.goto('/hosts/plain.html?attr.load=all&attr.page-size=100&attr.group-by=none');
  await expect(page.getByRole('status')).toHaveText('Showing 2,500 of 2,500 interactions', { timeout: 60_000 });
  const feed = page.getByRole('feed').last();
  // Keyboard: Page Down from the first article moves focus article by article, past what was
  // rendered at first (in the long feed: "Upcoming", above it, is a feed of its own).
  const first = feed.getByRole('article').first();
  await first.focus();
  const names = new Set<string>();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('PageDown');
    const focused = await page.evaluate(() => {
      const active = document.querySelector('ctrlhub-interactions')!.shadowRoot!.activeElement;
      return active?.tagName === 'ARTICLE' ? active.getAttribute('aria-posinset') : null;
    });
    expect(focused, `focus after ${i + 1} Page Down`).not.toBeNull();
    names.add(focused!);
  }
  expect(names.size).toBe(25);
  // Page Down on the last rendered article (focused without scrolling, so the window has not
  // moved) still reaches the next article: the widget moves the window and focuses it once rendered.
  const edge = await page.evaluate(() => {
    const articles = document.querySelector('ctrlhub-interactions')!.shadowRoot!.querySelectorAll('article');
    const last = articles[articles.length - 1] as HTMLElement;
    last.focus({ preventScroll: true });
    return Number(last.getAttribute('aria-posinset'));
  });
  await page.keyboard.press('PageDown');
  await expect
    .poll(() =>
      page.evaluate(() =>
        document.querySelector('ctrlhub-interactions')!.shadowRoot!.activeElement?.getAttribute('aria-posinset'),
      ),
    )
    .toBe(String(edge + 1));
  // Scrolling to the end shows the last article of the feed.
  await page.evaluate(() => {
    const results = document.querySelector('ctrlhub-interactions')!.shadowRoot!.querySelector('.ch-results')!;
    results.scrollTop = results.scrollHeight;
  });
  // Once the window has moved there, the last rendered article is the feed's last one.
  const last = feed.getByRole('article').last();
  await expect
    .poll(async () => {
      const [pos, size] = [await last.getAttribute('aria-posinset'), await last.getAttribute('aria-setsize')];
      return pos !== null && pos === size && Number(size) > 1000;
    })
    .toBe(true);
  await expect(last).toBeInViewport();
  expect(await shadowNodes(page)).toBeLessThan(3000);
});
