// Issue #11, "a timeline an agent can scan": density of the first screen, compact rows that expand
// in place, self-describing articles, summarising group headings, the one-row toolbar and its
// chips, and axe in each new state. By role and accessible name; expectations from the API.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import {
  test,
  expect,
  recordedEvents,
  chooseGroupBy,
  expectGroupBy,
  facet,
  filtersButton,
  moreAction,
  openDetails,
  openFilters,
  expectArticles,
} from './support';
import { METHOD, apiPage, articleName, isUpcoming, statusLabel, waitReady, widget } from './timeline-support';

test.describe.configure({ timeout: 90_000 });
test.use({ timezoneId: 'UTC' });

/** Articles wholly inside the viewport (the first screen, no scrolling). */
function whollyVisible(page: Page): Promise<number> {
  return widget(page)
    .getByRole('article')
    .evaluateAll((els) =>
      els.filter((e) => {
        const r = e.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      }).length,
    );
}

async function violations(page: Page) {
  const result = await new AxeBuilder({ page })
    .include('ctrlhub-interactions')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// --- density (the acceptance figure) -------------------------------------------------------------

for (const [viewport, least] of [
  [{ width: 1280, height: 900 }, 12],
  [{ width: 375, height: 812 }, 6],
] as const) {
  test(`group-by="none" at ${viewport.width} × ${viewport.height}: at least ${least} interactions wholly visible in the first screen`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto('/hosts/plain.html?attr.group-by=none');
    await waitReady(page);
    await expectArticles(widget(page), 25);
    const n = await whollyVisible(page);
    test.info().annotations.push({ type: 'wholly visible', description: `${n} at ${viewport.width} × ${viewport.height}` });
    expect(n).toBeGreaterThanOrEqual(least);
    // The toolbar is in view too: at most three short rows at 375 px.
    const toolbar = await widget(page).locator('[part="toolbar"]').boundingBox();
    expect(toolbar!.y).toBeGreaterThanOrEqual(0);
    if (viewport.width === 375) expect(toolbar!.height, 'toolbar height at 375 px').toBeLessThanOrEqual(3 * 48);
    else expect(toolbar!.height, 'toolbar height at 1280 px').toBeLessThanOrEqual(2 * 48);
  });
}

// --- 1. compact rows -----------------------------------------------------------------------------

test('1. a collapsed row is at most two text lines and costs fewer DOM nodes than the old card', async ({
  page,
}) => {
  await page.goto('/hosts/plain.html?attr.group-by=none');
  await waitReady(page);
  const rows = await widget(page)
    .getByRole('article')
    .evaluateAll((els) =>
      els.map((e) => {
        const lh = parseFloat(getComputedStyle(e).lineHeight);
        const nodes = document.createTreeWalker(e, NodeFilter.SHOW_ALL);
        let n = 0;
        while (nodes.nextNode()) n++;
        return { height: e.getBoundingClientRect().height, lh, nodes: n };
      }),
    );
  for (const r of rows) {
    // Two lines of text plus the row's padding (the second line is smaller type).
    expect(r.height, 'row height').toBeLessThanOrEqual(2 * r.lh + 16);
    // The card this replaces had 60-70 nodes (header, a five-row <dl> of label buttons, notes).
    expect(r.nodes, 'DOM nodes in a collapsed row').toBeLessThan(40);
  }
});

// --- 2. details in place -------------------------------------------------------------------------

test('2. a click or Enter expands a row in place, fires ctrlhub-select, and the state survives paging back', async ({
  page,
  request,
}) => {
  const { items } = await apiPage(request);
  const item = items.find((i) => !isUpcoming(i) && i.contact && i.property && i.representative)!;
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  const w = widget(page);
  const article = w.getByRole('article', { name: await articleName(page, item) });
  await expect(article.getByRole('term')).toHaveCount(0);
  await article.click({ position: { x: 5, y: 5 } });
  await expect(article.getByRole('term').filter({ hasText: 'Representative' })).toBeVisible();
  await expect(article.getByRole('button', { name: item.contact!.label, exact: true })).toBeVisible();
  await expect.poll(async () => (await recordedEvents(page, 'ctrlhub-select')).map((e) => e.detail.id)).toEqual([item.id]);
  expect(await violations(page), 'axe: an expanded row').toEqual([]);

  // Paging away and back keeps it open.
  await w.getByRole('button', { name: 'Next page' }).click();
  await expect(w.getByText(/^Page 2 of/)).toBeVisible();
  await w.getByRole('button', { name: 'Previous page' }).click();
  await expect(w.getByText(/^Page 1 of/)).toBeVisible();
  await expect(article.getByRole('button', { name: item.contact!.label, exact: true })).toBeVisible();

  // Enter folds it again (and selects again).
  await article.focus();
  await page.keyboard.press('Enter');
  await expect(article.getByRole('term')).toHaveCount(0);
  await expect.poll(async () => (await recordedEvents(page, 'ctrlhub-select')).length).toBe(2);
});

