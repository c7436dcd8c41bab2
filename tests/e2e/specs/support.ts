// Shared helpers for the specs: the demo credentials the mock knows, API look-ups, and a `test`
// that fails when the page throws an uncaught error (a wasm panic surfaces as one).
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

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
