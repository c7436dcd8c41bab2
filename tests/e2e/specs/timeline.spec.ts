// The "timeline" issue, points 1–7, 9 and 10, on the plain host page against the mock API.
// Expectations are computed from the API (tests/e2e/specs/timeline-support.ts); elements are
// found by role and accessible name. Fault-injection specs are in timeline.serial.spec.ts, the
// standalone site's in site.spec.ts.
import { readFile } from 'node:fs/promises';
import { test, expect, recordedEvents, chooseGroupBy, dateBox, expectGroupBy, facet, moreAction, openDetails, expectArticles, showAllUpcoming } from './support';
import {
  DIRECTION,
  METHOD,
  allItems,
  apiPage,
  articleIds,
  articleName,
  countText,
  expectedGroups,
  expectedHeadingLines,
  headingLines,
  isOverdue,
  isScheduled,
  isUpcoming,
  pager,
  parseCsv,
  relative,
  pageApiRequests,
  pageIds,
  statusLabel,
  statusOf,
  waitReady,
  widget,
  type Item,
} from './timeline-support';

// Dates, day separators and the From/To filters depend on the zone: pin it.
test.use({ timezoneId: 'UTC' });

const host = (params: Record<string, string> = {}) => {
  const q = new URLSearchParams(params).toString();
  return `/hosts/plain.html${q ? `?${q}` : ''}`;
};

const feed = (page: import('@playwright/test').Page, name: string) =>
  widget(page).getByRole('feed', { name, exact: true });

// --- 1. Grouping ---------------------------------------------------------------------------------

