// axe-core (WCAG 2.2 A/AA) inside the element's shadow root, in every state.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, facet, expectArticles } from './support';

// axe scans take seconds each on 2 cores.
test.describe.configure({ timeout: 90_000 });

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).include('ctrlhub-interactions').withTags(TAGS).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`),
  }));
}

for (const group of ['contact', 'property', 'none']) {
  test(`no violations with data grouped by ${group}`, async ({ page }) => {
    await page.goto(`/hosts/plain.html?attr.group-by=${group}`);
    await expectArticles(page, 25);
    expect(await violations(page)).toEqual([]);
  });
}

test('no violations while loading', async ({ page }) => {
  await page.route('**/v3/**', async (route) => {
    await new Promise((r) => setTimeout(r, 3000));
    await route.continue().catch(() => {});
  });
  await page.goto('/hosts/plain.html');
  await expect(page.getByRole('status')).toHaveText(/Loading/);
  expect(await violations(page)).toEqual([]);
});

test('no violations when filtered, empty and in dark theme', async ({ page }) => {
  await page.goto('/hosts/plain.html?attr.theme=dark');
  await expectArticles(page, 25);
  expect(await violations(page)).toEqual([]);
  await (await facet(page, 'Method')).selectOption({ index: 1 });
  await page.getByLabel('Search notes').fill('meter');
  await expect(page.getByRole('status')).toHaveText(/on this page/);
  expect(await violations(page)).toEqual([]);
  await page.getByLabel('Search notes').fill('zzzz-nothing-matches');
  await expect(page.getByRole('status')).toHaveText(/No interactions match/);
  expect(await violations(page)).toEqual([]);
});

test('no violations in the error state and at 320 px', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto('/hosts/plain.html?token=wrong');
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.goto('/hosts/plain.html');
  await expectArticles(page, 25);
  expect(await violations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
