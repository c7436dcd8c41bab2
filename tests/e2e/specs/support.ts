// Shared helpers for the specs: the demo credentials the mock knows, API look-ups, and a `test`
// that fails when the page throws an uncaught error (a wasm panic surfaces as one).
import { test as base, expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export { expect };

/** The mock's demo organisation and its session token. */
export const ORG = 'demo-org';
export const TOKEN = 'demo-token';

/** Where the element's API lives on the mock (the host pages use api-base="/"). */
export const interactionsPath = (org = ORG) => `/v3/orgs/${org}/customers/interactions`;

export type RecordedEvent = { type: string; detail: any };

declare global {
  interface Window {
    __events: RecordedEvent[];
  }
}

export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

/** GET an interactions page from the mock with the demo token, as JSON:API. */
export async function fetchInteractions(request: APIRequestContext, query: string, token = TOKEN) {
  const response = await request.get(`${interactionsPath()}?${query}`, {
    headers: { 'X-Session-Token': token, Accept: 'application/vnd.api+json' },
  });
  expect(response.status(), `GET ${interactionsPath()}?${query}: ${await response.text()}`).toBe(200);
  return response.json();
}

/** The label the widget shows for the contact of the first interaction the mock returns. */
export async function firstContactLabel(request: APIRequestContext): Promise<string> {
  const body = await fetchInteractions(request, 'include=contact&limit=1');
  const first = body.data?.[0];
  expect(first, 'the mock returned no interactions').toBeTruthy();
  const ref = first.relationships?.contact?.data;
  expect(ref, `interaction ${first.id} has no contact`).toBeTruthy();
  const contact = (body.included ?? []).find((r: any) => r.type === ref.type && r.id === ref.id);
  expect(contact, `contact ${ref.id} is not in "included"`).toBeTruthy();
  const a = contact.attributes ?? {};
  const label = [a.salutation, a.first_name, a.last_name]
    .map((part) => (typeof part === 'string' ? part.trim() : ''))
    .filter(Boolean)
    .join(' ');
  expect(label, `contact ${ref.id} has no name`).not.toBe('');
  return label;
}

/** The ctrlhub-* events plain.html recorded so far. */
export function recordedEvents(page: Page, type?: string): Promise<RecordedEvent[]> {
  return page.evaluate(
    (type) => (window.__events ?? []).filter((e) => !type || e.type === type),
    type,
  );
}

// --- The widget's toolbar (issue #11): "Group by" is a radio group, the facets sit in a panel
// that the "Filters" button opens, and Expand all / Collapse all / Export CSV are behind
// "More actions". Found by role and accessible name, like everything else.

type Scope = Page | Locator;
export type GroupByValue = 'contact' | 'property' | 'none';
const GROUP_LABEL: Record<GroupByValue, string> = { contact: 'Contact', property: 'Property', none: 'None' };

/** The "Group by" option `value` (a radio in the radio group named "Group by"). */
export const groupByOption = (scope: Scope, value: GroupByValue) =>
  scope.getByRole('radiogroup', { name: 'Group by' }).getByRole('radio', { name: GROUP_LABEL[value], exact: true });

/** Picks "Group by: `value`". */
export async function chooseGroupBy(scope: Scope, value: GroupByValue) {
  await groupByOption(scope, value).check();
}

/** "Group by" shows `value`. */
export async function expectGroupBy(scope: Scope, value: GroupByValue) {
  await expect(groupByOption(scope, value)).toBeChecked();
}

/** The "Filters" button (its name adds the number of active filters: "Filters 2 active"). */
export const filtersButton = (scope: Scope) => scope.getByRole('button', { name: /^Filters\b/ });

/** Opens the filter panel (Method, Direction, Status, Contacted, From, To) unless it is open. */
export async function openFilters(scope: Scope) {
  const button = filtersButton(scope);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
}

/** A facet's select, with the filter panel opened first. */
export async function facet(scope: Scope, name: string): Promise<Locator> {
  await openFilters(scope);
  return scope.getByRole('combobox', { name, exact: true });
}

/** A From / To date box, with the filter panel opened first. */
export async function dateBox(scope: Scope, name: 'From' | 'To'): Promise<Locator> {
  await openFilters(scope);
  return scope.getByRole('textbox', { name, exact: true });
}

/** Runs one of the "More actions": "Expand all", "Collapse all" or "Export CSV". */
export async function moreAction(scope: Scope, name: 'Expand all' | 'Collapse all' | 'Export CSV') {
  const menu = scope.getByRole('button', { name: 'More actions' });
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await scope.getByRole('button', { name, exact: true }).click();
}

/**
 * Opens an interaction's details in place (a click on the row, which also fires `ctrlhub-select`),
 * unless they are open: contact, property and representative (with "Only this …"), author,
 * account, contacted and the full notes.
 */
export async function openDetails(article: Locator) {
  const details = article.getByRole('term');
  if ((await details.count()) === 0) await article.click({ position: { x: 5, y: 5 } });
  await expect(details.first()).toBeVisible();
}

/** The accessible name of the button under a shortened "Upcoming" section. */
export const MORE_UPCOMING = /^Show ([\d,]+) more upcoming$/;

/**
 * How many of the page's interactions the feed holds: the rendered articles plus those "Upcoming"
 * keeps behind "Show N more upcoming" (it shows at most 5 until asked). Polled, as it settles.
 */
export async function expectArticles(scope: Scope, count: number) {
  await expect
    .poll(
      async () => {
        const shown = await scope.getByRole('article').count();
        const more = scope.getByRole('button', { name: MORE_UPCOMING });
        const label = (await more.count()) > 0 ? ((await more.first().textContent()) ?? '') : '';
        const behind = Number(MORE_UPCOMING.exec(label.trim())?.[1]?.replace(/,/g, '') ?? 0);
        return shown + behind;
      },
      { message: 'articles, with those behind "Show N more upcoming"' },
    )
    .toBe(count);
}

/** Shows every upcoming interaction ("Show N more upcoming"), when "Upcoming" is shortened. */
export async function showAllUpcoming(scope: Scope) {
  const more = scope.getByRole('button', { name: MORE_UPCOMING });
  if ((await more.count()) > 0) {
    await more.first().click();
    await expect(more).toHaveCount(0);
  }
}
