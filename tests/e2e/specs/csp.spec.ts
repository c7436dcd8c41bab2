// The element works on a page with a strict Content-Security-Policy that requires Trusted Types,
// with zero violations, while the user groups, filters, searches and pages.
import { test, expect, chooseGroupBy, facet, moreAction, expectArticles } from './support';

declare global {
  interface Window {
    __violations: { directive: string; blocked: string; sample: string }[];
  }
}

test('renders and is usable under a strict CSP with Trusted Types, with no violations', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto('/hosts/csp.html');

  await expectArticles(page, 25);
  await expect(page.getByRole('status')).toHaveText(/Showing 25 of 2,500 interactions/);

  // Exercise the rendering paths: grouping, facet filter, search with highlights, disclosure, paging.
  await chooseGroupBy(page, 'property');
  await (await facet(page, 'Method')).selectOption({ index: 1 });
  await page.getByLabel('Search notes').fill('meter');
  await expect(page.getByRole('status')).toHaveText(/on this page/);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await moreAction(page, 'Collapse all');
  await moreAction(page, 'Expand all');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('Page 2 of 100')).toBeVisible();
  await expect(page.getByRole('article').first()).toBeVisible();

  const violations = await page.evaluate(() => window.__violations);
  expect(violations).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