test.describe('1. grouping', () => {
  test('by contact (default): a heading per contact with label and count, newest group first, "No contact"', async ({
    page,
    request,
  }) => {
    const { items } = await apiPage(request, { limit: 100 });
    await page.goto(host({ 'attr.page-size': '100' }));
    await waitReady(page);
    await expectGroupBy(widget(page), 'contact');

    const groups = expectedGroups(items, 'contact');
    expect(groups.map((g) => g.label), 'data: the first 100 have past interactions without a contact').toContain(
      'No contact',
    );
    const lines = (await headingLines(page)).filter((l) => !l.startsWith('3 Upcoming'));
    expect(lines).toEqual(expectedHeadingLines(groups));
    // Each (top-level) group has its own feed named after it.
    for (const g of groups.filter((g) => g.subgroups.length === 0).slice(0, 5)) {
      await expectArticles(feed(page, `Interactions: ${g.label}`), g.count);
    }
  });

  test('a contact with interactions at several properties is sub-grouped by property', async ({ page, request }) => {
    const all = await allItems(request);
    // A contact whose past interactions span at least two properties.
    const byContact = new Map<string, Item[]>();
    for (const i of all.filter((i) => i.contact && !isUpcoming(i))) {
      byContact.set(i.contact!.id, [...(byContact.get(i.contact!.id) ?? []), i]);
    }
    const [contactId] = [...byContact].find(([, list]) => new Set(list.map((i) => i.property?.id)).size >= 3) ?? [];
    expect(contactId, 'data: a contact at three properties').toBeTruthy();
    const { items } = await apiPage(request, { limit: 100, filter: `contact_in('${contactId}')` });

    await page.goto(host({ 'attr.contact-in': contactId!, 'attr.page-size': '100' }));
    await waitReady(page);
    const groups = expectedGroups(items, 'contact');
    expect(groups).toHaveLength(1);
    expect(groups[0].subgroups.length).toBeGreaterThanOrEqual(3);
    const lines = (await headingLines(page)).filter((l) => !l.startsWith('3 Upcoming'));
    expect(lines).toEqual(expectedHeadingLines(groups));
    expect(lines.filter((l) => l.startsWith('4 ')).length).toBe(groups[0].subgroups.length);
    for (const sub of groups[0].subgroups) {
      await expectArticles(feed(page, `Interactions: ${sub.label}`), sub.count);
    }
  });

  test('by property: headings per property ("No property" too), sub-grouped by contact', async ({ page, request }) => {
    const { items } = await apiPage(request, { limit: 100 });
    await page.goto(host({ 'attr.page-size': '100' }));
    await waitReady(page);
    await chooseGroupBy(widget(page), 'property');

    const groups = expectedGroups(items, 'property');
    expect(groups.map((g) => g.label), 'data: past interactions without a property').toContain('No property');
    expect(groups.some((g) => g.subgroups.length > 0), 'data: a property with several contacts').toBe(true);
    await expect.poll(async () => (await headingLines(page)).filter((l) => !l.startsWith('3 Upcoming'))).toEqual(
      expectedHeadingLines(groups),
    );
    const change = (await recordedEvents(page, 'ctrlhub-filter-change')).at(-1);
    expect(change?.detail).toMatchObject({ groupBy: 'property', page: 1 });
  });

  test('group-by="property" attribute groups by property', async ({ page, request }) => {
    const { items } = await apiPage(request);
    await page.goto(host({ 'attr.group-by': 'property' }));
    await waitReady(page);
    await expectGroupBy(widget(page), 'property');
    const lines = (await headingLines(page)).filter((l) => !l.startsWith('3 Upcoming'));
    expect(lines).toEqual(expectedHeadingLines(expectedGroups(items, 'property')));
  });

  test('none: one stream of every past interaction, newest first', async ({ page, request }) => {
    const { items } = await apiPage(request);
    const past = items.filter((i) => !isUpcoming(i));
    await page.goto(host({ 'attr.group-by': 'none' }));
    await waitReady(page);
    await expectGroupBy(widget(page), 'none');

    const lines = (await headingLines(page)).filter((l) => !l.startsWith('3 Upcoming'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^3 .* ${countText(past.length)}$`));
    const feeds = widget(page).getByRole('feed');
    await expect(feeds).toHaveCount(2); // "Upcoming interactions" and the one stream
    const stream = feeds.nth(1);
    expect(await articleIds(stream)).toEqual(past.map((i) => i.id));
  });

  // Regression (was a bug): the disclosure's CSS `::before { content: "▾" }` (style/widget.css) is part of
  // the accessible name, so headings are announced "▾ Upcoming 16 interactions".
  test('group headings name the group first (no decorative glyph in the accessible name)', async ({ page }) => {
    // ELEMENT.md: "each group has a heading whose text starts with the contact's or property's label".
    await page.goto(host());
    await waitReady(page);
    await expect(widget(page).getByRole('heading', { level: 3 }).first()).toHaveAccessibleName(/^Upcoming \d+/);
    const disclosure = widget(page).getByRole('button', { name: /Upcoming/ });
    await expect(disclosure).toHaveAccessibleName(/^Upcoming \d+ interactions?$/);
  });

  test('day separators split each feed by local day, newest first, with Today/Yesterday', async ({ page, request }) => {
    const { items } = await apiPage(request, { limit: 100 });
    await page.goto(host({ 'attr.page-size': '100', 'attr.group-by': 'none' }));
    await waitReady(page);
    const stream = widget(page).getByRole('feed').nth(1);
    // Day separators are hidden from assistive technology (each article's name has its date), so
    // they are read from the DOM: the feed's children in order.
    const runs = await stream.evaluate((feed) => {
      const out: Array<{ day: string; ids: string[] }> = [];
      for (const child of Array.from(feed.children)) {
        if (child.getAttribute('part') === 'day') {
          const hidden = child.getAttribute('aria-hidden') === 'true';
          out.push({ day: `${child.textContent?.trim() ?? ''}${hidden ? '' : ' (not aria-hidden)'}`, ids: [] });
        } else if (child.tagName === 'ARTICLE') {
          out.at(-1)?.ids.push(child.getAttribute('data-id') ?? '');
        }
      }
      return out;
    });
    const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const today = dayOf(Date.now());
    const yesterday = dayOf(Date.now() - 86_400_000);
    const label = (day: string) =>
      day === today
        ? 'Today'
        : day === yesterday
          ? 'Yesterday'
          : new Intl.DateTimeFormat('en', { dateStyle: 'full', timeZone: 'UTC' }).format(Date.parse(`${day}T12:00:00Z`));
    const past = items.filter((i) => !isUpcoming(i));
    const expected: Array<{ day: string; ids: string[] }> = [];
    for (const i of past) {
      const day = label(dayOf(i.ms));
      if (expected.at(-1)?.day !== day) expected.push({ day, ids: [] });
      expected.at(-1)!.ids.push(i.id);
    }
    expect(expected.length, 'data: the first 100 span several days').toBeGreaterThan(2);
    expect(runs).toEqual(expected);
  });

  test('grouped by contact there are no day separators: every row shows its date', async ({ page }) => {
    await page.goto(host());
    await waitReady(page);
    const dates = await widget(page).getByRole('article').evaluateAll((els) =>
      els.map((e) => (e.querySelector('time') as HTMLElement | null)?.innerText.trim() ?? ''));
    expect(dates.length).toBeGreaterThan(5);
    // "Mon, Dec 7, 10:45 AM" or "Dec 13, 08:45 AM" (the page says lang="en"): a month and a day,
    // not a bare time.
    const month = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)';
    for (const d of dates) expect(d).toMatch(new RegExp(`\\b(\\d{1,2} ${month}|${month} \\d{1,2})\\b`));
    await expect(widget(page).locator('[part="day"]')).toHaveCount(0);
  });

  test('in a narrow widget a row\'s date is shorter: the weekday and time within a week, else the date', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(host());
    await waitReady(page);
    const month = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b/;
    const rows = await widget(page).getByRole('article').evaluateAll((els) => els.map((e) => ({
      shown: (e.querySelector('time') as HTMLElement | null)?.innerText.trim() ?? '',
      name: e.getAttribute('aria-label') ?? '',
    })));
    expect(rows.length).toBeGreaterThan(5);
    const week = rows.filter((r) => /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/.test(r.shown));
    expect(week.length, JSON.stringify(rows.slice(0, 3))).toBeGreaterThan(0);
    for (const r of week) expect(r.shown, 'within a week: weekday and time').not.toMatch(month);
    for (const r of rows.filter((r) => !week.includes(r))) {
      expect(r.shown, 'further off: the date alone').toMatch(month);
      expect(r.shown).not.toMatch(/\d:\d\d/);
    }
    // The article's name still has the full date and time.
    for (const r of rows) expect(r.name).toMatch(/\d:\d\d/);
  });

  test('articles show relative times: "ago" in the past, "in …" for upcoming', async ({ page, request }) => {
    const { items } = await apiPage(request);
    await page.goto(host());
    await waitReady(page);
    const rel = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    const firstPast = items.find((i) => !isUpcoming(i))!;
    const firstUpcoming = items.filter((i) => isUpcoming(i) && !isOverdue(i)).sort((a, b) => a.ms - b.ms)[0];
    const upcomingArticle = feed(page, 'Upcoming interactions').getByRole('article').first();
    await expect(upcomingArticle).toHaveAccessibleName(await articleName(page, firstUpcoming));
    // Both computed now, as the widget did a moment ago: the unit cannot have changed (days ahead,
    // hours ago at the least), so the text is exact.
    await expect(upcomingArticle.locator('.ch-relative')).toHaveText(rel.format(...relative(Date.now(), firstUpcoming.ms)));
    expect(rel.format(...relative(Date.now(), firstUpcoming.ms))).toMatch(/^(in |tomorrow|next )/);
    const pastArticle = widget(page).getByRole('article', { name: await articleName(page, firstPast) });
    await expect(pastArticle.locator('.ch-relative')).toHaveText(/^(.+ ago|yesterday|last \w+|now)$/);
  });
});

// --- 2. Upcoming ---------------------------------------------------------------------------------

test.describe('2. upcoming', () => {
  test('future and scheduled interactions come first, in an "Upcoming" section, soonest first', async ({
    page,
    request,
  }) => {
    const { items } = await apiPage(request);
    const upcoming = items.filter((i) => isUpcoming(i));
    expect(upcoming.length, 'data: page 1 has upcoming interactions').toBeGreaterThan(1);
    await page.goto(host());
    await waitReady(page);

    const headings = widget(page).getByRole('heading', { level: 3 });
    await expect(headings.first()).toContainText(`Upcoming ${countText(upcoming.length)}`);
    const section = feed(page, 'Upcoming interactions');
    const sorted = [...upcoming].sort(
      (a, b) => Number(isOverdue(b)) - Number(isOverdue(a)) || a.ms - b.ms || (a.id < b.id ? -1 : 1),
    );
    // At most 5 at first, then "Show N more upcoming" shows them all, and "Show fewer upcoming" 5 again.
    expect(sorted.length, 'data: page 1 has more than 5 upcoming interactions').toBeGreaterThan(5);
    expect(await articleIds(section)).toEqual(sorted.slice(0, 5).map((i) => i.id));
    await widget(page).getByRole('button', { name: `Show ${sorted.length - 5} more upcoming` }).click();
    await expect(section.getByRole('article')).toHaveCount(sorted.length);
    expect(await articleIds(section)).toEqual(sorted.map((i) => i.id));
    // They are not repeated in the contact groups.
    const total = await widget(page).getByRole('article').count();
    expect(total).toBe(items.length);
    await widget(page).getByRole('button', { name: 'Show fewer upcoming' }).click();
    await expect(section.getByRole('article')).toHaveCount(5);
    // The Upcoming feed comes before any other feed.
    await expect(widget(page).getByRole('feed').first()).toHaveAccessibleName('Upcoming interactions');
  });

  test('scheduled interactions whose date has passed are flagged "Overdue" and come first', async ({
    page,
    request,
  }) => {
    const all = await allItems(request);
    const overdue = all.filter((i) => isOverdue(i)).slice(0, 2);
    const future = all.find((i) => isScheduled(i) && !isOverdue(i));
    const past = all.find((i) => !isUpcoming(i) && i.contact);
    expect(overdue.length, 'data: overdue interactions').toBe(2);
    expect(future && past, 'data: a future scheduled and a past interaction').toBeTruthy();
    const ids = [future!, past!, ...overdue].map((i) => i.id);

    await page.goto(host({ 'attr.id-in': ids.join(',') }));
    await waitReady(page);
    const section = feed(page, 'Upcoming interactions');
    const oldestOverdueFirst = [...overdue].sort((a, b) => a.ms - b.ms);
    expect(await articleIds(section)).toEqual([...oldestOverdueFirst.map((i) => i.id), future!.id]);
    for (const item of overdue) {
      await expect(section.getByRole('article', { name: await articleName(page, item) })).toContainText('Overdue');
    }
    await expect(section.getByRole('article', { name: await articleName(page, future!) })).not.toContainText(
      'Overdue',
    );
    // The past one is in its contact's group, not in Upcoming.
    await expectArticles(feed(page, `Interactions: ${past!.contact!.label}`), 1);
  });
});

// --- 3. Facet filters ----------------------------------------------------------------------------

const tally = (items: Item[], key: (i: Item) => string) => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
};

async function optionTexts(page: import('@playwright/test').Page, name: string) {
  return (await facet(widget(page), name))
    .getByRole('option')
    .allTextContents()
    .then((t) => t.map((s) => s.trim()));
}

test.describe('3. facet filters', () => {
  test('Method, Direction, Status and Contacted list each value with its count on the page', async ({
    page,
    request,
  }) => {
    const { items } = await apiPage(request);
    await page.goto(host());
    await waitReady(page);
    const counted = (m: Map<string, number>, label: (k: string) => string) =>
      [...m].map(([k, n]) => `${label(k)} (${n})`).sort();
    const options = async (name: string) => (await optionTexts(page, name)).slice(1).sort();

    expect(await options('Method')).toEqual(counted(tally(items, (i) => i.method), (k) => METHOD[k]));
    expect(await options('Direction')).toEqual(counted(tally(items, (i) => i.direction), (k) => DIRECTION[k]));
    expect(await options('Status')).toEqual(counted(tally(items, (i) => i.status), statusLabel));
    expect(await options('Contacted')).toEqual(
      counted(tally(items, (i) => String(i.contacted)), (k) => (k === 'true' ? 'Yes' : 'No')),
    );
    expect((await optionTexts(page, 'Method'))[0]).toBe('All methods');
  });

  test('picking a value filters the page, recounts the other facets and says what filters act on', async ({
    page,
    request,
  }) => {
    const { items, total } = await apiPage(request);
    await page.goto(host());
    await waitReady(page);
    const email = items.filter((i) => i.method === 'email');
    expect(email.length, 'data: emails on page 1').toBeGreaterThan(0);

    await (await facet(widget(page), 'Method')).selectOption({ label: `Email (${email.length})` });
    await expectArticles(widget(page), email.length);
    await expect(statusOf(page)).toHaveText(
      `Showing ${email.length} of ${items.length} interactions on this page (${total.toLocaleString('en')} in all)`,
    );
    // Other facets count only what the Method filter lets through; Method keeps its siblings' counts.
    const outbound = email.filter((i) => i.direction === 'outbound').length;
    expect(await optionTexts(page, 'Direction')).toContain(`Outbound (${outbound})`);
    expect(await optionTexts(page, 'Method')).toContain(
      `Telephone (${items.filter((i) => i.method === 'telephone').length})`,
    );

    // Facets combine with AND.
    const emailOutboundStatus = email.filter((i) => i.direction === 'outbound');
    await (await facet(widget(page), 'Direction')).selectOption('outbound');
    await expectArticles(widget(page), emailOutboundStatus.length);

    await widget(page).getByRole('button', { name: 'Clear filters' }).click();
    await expectArticles(widget(page), items.length);
    await expect(statusOf(page)).toHaveText(`Showing ${items.length} of ${total.toLocaleString('en')} interactions`);
    await expect((await facet(widget(page), 'Method'))).toHaveValue('');
    // With no filter left, neither chips nor "Clear filters" show.
    await expect(widget(page).getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
  });

  test('Status and Contacted filter the page', async ({ page, request }) => {
    const { items } = await apiPage(request);
    await page.goto(host());
    await waitReady(page);
    const completed = items.filter((i) => i.status === 'completed');
    await (await facet(widget(page), 'Status')).selectOption({ label: `Completed (${completed.length})` });
    await expectArticles(widget(page), completed.length);
    await widget(page).getByRole('button', { name: 'Clear filters' }).click();

    const notContacted = items.filter((i) => i.contacted === false);
    await (await facet(widget(page), 'Contacted')).selectOption({ label: `No (${notContacted.length})` });
    await expectArticles(widget(page), notContacted.length);
    await showAllUpcoming(widget(page));
    // "Contacted" is one of the details, opened in place.
    const articles = widget(page).getByRole('article');
    for (let i = 0; i < notContacted.length; i++) {
      await openDetails(articles.nth(i));
      expect(await articles.nth(i).innerText()).toMatch(/Contacted:?\s*No/);
    }
  });

  test('From and To keep interactions of those local days (inclusive)', async ({ page, request }) => {
    const { items } = await apiPage(request, { limit: 100 });
    const days = [...new Set(items.map((i) => i.dateTime.slice(0, 10)))].sort();
    expect(days.length, 'data: the first 100 span several days').toBeGreaterThan(3);
    const [from, to] = [days[1], days[days.length - 2]];
    const inRange = items.filter((i) => i.dateTime.slice(0, 10) >= from && i.dateTime.slice(0, 10) <= to);

    await page.goto(host({ 'attr.page-size': '100' }));
    await waitReady(page);
    await (await dateBox(widget(page), 'From')).fill(from);
    await expectArticles(widget(page), items.filter((i) => i.dateTime.slice(0, 10) >= from).length);
    await (await dateBox(widget(page), 'To')).fill(to);
    await expectArticles(widget(page), inRange.length);
    expect(await pageIds(widget(page))).toEqual(inRange.map((i) => i.id).sort());
    await expect(statusOf(page)).toContainText(`Showing ${inRange.length} of ${items.length} interactions on this page`);
  });

  test('"Search notes" is case- and accent-insensitive and highlights matches with <mark>', async ({
    page,
    request,
  }) => {
    const { items } = await apiPage(request);
    const matching = items.filter((i) => /meter/i.test(i.notes));
    expect(matching.length, 'data: notes mentioning "meter"').toBeGreaterThan(0);
    const others = items.filter(
      (i) => !/meter/i.test(i.notes) && ![i.contact, i.property, i.representative, i.author].some((r) => /meter/i.test(r?.label ?? '')),
    );
    await page.goto(host());
    await waitReady(page);

    await widget(page).getByRole('searchbox', { name: 'Search notes' }).fill('MÉTER');
    await expectArticles(widget(page), items.length - others.length);
    const marks = widget(page).locator('mark');
    await expect(marks.first()).toBeVisible();
    for (const text of await marks.allTextContents()) expect(text.toLowerCase()).toBe('meter');
    await expect(statusOf(page)).toHaveText(
      new RegExp(`^Showing ${items.length - others.length} of ${items.length} interactions on this page`),
    );
    // Escape clears the search.
    await widget(page).getByRole('searchbox', { name: 'Search notes' }).press('Escape');
    await expectArticles(widget(page), items.length);
    await expect(marks).toHaveCount(0);
  });

  test('every filter is cleared by "Clear filters"', async ({ page, request }) => {
    const { items } = await apiPage(request);
    await page.goto(host());
    await waitReady(page);
    const w = widget(page);
    await (await facet(w, 'Direction')).selectOption('inbound');
    await (await facet(w, 'Contacted')).selectOption('yes');
    await (await dateBox(w, 'From')).fill('2000-01-01');
    await w.getByRole('searchbox', { name: 'Search notes' }).fill('a');
    await expect(statusOf(page)).toContainText('on this page');
    await w.getByRole('button', { name: 'Clear filters' }).first().click();
    await expectArticles(w, items.length);
    await expect((await facet(w, 'Direction'))).toHaveValue('');
    await expect((await facet(w, 'Contacted'))).toHaveValue('');
    await expect((await dateBox(w, 'From'))).toHaveValue('');
    await expect(w.getByRole('searchbox', { name: 'Search notes' })).toHaveValue('');
  });
});

// --- 4. Server scope -----------------------------------------------------------------------------

const scopeFilter = (params: URLSearchParams) => params.get('filter') ?? '';

test.describe('4. server scope', () => {
  for (const [noun, key] of [
    ['contact', 'contact'],
    ['property', 'property'],
    ['representative', 'representative'],
  ] as const) {
    test(`"Only this ${noun}" scopes the request from page 1 and adds a removable chip`, async ({ page, request }) => {
      const { items } = await apiPage(request, { offset: 25 }); // page 2
      const target = items.find((i) => i[key])!;
      const { id, label } = target[key]!;
      const filterName = `${key}_in`;
      const scoped = await apiPage(request, { filter: `${filterName}('${id}')` });

      const requests = pageApiRequests(page);
      await page.goto(host({ 'attr.view': 'page=2' }));
      await waitReady(page);
      await expect(pager(page)).toContainText('Page 2 of');
      const article = widget(page).getByRole('article', { name: await articleName(page, target) });
      // In the details, the label is a button that offers the scope.
      await openDetails(article);
      const labelButton = article.getByRole('button', { name: label, exact: true });
      await expect(labelButton).toHaveAttribute('aria-expanded', 'false');
      await labelButton.click();
      await expect(labelButton).toHaveAttribute('aria-expanded', 'true');
      await article.getByRole('button', { name: `Only this ${noun}` }).click();

      const chipRemove = widget(page).getByRole('button', { name: `Remove ${noun} filter ${label}` });
      await expect(chipRemove).toBeVisible();
      await expect(widget(page).getByText(`Only ${noun}: ${label}`)).toBeVisible();
      await waitReady(page);
      expect(await pageIds(widget(page))).toEqual(scoped.items.map((i) => i.id).sort());
      await expect(pager(page)).toContainText(`Page 1 of ${scoped.pages}`);

      // The request the widget sent: this scope, from offset 0.
      const sent = requests.filter((params) => scopeFilter(params) === `${filterName}('${id}')`);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.at(-1)!.get('offset')).toBe('0');
      expect(sent.at(-1)!.get('limit')).toBe('25');

      const change = (await recordedEvents(page, 'ctrlhub-filter-change')).at(-1);
      expect(change?.detail?.page).toBe(1);
      expect(change?.detail?.query).toContain(`${filterName}=${id}`);

      // Removing the chip drops the scope.
      await chipRemove.click();
      await expect(chipRemove).toHaveCount(0);
      await waitReady(page);
      await expect(statusOf(page)).toHaveText(/of 2,500 interactions/);
    });
  }

  test('the contact-in attribute scopes the element on the server', async ({ page, request }) => {
    const { items } = await apiPage(request, { offset: 50 });
    const contact = items.find((i) => i.contact)!.contact!;
    const scoped = await apiPage(request, { filter: `contact_in('${contact.id}')` });
    const requests = pageApiRequests(page);
    await page.goto(host({ 'attr.contact-in': contact.id }));
    await waitReady(page);
    await expect(statusOf(page)).toHaveText(
      `Showing ${scoped.items.length} of ${scoped.total.toLocaleString('en')} interactions`,
    );
    expect(await pageIds(widget(page))).toEqual(scoped.items.map((i) => i.id).sort());
    for (const text of await widget(page).getByRole('article').allInnerTexts()) expect(text).toContain(contact.label);
    // A host scope is not a user chip: nothing to remove.
    await expect(widget(page).getByRole('button', { name: /^Remove contact filter/ })).toHaveCount(0);
    const sent = requests.filter((params) => scopeFilter(params) === `contact_in('${contact.id}')`);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((params) => params.get('offset'))).toEqual(sent.map(() => '0'));
  });

  test('several ids in property-in are one OR filter', async ({ page, request }) => {
    const { items } = await apiPage(request, { offset: 75 });
    const ids = [...new Set(items.filter((i) => i.property).map((i) => i.property!.id))].slice(0, 2);
    const filter = `property_in(${ids.map((id) => `'${id}'`).join(',')})`;
    const scoped = await apiPage(request, { filter });
    const requests = pageApiRequests(page);
    await page.goto(host({ 'attr.property-in': ids.join(',') }));
    await waitReady(page);
    expect(await pageIds(widget(page))).toEqual(scoped.items.map((i) => i.id).sort());
    const sent = requests.filter((params) => scopeFilter(params) === filter);
    expect(sent.length).toBeGreaterThan(0);
  });
});

// --- 5. Pagination -------------------------------------------------------------------------------

test.describe('5. pagination', () => {
  test('First / Previous / Next / Last move between server pages; "Page N of M"', async ({ page, request }) => {
    const first = await apiPage(request);
    const second = await apiPage(request, { offset: 25 });
    const last = await apiPage(request, { offset: (first.pages - 1) * 25 });
    await page.goto(host());
    await waitReady(page);
    const nav = pager(page);
    await expect(nav).toContainText(`Page 1 of ${first.pages}`);
    await expect(nav.getByRole('button', { name: 'First page' })).toBeDisabled();
    await expect(nav.getByRole('button', { name: 'Previous page' })).toBeDisabled();

    await nav.getByRole('button', { name: 'Next page' }).click();
    await expect(nav).toContainText(`Page 2 of ${first.pages}`);
    await waitReady(page);
    expect(await articleIds(widget(page))).toEqual(expect.arrayContaining(second.items.map((i) => i.id)));
    await expectArticles(widget(page), 25);

    await nav.getByRole('button', { name: 'Last page' }).click();
    await expect(nav).toContainText(`Page ${first.pages} of ${first.pages}`);
    await waitReady(page);
    expect(await pageIds(widget(page))).toEqual(last.items.map((i) => i.id).sort());
    await expect(nav.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await expect(nav.getByRole('button', { name: 'Last page' })).toBeDisabled();
    await expect(nav.getByRole('button', { name: 'Load more' })).toBeDisabled();

    await nav.getByRole('button', { name: 'Previous page' }).click();
    await expect(nav).toContainText(`Page ${first.pages - 1} of ${first.pages}`);
    await nav.getByRole('button', { name: 'First page' }).click();
    await expect(nav).toContainText(`Page 1 of ${first.pages}`);
    await waitReady(page);
    expect(await pageIds(widget(page))).toEqual(first.items.map((i) => i.id).sort());

    const pages = (await recordedEvents(page, 'ctrlhub-filter-change')).map((e) => e.detail.page);
    expect(pages).toEqual([2, first.pages, first.pages - 1, 1]);
  });

  test('"Per page" offers 10/25/50/100 and reloads from page 1', async ({ page, request }) => {
    const ten = await apiPage(request, { limit: 10 });
    await page.goto(host({ 'attr.view': 'page=3' }));
    await waitReady(page);
    const perPage = pager(page).getByRole('combobox', { name: 'Per page' });
    await expect(perPage).toHaveValue('25');
    expect(await perPage.getByRole('option').allTextContents()).toEqual(['10', '25', '50', '100']);
    await perPage.selectOption('10');
    await expect(pager(page)).toContainText(`Page 1 of ${ten.pages}`);
    await expectArticles(widget(page), 10);
    expect(await pageIds(widget(page))).toEqual(ten.items.map((i) => i.id).sort());
    await perPage.selectOption('100');
    await expectArticles(widget(page), 100);
    await expect(pager(page)).toContainText('Page 1 of 25');
  });

  test('"Load more" appends the next page', async ({ page, request }) => {
    const second = await apiPage(request, { offset: 25 });
    await page.goto(host());
    await waitReady(page);
    await showAllUpcoming(widget(page));
    const before = await articleIds(widget(page));
    expect(before).toHaveLength(25);
    await pager(page).getByRole('button', { name: 'Load more' }).click();
    await expectArticles(widget(page), 50);
    const after = await articleIds(widget(page));
    expect(after).toEqual(expect.arrayContaining([...before, ...second.items.map((i) => i.id)]));
    await expect(statusOf(page)).toHaveText('Showing 50 of 2,500 interactions');
    await pager(page).getByRole('button', { name: 'Load more' }).click();
    await expectArticles(widget(page), 75);
  });

  // Regression (was a bug): after "Load more" the pager says "Page 2 of 100" and "Next page" requests
  // offset 75 (page 4), skipping page 3 (src/ui/pager.rs adds `appended` to a `current` that is
  // already the last loaded page).
  test('"Next page" after "Load more" goes to the first page not yet shown', async ({ page, request }) => {
    // Pages 1 and 2 are shown after one "Load more"; the next page is 3 (offset 50).
    const third = await apiPage(request, { offset: 50 });
    await page.goto(host());
    await waitReady(page);
    await pager(page).getByRole('button', { name: 'Load more' }).click();
    await expectArticles(widget(page), 50);
    await pager(page).getByRole('button', { name: 'Next page' }).click();
    await expect(pager(page)).toContainText('Page 3 of 100');
    await waitReady(page);
    expect(await pageIds(widget(page))).toEqual(third.items.map((i) => i.id).sort());
  });

  test('the current page stays visible while the next one loads, then focus moves to the results', async ({
    page,
  }) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/customers\/interactions\?.*offset=25/, async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto(host());
    await waitReady(page);
    const before = await articleIds(widget(page));

    await pager(page).getByRole('button', { name: 'Next page' }).click();
    await expect(widget(page)).toHaveAttribute('aria-busy', 'true');
    await expect(statusOf(page)).toHaveText(/Loading/);
    // Still the first page, visible, while the second is on its way.
    await expectArticles(widget(page), 25);
    await expect(widget(page).getByRole('article').first()).toBeVisible();
    expect(await articleIds(widget(page))).toEqual(before);
    await expect(pager(page).getByRole('button', { name: 'Next page' })).toBeDisabled();

    release();
    await waitReady(page);
    await expect(pager(page)).toContainText('Page 2 of');
    expect(await articleIds(widget(page))).not.toEqual(before);
    const focused = await page.evaluate(() => {
      const active = document.querySelector('ctrlhub-interactions')?.shadowRoot?.activeElement;
      return active ? { tag: active.tagName, articles: active.querySelectorAll('article').length } : null;
    });
    expect(focused).toEqual({ tag: 'DIV', articles: 25 });
  });
});

// --- 6. Item details -----------------------------------------------------------------------------

test.describe('6. item details', () => {
  test('an article shows method, direction, date, status, contacted, contact, property, representative, author, notes', async ({
    page,
    request,
  }) => {
    const { items } = await apiPage(request);
    const item = items.find(
      // Notes short enough not to be folded (the fold is tested below); the data depends on "now".
      (i) => !isUpcoming(i) && i.contact && i.property && i.representative && i.author && i.notes && i.notes.length < 300,
    )!;
    await page.goto(host());
    await waitReady(page);
    const article = widget(page).getByRole('article', { name: await articleName(page, item) });
    await expect(article).toHaveCount(1);
    // Collapsed, the article's text already names status, contact, property, representative and notes.
    const collapsed = (await article.innerText()).replace(/\s+/g, ' ');
    for (const part of [statusLabel(item.status), item.contact!.label, item.property!.label, item.representative!.label]) {
      expect(collapsed).toContain(part.replace(/\s+/g, ' '));
    }
    await openDetails(article);
    await expect(article).toHaveAccessibleName(
      new RegExp(`^${METHOD[item.method]}, ${item.direction}, `),
    );
    const text = (await article.innerText()).replace(/\s+/g, ' ');
    for (const part of [
      METHOD[item.method],
      DIRECTION[item.direction],
      statusLabel(item.status),
      item.contact!.label,
      item.property!.label,
      item.representative!.label,
      item.author!.label,
      item.notes.trim(),
    ]) {
      expect(text).toContain(part.replace(/\s+/g, ' '));
    }
    expect(text).toMatch(new RegExp(`Contacted:?\\s*${item.contacted ? 'Yes' : 'No'}`));
    await expect(article.getByRole('time')).toHaveAttribute('datetime', item.dateTime);
  });

  test('long notes are folded behind "Show more" (aria-expanded)', async ({ page, request }) => {
    const all = await allItems(request);
    const long = all.find((i) => i.notes.trim().length > 400 && !isUpcoming(i))!;
    expect(long, 'data: long notes').toBeTruthy();
    await page.goto(host({ 'attr.id-in': long.id }));
    await waitReady(page);
    const article = widget(page).getByRole('article');
    await openDetails(article);
    const tail = long.notes.trim().slice(-40);
    await expect(article).not.toContainText(tail);
    const more = article.getByRole('button', { name: 'Show more' });
    await expect(more).toHaveAttribute('aria-expanded', 'false');
    await more.click();
    const less = article.getByRole('button', { name: 'Show less' });
    await expect(less).toHaveAttribute('aria-expanded', 'true');
    await expect(article).toContainText(long.notes.trim());
    await less.click();
    await expect(article).not.toContainText(tail);
    // Toggling the notes is not selecting the interaction (opening the details was, once).
    expect(await recordedEvents(page, 'ctrlhub-select')).toHaveLength(1);
  });

  test('clicking an article, or Enter on it, fires ctrlhub-select with {id, interaction}', async ({
    page,
    request,
  }) => {
    const { items } = await apiPage(request);
    const item = items.find((i) => !isUpcoming(i) && i.contact && i.property)!;
    await page.goto(host());
    await waitReady(page);
    const article = widget(page).getByRole('article', { name: await articleName(page, item) });

    await article.click({ position: { x: 5, y: 5 } });
    await expect.poll(() => recordedEvents(page, 'ctrlhub-select')).toHaveLength(1);
    const [clicked] = await recordedEvents(page, 'ctrlhub-select');
    expect(clicked.detail.id).toBe(item.id);
    expect(clicked.detail.interaction).toMatchObject({
      id: item.id,
      method: METHOD[item.method],
      direction: DIRECTION[item.direction],
      dateTime: item.dateTime,
      status: item.status,
      contacted: item.contacted,
      notes: item.notes,
      contact: { id: item.contact!.id, label: item.contact!.label },
      property: { id: item.property!.id, label: item.property!.label },
    });

    // The click opened the details in place; Enter folds them (and selects again).
    await expect(article.getByRole('term').first()).toBeVisible();
    await article.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => recordedEvents(page, 'ctrlhub-select')).toHaveLength(2);
    expect((await recordedEvents(page, 'ctrlhub-select'))[1].detail.id).toBe(item.id);
    await expect(article.getByRole('term')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => recordedEvents(page, 'ctrlhub-select')).toHaveLength(3);

    // A control inside the article does its own job, without selecting.
    const label = article.getByRole('button', { name: item.contact!.label, exact: true });
    await label.click();
    await expect(label).toHaveAttribute('aria-expanded', 'true');
    expect(await recordedEvents(page, 'ctrlhub-select')).toHaveLength(3);
  });

  test('"Collapse all" / "Expand all" toggle every group disclosure (aria-expanded)', async ({ page }) => {
    await page.goto(host());
    await waitReady(page);
    const w = widget(page);
    const disclosures = w.getByRole('heading', { level: 3 }).getByRole('button');
    const n = await disclosures.count();
    expect(n).toBeGreaterThan(2);
    for (const state of await disclosures.evaluateAll((els) => els.map((e) => e.getAttribute('aria-expanded')))) {
      expect(state).toBe('true');
    }

    await moreAction(w, 'Collapse all');
    await expect(w.getByRole('article')).toHaveCount(0); // collapsed bodies are hidden
    expect(await disclosures.evaluateAll((els) => els.map((e) => e.getAttribute('aria-expanded')))).toEqual(
      Array(n).fill('false'),
    );

    // One group on its own.
    await disclosures.first().click();
    await expect(disclosures.first()).toHaveAttribute('aria-expanded', 'true');
    await expect(feed(page, 'Upcoming interactions').getByRole('article').first()).toBeVisible();

    await moreAction(w, 'Expand all');
    expect(await disclosures.evaluateAll((els) => els.map((e) => e.getAttribute('aria-expanded')))).toEqual(
      Array(n).fill('true'),
    );
    await expectArticles(w, 25);
  });
});

// --- 7. States (no faults: those are in timeline.serial.spec.ts) ----------------------------------

test.describe('7. states', () => {
  test('a skeleton shows while the first page loads', async ({ page }) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/customers\/interactions\?/, async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto(host());
    await expect(widget(page)).toHaveAttribute('aria-busy', 'true');
    await expect(statusOf(page)).toHaveText('Loading interactions…');
    const skeleton = widget(page).locator('.ch-skeleton');
    await expect(skeleton).toBeVisible();
    await expect(skeleton).toHaveAttribute('aria-hidden', 'true');
    await expect(widget(page).getByRole('article')).toHaveCount(0);
    expect(await page.evaluate(() => (document.querySelector('ctrlhub-interactions') as any).state)).toBe('loading');
    release();
    await waitReady(page);
    await expect(skeleton).toHaveCount(0);
    expect(await page.evaluate(() => (document.querySelector('ctrlhub-interactions') as any).state)).toBe('ready');
  });

  test('no interactions at all: empty state, status "No interactions", no pager', async ({ page }) => {
    await page.goto(host({ 'attr.contact-in': 'no-such-contact' }));
    await waitReady(page);
    await expect(statusOf(page)).toHaveText('No interactions');
    await expect(widget(page).getByText(/^No interactions/).last()).toBeVisible();
    await expect(widget(page).getByRole('article')).toHaveCount(0);
    await expect(pager(page)).toHaveCount(0);
    await expect.poll(() => recordedEvents(page, 'ctrlhub-load')).toEqual([
      { type: 'ctrlhub-load', detail: expect.objectContaining({ total: 0, count: 0 }) },
    ]);
  });

  test('filters that hide every interaction say so, and offer to clear them', async ({ page, request }) => {
    const { items } = await apiPage(request);
    await page.goto(host());
    await waitReady(page);
    await widget(page).getByRole('searchbox', { name: 'Search notes' }).fill('zzqxj');
    await expect(statusOf(page)).toHaveText(
      `No interactions match the filters (${items.length} on this page hidden)`,
    );
    await expect(widget(page).getByRole('article')).toHaveCount(0);
    const empty = widget(page).getByText('No interactions match these filters.');
    await expect(empty).toBeVisible();
    // The empty state's own "Clear filters" (the filter chips have one too).
    await expect(widget(page).getByRole('button', { name: 'Clear filters' })).toHaveCount(2);
    await widget(page).getByRole('button', { name: 'Clear filters' }).last().click();
    await expectArticles(widget(page), items.length);
    await expect(statusOf(page)).toHaveText(`Showing ${items.length} of 2,500 interactions`);
  });

  // Regression (was a bug): the empty state's "Clear filters" (src/ui/widget.rs) clears the view's filters
  // but not the toolbar's typed search text, so the box still shows the old query.
  test("the empty state's \"Clear filters\" also empties the search box", async ({ page }) => {
    await page.goto(host());
    await waitReady(page);
    const search = widget(page).getByRole('searchbox', { name: 'Search notes' });
    await search.fill('zzqxj');
    await expect(widget(page).getByText('No interactions match these filters.')).toBeVisible();
    await widget(page).getByRole('button', { name: 'Clear filters' }).last().click();
    await expectArticles(widget(page), 25);
    await expect(search).toHaveValue('');
  });

  test('a missing org-id is a config error without "Try again"', async ({ page }) => {
    await page.goto(host({ org: '' }));
    const alert = widget(page).getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toHaveAttribute('data-kind', 'config');
    await expect(alert.getByRole('button', { name: 'Try again' })).toHaveCount(0);
    await expect
      .poll(async () => (await recordedEvents(page, 'ctrlhub-error')).map((e) => e.detail.kind))
      .toEqual(['config']);
  });
});

// --- 9. Export CSV -------------------------------------------------------------------------------

const HEADER = [
  'ID',
  'Date',
  'Method',
  'Direction',
  'Status',
  'Contacted',
  'Contact',
  'Property',
  'Representative',
  'Author',
  'Account',
  'Notes',
];

test.describe('9. export CSV', () => {
  test('"Export CSV" downloads a header and one row per shown (filtered) interaction', async ({ page, request }) => {
    const { items } = await apiPage(request);
    const inbound = items.filter((i) => i.direction === 'inbound');
    await page.goto(host());
    await waitReady(page);
    await (await facet(widget(page), 'Direction')).selectOption('inbound');
    await expectArticles(widget(page), inbound.length);

    const downloading = page.waitForEvent('download');
    await moreAction(widget(page), 'Export CSV');
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('interactions.csv');
    const text = (await readFile(await download.path())).toString('utf8').replace(/^\uFEFF/, '');
    const rows = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(inbound.length + 1);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect([...byId.keys()].sort()).toEqual(inbound.map((i) => i.id).sort());
    const sample = inbound.find((i) => i.contact && i.property)!;
    const row = byId.get(sample.id)!;
    expect(row.slice(2, 8)).toEqual([
      METHOD[sample.method],
      'Inbound',
      statusLabel(sample.status),
      sample.contacted ? 'Yes' : 'No',
      sample.contact!.label,
      sample.property!.label,
    ]);
    expect(row[11]).toBe(sample.notes);
    await expect(statusOf(page)).toHaveText(`Exported ${inbound.length} interactions as CSV`);
  });

  test('element.exportCsv() returns the CSV text of what is shown', async ({ page, request }) => {
    const { items } = await apiPage(request);
    await page.goto(host());
    await waitReady(page);
    const downloading = page.waitForEvent('download');
    const text: string = await page.evaluate(() => (document.querySelector('ctrlhub-interactions') as any).exportCsv());
    await downloading;
    const rows = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(items.map((i) => i.id).sort());
  });
});

// --- 10. Looks -----------------------------------------------------------------------------------

/** The region's text colour and the background it is painted on (the nearest opaque one). */
const colours = (page: import('@playwright/test').Page) =>
  widget(page).evaluate((region) => {
    let e: Element | null = region;
    let bg = 'rgba(0, 0, 0, 0)';
    while (e) {
      bg = getComputedStyle(e).backgroundColor;
      if (bg !== 'transparent' && !/^rgba\(.*, 0\)$/.test(bg)) break;
      e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host || null);
    }
    return { bg, fg: getComputedStyle(region).color };
  });

const luminance = (rgb: string) => {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

test.describe('10. looks', () => {
  for (const [theme, dark] of [
    ['light', false],
    ['dark', true],
  ] as const) {
    test(`theme="${theme}" ${dark ? 'darkens' : 'keeps light'} the widget even when the system is the other`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: dark ? 'light' : 'dark' });
      await page.goto(host({ 'attr.theme': theme }));
      await waitReady(page);
      const { bg, fg } = await colours(page);
      if (dark) {
        expect(luminance(bg)).toBeLessThan(60);
        expect(luminance(fg)).toBeGreaterThan(180);
      } else {
        expect(luminance(bg)).toBeGreaterThan(200);
        expect(luminance(fg)).toBeLessThan(80);
      }
    });
  }

  test('without a theme (auto) the widget follows the system colour scheme', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(host());
    await waitReady(page);
    const bg = async () => (await colours(page)).bg;
    expect(luminance(await bg())).toBeLessThan(60);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(luminance(await bg())).toBeGreaterThan(200);
  });

  test('theme changes apply live', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(host());
    await waitReady(page);
    const bg = async () => (await colours(page)).bg;
    expect(luminance(await bg())).toBeGreaterThan(200);
    await page.evaluate(() => document.querySelector('ctrlhub-interactions')!.setAttribute('theme', 'dark'));
    expect(luminance(await bg())).toBeLessThan(60);
  });

  for (const width of [320, 375]) {
    test(`${width} px wide: no horizontal scrolling`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(host({ 'attr.page-size': '100' }));
      await waitReady(page);
      // Open a label's "Only this …" and a long note too: they must wrap, not overflow.
      const first = widget(page).getByRole('article').first();
      await openDetails(first);
      await first.getByRole('button').first().click();
      const overflow = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
      // Nothing in the widget sticks out of it either.
      const widest = await page.evaluate(() => {
        const root = document.querySelector('ctrlhub-interactions')!.shadowRoot!;
        let max = 0;
        let what = '';
        for (const el of Array.from(root.querySelectorAll('*'))) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > max) {
            max = r.right;
            what = `${el.tagName}.${(el as HTMLElement).className}`;
          }
        }
        return { right: Math.round(max), what };
      });
      expect(widest.right, `widest: ${widest.what}`).toBeLessThanOrEqual(width);
    });
  }
});
