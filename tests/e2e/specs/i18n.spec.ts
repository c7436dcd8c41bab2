// Issue #14: the interface's language. `locale="cy"` gives the Welsh catalogue (no en-GB control
// name left, `lang="cy"`, axe clean), the `strings` property renames messages before or after the
// upgrade, plural counts in headings, and the standalone site follows the browser's language.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect, expectArticles } from './support';
import { apiPage, headingLines, widget } from './timeline-support';

// axe scans take seconds each on 2 cores.
test.describe.configure({ timeout: 90_000 });

/** Every control name the en-GB interface shows (ELEMENT.md's, and the rest of the toolbar and pager). */
const EN_GB_NAMES = [
  'Customer interactions', 'Group by', 'Contact', 'Property', 'None', 'Search notes', 'Filters',
  'Method', 'Direction', 'Status', 'Contacted', 'From', 'To', 'Clear filters', 'Actions', 'Refresh',
  'More actions', 'Expand all', 'Collapse all', 'Export CSV', 'Pagination', 'First page',
  'Previous page', 'Next page', 'Last page', 'Per page', 'Load more', 'Upcoming interactions',
];
const ROLES = ['region', 'radiogroup', 'radio', 'searchbox', 'textbox', 'button', 'combobox', 'group',
  'navigation', 'feed'] as const;

/** The accessible names of every control of `roles` in `scope`. */
async function controlNames(scope: Locator): Promise<string[]> {
  const names: string[] = [];
  for (const role of ROLES) {
    for (const control of await scope.getByRole(role).all()) {
      const name = (await control.getAttribute('aria-label')) ?? (await control.innerText().catch(() => ''));
      names.push(name.replace(/\s+/g, ' ').trim());
    }
  }
  return names;
}

async function openWelsh(page: Page, query = '') {
  await page.goto(`/hosts/plain.html?attr.locale=cy${query}`);
  // The page is shown ("Upcoming" keeps all but 5 of its rows behind its "Show N more" button).
  await expect(page.getByRole('status')).toHaveText(/^Yn dangos 25 o 2,500 o ryngweithiadau$/);
  await expect(page.getByRole('article').first()).toBeVisible();
}

test('with locale="cy" no en-GB control name remains, and the interface says lang="cy"', async ({ page }) => {
  await openWelsh(page);
  const root = page.getByRole('region', { name: 'Rhyngweithiadau cwsmeriaid' });
  await expect(root).toHaveAttribute('lang', 'cy');
  await expect(page.getByRole('status')).toHaveText(/^Yn dangos 25 o 2,500 o ryngweithiadau$/);
  // Open what hides controls: the filter panel and the "More actions" menu.
  await root.getByRole('button', { name: /^Hidlwyr/ }).click();
  await root.getByRole('button', { name: 'Rhagor o gamau' }).click();
  for (const [role, name] of [
    ['radiogroup', 'Grwpio yn ôl'], ['combobox', 'Dull'], ['combobox', 'Cyfeiriad'], ['combobox', 'Statws'],
    ['combobox', 'Cysylltwyd'], ['button', 'Allforio CSV'], ['button', 'Ehangu’r cyfan'],
    ['navigation', 'Tudalennu'], ['button', 'Tudalen nesaf'], ['combobox', 'Fesul tudalen'],
  ] as const) {
    await expect(root.getByRole(role, { name, exact: true }), `${role} "${name}"`).toBeVisible();
  }
  const names = await controlNames(root);
  expect(names.length).toBeGreaterThan(20);
  expect(names.filter((n) => EN_GB_NAMES.includes(n))).toEqual([]);
  await expect(root.getByText('Page 1 of 100')).toHaveCount(0);
  await expect(root.getByText('Tudalen 1 o 100')).toBeVisible();
});