test('2. an expanded row stays expanded while a virtualised list scrolls it out and back', async ({ page }) => {
  await page.goto('/hosts/plain.html?attr.load=all&attr.page-size=100&attr.group-by=none');
  await expect(widget(page).getByRole('status')).toHaveText(/^Showing 2,500 of 2,500 interactions$/, { timeout: 60_000 });
  const first = widget(page).getByRole('article').first();
  const id = await first.getAttribute('data-id');
  await openDetails(first);
  const scroller = widget(page).locator('.ch-results');
  await scroller.evaluate((e) => (e.scrollTop = 20_000));
  await expect(widget(page).locator(`article[data-id="${id}"]`)).toHaveCount(0);
  await scroller.evaluate((e) => (e.scrollTop = 0));
  await expect(widget(page).locator(`article[data-id="${id}"]`).getByRole('term').first()).toBeVisible();
});

// --- 3. self-describing articles -----------------------------------------------------------------

for (const by of ['contact', 'property'] as const) {
  test(`3. grouped by ${by}, a row does not repeat its group, but its text still names contact and property`, async ({
    page,
    request,
  }) => {
    const { items } = await apiPage(request);
    const item = items.find((i) => !isUpcoming(i) && i.contact && i.property && i.representative)!;
    await page.goto(`/hosts/plain.html?attr.group-by=${by}`);
    await waitReady(page);
    const article = widget(page).getByRole('article', { name: await articleName(page, item) });
    const grouped = by === 'contact' ? item.contact!.label : item.property!.label;
    // The visible first line leaves out what the heading says…
    const line = article.locator('.ch-line');
    await expect(line).not.toContainText(grouped);
    await expect(line).toContainText(METHOD[item.method]);
    // …while the article's text names method, direction, contact, property, status and representative.
    const text = (await article.innerText()).replace(/\s+/g, ' ');
    for (const part of [item.contact!.label, item.property!.label, statusLabel(item.status), item.representative!.label]) {
      expect(text).toContain(part.replace(/\s+/g, ' '));
    }
  });
}

// --- 4. summarising group headings ---------------------------------------------------------------

test('4. group headings summarise (count, latest, per method); Collapse all gives one line per group', async ({
  page,
}) => {
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  const w = widget(page);
  const heads = w.locator('.ch-group-head');
  const first = heads.nth(1); // after "Upcoming"
  await expect(first).toContainText(/\d+ interactions?\s*latest /);
  await expect(first).toContainText(/(Letter|Email|Telephone|SMS) \d+/);
  await expect(heads.first()).toContainText(/^Upcoming \d+ interactions\s*next:? /);
  await moreAction(w, 'Collapse all');
  await expect(w.getByRole('article')).toHaveCount(0);
  const lines = await heads.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
  for (const h of lines) expect(h, 'one line per group').toBeLessThanOrEqual(48);
  expect(await violations(page), 'axe: the overview').toEqual([]);
});

// --- 6. toolbar, filter panel, chips -------------------------------------------------------------

test('6. Group by segments, Filters with a count, chips that remove one filter, Clear filters', async ({ page }) => {
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  const w = widget(page);
  await expectGroupBy(w, 'contact');
  await chooseGroupBy(w, 'property');
  await expectGroupBy(w, 'property');
  await expect(filtersButton(w)).toHaveAccessibleName('Filters');
  await expect(w.getByRole('group', { name: 'Filters' })).toBeHidden();
  await openFilters(w);
  for (const name of ['Method', 'Direction', 'Status', 'Contacted']) {
    await expect(w.getByRole('combobox', { name, exact: true })).toBeVisible();
  }
  for (const name of ['From', 'To']) await expect(w.getByRole('textbox', { name, exact: true })).toBeVisible();
  expect(await violations(page), 'axe: the filter panel open').toEqual([]);

  await (await facet(w, 'Method')).selectOption('email');
  await (await facet(w, 'Direction')).selectOption('outbound');
  await expect(filtersButton(w)).toHaveAccessibleName('Filters 2 active');
  const chips = w.getByRole('list', { name: 'Active filters' });
  await expect(chips.getByRole('listitem')).toHaveText(['Method: Email×', 'Direction: Outbound×']);
  expect(await violations(page), 'axe: chips').toEqual([]);
  await w.getByRole('button', { name: 'Remove filter Method: Email' }).click();
  await expect(chips.getByRole('listitem')).toHaveCount(1);
  await expect(await facet(w, 'Method')).toHaveValue('');
  await expect(filtersButton(w)).toHaveAccessibleName('Filters 1 active');
  await w.getByRole('button', { name: 'Clear filters' }).click();
  await expect(chips).toHaveCount(0);
  await expect(filtersButton(w)).toHaveAccessibleName('Filters');
  await expect(filtersButton(w)).toBeFocused();
});

test('6. the toolbar is one row at 1280 px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  const w = widget(page);
  const tops = await Promise.all(
    [
      w.getByRole('radiogroup', { name: 'Group by' }),
      w.getByRole('searchbox', { name: 'Search notes' }),
      filtersButton(w),
    ].map(async (l: Locator) => Math.round((await l.boundingBox())!.y + (await l.boundingBox())!.height / 2)),
  );
  expect(Math.max(...tops) - Math.min(...tops), 'one row').toBeLessThanOrEqual(4);
});
