// load="all": every page with bounded concurrency and progress, then filters act on everything.
import { test, expect } from './support';

// Rendering 2,500 articles (no virtualisation yet) takes seconds on 2 busy cores: 48 s alone at a load
// average of 5, over 2 min beside other builds (load average 13).
test.describe.configure({ timeout: 240_000 });

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
  await expect(page.getByRole('status')).toHaveText('Showing 2,500 of 2,500 interactions', { timeout: 200_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Pagination' })).toHaveCount(0);
  await expect(page.getByRole('article')).toHaveCount(2500);

  const offsets = (await requestsWithLimit(request, SIZE)).map((r: any) => Number(/offset=(\d+)/.exec(r.query)?.[1]));
  expect(new Set(offsets).size).toBe(26);

  await page.getByLabel('Method').selectOption('email');
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