test('Welsh headings count with the plural forms of Intl.PluralRules', async ({ page }) => {
  await openWelsh(page);
  const lines = await page
    .getByRole('region', { name: 'Rhyngweithiadau cwsmeriaid' })
    .getByRole('heading', { level: 3 })
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
  expect(lines.length).toBeGreaterThan(2);
  for (const line of lines) {
    expect(line, line).toMatch(/ (\d+ rhyngweithiad|2 ryngweithiad|\d+ o ryngweithiadau)$/);
    expect(line).not.toMatch(/interactions?$/);
  }
});

test('en-GB headings say "1 interaction" and "2 interactions"', async ({ page }) => {
  await page.goto('/hosts/plain.html?attr.page-size=100');
  await expectArticles(page, 100);
  const lines = await headingLines(page);
  expect(lines.some((l) => / 1 interaction$/.test(l)), lines.join('\n')).toBe(true);
  expect(lines.some((l) => / 2 interactions$/.test(l)), lines.join('\n')).toBe(true);
  expect(lines.filter((l) => / 1 interactions$/.test(l) || /[^\d]1 interaction[^s]/.test(l))).toEqual([]);
});

test('no axe violations in Welsh', async ({ page }) => {
  await openWelsh(page);
  const results = await new AxeBuilder({ page })
    .include('ctrlhub-interactions')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
});

test('without locale, the page\'s lang picks the catalogue by its language subtag; errors speak it too', async ({ page }) => {
  await page.goto('/hosts/blank.html');
  await page.evaluate(async () => {
    document.documentElement.lang = 'cy-GB';
    const el = document.createElement('ctrlhub-interactions');
    el.setAttribute('api-base', '/');
    el.setAttribute('session-token', 'demo-token');
    document.getElementById('host')!.append(el);
    await import('/ctrlhub-interactions.js');
  });
  const root = page.getByRole('region', { name: 'Rhyngweithiadau cwsmeriaid' });
  await expect(root).toHaveAttribute('lang', 'cy');
  // No org-id: the configuration error, in Welsh.
  await expect(root.getByRole('alert')).toHaveText('Dim ID sefydliad: gosodwch y priodoledd org-id.');
});

test('the strings property renames "Next page" and "Group by", set before the upgrade', async ({ page }) => {
  await page.goto('/hosts/blank.html');
  await page.evaluate(async () => {
    const el: any = document.createElement('ctrlhub-interactions');
    // Not yet defined: an own property on a plain HTMLElement, honoured once it upgrades.
    el.strings = { 'next-page': 'Onward', 'group-by': 'Arrange by' };
    for (const [k, v] of Object.entries({ 'org-id': 'demo-org', 'api-base': '/', 'session-token': 'demo-token' })) {
      el.setAttribute(k, v);
    }
    document.getElementById('host')!.append(el);
    await import('/ctrlhub-interactions.js');
  });
  const w = widget(page);
  await expect(w.getByRole('button', { name: 'Onward', exact: true })).toBeVisible();
  await expect(w.getByRole('radiogroup', { name: 'Arrange by' })).toBeVisible();
  await expect(w.getByRole('button', { name: 'Next page' })).toHaveCount(0);
  await expect(w.getByRole('radiogroup', { name: 'Group by' })).toHaveCount(0);
});

