// Takes (does not compare) the README's screenshots: the standalone demo in light, the plain host
// page with theme="dark", the demo 375 px wide, and (issue #11) an expanded row, the filter panel
// open with a chip, and the overview that "Collapse all" gives. Viewport-sized, not full page, to keep them
// small. They go to test-results/screenshots/ on every run, and replace the committed ones under
// tests/e2e/screenshots/ only with UPDATE_SCREENSHOTS=1 (so a test run leaves the tree clean).
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, moreAction, openDetails, openFilters, facet } from './support';
import { waitReady, widget } from './timeline-support';

test.use({ timezoneId: 'Europe/London', locale: 'en-GB' });

const save = async (page: Page, name: string) => {
  const dir = process.env.UPDATE_SCREENSHOTS ? 'screenshots' : path.join('test-results', 'screenshots');
  const file = path.resolve(test.info().project.testDir, '..', dir, name);
  const png = await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  expect(png.byteLength).toBeGreaterThan(1_000);
};

test('light: the standalone demo', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?demo');
  await waitReady(page);
  await expect(widget(page).getByRole('article').first()).toBeVisible();
  await save(page, 'light.png');
});

test('dark: theme="dark" on the element (plain host page)', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/hosts/plain.html?attr.theme=dark');
  await waitReady(page);
  await expect(page.locator('ctrlhub-interactions')).toHaveAttribute('theme', 'dark');
  await expect(widget(page).getByRole('article').first()).toBeVisible();
  await save(page, 'dark.png');
});

test('mobile: the standalone demo 375 px wide', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?demo');
  await waitReady(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await save(page, 'mobile-375.png');
});

test('expanded: a row opened in place (plain host page)', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  const feeds = widget(page).getByRole('feed');
  await openDetails(feeds.nth(1).getByRole('article').first());
  await save(page, 'expanded.png');
});

test('filters: the panel open, with a chip', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  await openFilters(widget(page));
  await (await facet(widget(page), 'Method')).selectOption('email');
  await expect(widget(page).getByRole('button', { name: 'Remove filter Method: Email' })).toBeVisible();
  await save(page, 'filters.png');
});

test('overview: "Collapse all", one line per group', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/hosts/plain.html?attr.page-size=50');
  await waitReady(page);
  await moreAction(widget(page), 'Collapse all');
  await expect(widget(page).getByRole('article')).toHaveCount(0);
  await save(page, 'overview.png');
});
