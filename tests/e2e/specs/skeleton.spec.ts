// The walking skeleton: the element renders the first page in a plain host page, reports auth
// failures, and the standalone site signs in to the demo org. Fault-injection specs are in
// skeleton.serial.spec.ts (see playwright.config.ts for why).
import { test, expect, firstContactLabel, recordedEvents, expectArticles, showAllUpcoming } from './support';

test('a plain host page renders the first page', async ({ page, request }) => {
  const contact = await firstContactLabel(request);
  await page.goto('/hosts/plain.html');

  const region = page.getByRole('region', { name: 'Customer interactions' });
  await expect(region).toBeVisible();
  const articles = page.getByRole('article');
  await expectArticles(page, 25); // the default page size
  await showAllUpcoming(page);
  await expect(page.getByRole('status')).toHaveText(/^\s*Showing 25 of 2,500 interactions\s*$/);
  // The newest interaction is not necessarily the first article (the timeline puts upcoming ones
  // first, soonest first, and groups the rest), but it is shown with its contact's label.
  await expect(articles.filter({ hasText: contact }).first()).toBeVisible();

  const dom = await page.evaluate(() => {
    const el = document.querySelector('ctrlhub-interactions');
    const root = el?.shadowRoot;
    return {
      hasShadowRoot: !!root,
      inShadowRoot: root ? root.querySelectorAll('article, [role="article"]').length : 0,
      inDocument: document.querySelectorAll('article, [role="article"]').length,
    };
  });
  expect(dom).toEqual({ hasShadowRoot: true, inShadowRoot: 25, inDocument: 0 });
});

test('a wrong token shows an alert and an auth error event', async ({ page }) => {
  await page.goto('/hosts/plain.html?token=wrong');

  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect
    .poll(async () => (await recordedEvents(page, 'ctrlhub-error')).map((e) => e.detail?.kind))
    .toContain('auth');
  await expect(page.getByRole('article')).toHaveCount(0);
});

test('the standalone site signs in to the demo org with ?demo', async ({ page }) => {
  await page.goto('/?demo');

  await expect(page.locator('ctrlhub-interactions')).toBeAttached();
  await expect(page.getByRole('region', { name: 'Customer interactions' })).toBeVisible();
  await expect(page.getByRole('article').first()).toBeVisible();
  expect(await page.getByRole('article').count()).toBeGreaterThan(0);
});