test('the strings property set after the upgrade: renamed at once; bad entries warned about once', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto('/hosts/plain.html');
  const w = widget(page);
  await expect(w.getByRole('button', { name: 'Next page' })).toBeVisible();
  await page.evaluate(() => {
    (document.querySelector('ctrlhub-interactions') as any).strings = {
      'next-page': 'Onward',
      'group-by': 'Arrange by',
      'n-interactions': 'one:{count} visit|other:{count} visits',
      'no-such-id': 'x',
      'page-n-of-m': 'Page {page}',
    };
  });
  await expect(w.getByRole('button', { name: 'Onward', exact: true })).toBeVisible();
  await expect(w.getByRole('radiogroup', { name: 'Arrange by' })).toBeVisible();
  const lines = await headingLines(page);
  expect(lines.every((l) => / \d+ visits?$/.test(l)), lines.join('\n')).toBe(true);
  // The override missing {pages} is rejected: the catalogue's text stays.
  await expect(w.getByText('Page 1 of 100')).toBeVisible();
  const mine = warnings.filter((t) => t.includes('strings'));
  expect(mine).toHaveLength(1);
  expect(mine[0]).toContain('no-such-id');
  expect(mine[0]).toContain('page-n-of-m');
  expect(mine[0]).toContain('{pages}');
  // null restores the catalogue.
  await page.evaluate(() => ((document.querySelector('ctrlhub-interactions') as any).strings = null));
  await expect(w.getByRole('button', { name: 'Next page' })).toBeVisible();
});

test.describe('the standalone site in a Welsh browser', () => {
  test.use({ locale: 'cy-GB' });

  test('speaks Welsh, and the language switch turns it (and the element) into English', async ({ page }) => {
    await page.goto('/');
    const form = page.getByRole('form', { name: 'Mewngofnodi' });
    await expect(form.getByRole('heading', { name: 'Rhyngweithiadau Ctrl Hub' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
    await page.getByRole('combobox', { name: 'Iaith' }).selectOption('en-GB');
    await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('heading', { name: 'Ctrl Hub interactions' }))
      .toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
    // Remembered: the demo opens in English, then back to Welsh with the switch.
    await page.goto('/?demo');
    await expect(page.getByRole('region', { name: 'Customer interactions' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('cy');
    const root = page.getByRole('region', { name: 'Rhyngweithiadau cwsmeriaid' });
    await expect(root).toHaveAttribute('lang', 'cy');
    await expect(root.getByRole('button', { name: 'Tudalen nesaf' })).toBeVisible();
  });
});

test.describe('the element in a browser set to Welsh', () => {
  test.use({ locale: 'cy-GB' });

  test('dates are Welsh where the browser has Welsh dates, else en-GB, never ICU\'s root forms ("2026 M12 7")', async ({
    page,
    request,
  }) => {
    // The page's clock stops a minute after the newest past interaction, so that its day is "today"
    // whatever the hour (the mock's data is relative to its start: just after midnight, or with
    // `--data-age`, nothing is from today).
    const { items } = await apiPage(request);
    const newest = Math.max(...items.filter((i) => i.ms <= Date.now()).map((i) => i.ms));
    await page.clock.setFixedTime(newest + 60_000);
    // Ungrouped: the one feed has day separators ("Heddiw").
    await openWelsh(page, '&attr.group-by=none');
    const root = page.getByRole('region', { name: 'Rhyngweithiadau cwsmeriaid' });
    // This machine's Chromium has Welsh plural rules but no Welsh dates; other browsers have both.
    const welshDates = await page.evaluate(() => Intl.DateTimeFormat.supportedLocalesOf(['cy']).length > 0);
    const labels = await root.getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) {
      expect(label, 'ICU root month').not.toMatch(/\bM\d{1,2}\b/);
      expect(label, 'en-US 12-hour clock').not.toMatch(/\b(AM|PM)\b/);
    }
    if (!welshDates) {
      expect(labels[0], 'the en-GB fallback').toMatch(/ \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}$/);
    }
    // The newest interaction is a minute old: its day is headed "today", in Intl's Welsh where the
    // browser has it, else in the catalogue's (not in the fallback's English).
    const today = welshDates
      ? await page.evaluate(() => {
        const w = new Intl.RelativeTimeFormat('cy', { numeric: 'auto' }).format(0, 'day');
        return w.charAt(0).toLocaleUpperCase('cy') + w.slice(1);
      })
      : 'Heddiw';
    await expect(root.getByText(today, { exact: true }).first()).toBeVisible();
    await expect(root.getByText('Today', { exact: true })).toHaveCount(0);
  });
});
