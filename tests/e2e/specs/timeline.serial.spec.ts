// The timeline's error states (point 7), one per kind, with faults injected into the shared mock.
// The fault queue applies to every request the mock answers, so this file runs in the
// `chromium-serial` project (playwright.config.ts); faults and the request log are cleared around
// each test.
import type { APIRequestContext } from '@playwright/test';
import { test, expect, recordedEvents, expectArticles } from './support';
import { apiPage, articleIds, pageIds, pager, requestLog, statusOf, waitReady, widget } from './timeline-support';

// One at a time (the project has one worker and is not fully parallel), but independent: a
// failure does not skip the tests after it.

async function reset({ request }: { request: APIRequestContext }) {
  expect((await request.delete('/__mock/faults')).ok()).toBe(true);
  expect((await request.delete('/__mock/requests')).ok()).toBe(true);
}
test.beforeEach(reset);
test.afterEach(async ({ request }) => {
  expect((await request.delete('/__mock/faults')).ok()).toBe(true);
});

async function fault(request: APIRequestContext, kind: string, times = 1) {
  const response = await request.post(`/__mock/faults?kind=${encodeURIComponent(kind)}&times=${times}`);
  expect(response.ok(), `POST /__mock/faults?kind=${kind}: ${response.status()} ${await response.text()}`).toBe(true);
}

// fault → the error kind the widget reports, and the HTTP status it saw (null: none).
const CASES: Array<[fault: string, kind: string, status: number | null]> = [
  ['401', 'auth', 401],
  ['403', 'forbidden', 403],
  ['404', 'not-found', 404],
  ['429', 'rate-limited', 429],
  ['500', 'server', 500],
  ['502', 'server', 502],
  ['503', 'server', 503],
  ['errors-200', 'server', 500],
  ['truncated', 'decode', null],
  ['non-json', 'decode', null],
  ['reset', 'network', null],
];

for (const [kind, errorKind, status] of CASES) {
  test(`fault ${kind}: an alert of kind "${errorKind}" with "Try again", which recovers`, async ({ page, request }) => {
    // Until cleared: Chromium silently retries a request whose connection was reset.
    await fault(request, kind, 0);
    await page.goto('/hosts/plain.html');

    const alert = widget(page).getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toHaveAttribute('data-kind', errorKind);
    await expect(statusOf(page)).toHaveText('Could not load interactions');
    await expect(widget(page).getByRole('article')).toHaveCount(0);
    await expect(pager(page)).toHaveCount(0);
    await expect.poll(async () => (await recordedEvents(page, 'ctrlhub-error')).length).toBe(1);
    const [event] = await recordedEvents(page, 'ctrlhub-error');
    expect(event.detail).toMatchObject({ kind: errorKind, status });
    expect(event.detail.message).not.toBe('');
    expect(await page.evaluate(() => (document.querySelector('ctrlhub-interactions') as any).state)).toBe('error');

    // The trace id the mock sent with the failing response, to quote to support.
    // (The last one: 5xx are retried with backoff, a 429 once after its Retry-After.)
    const failed = (await requestLog(request)).filter((e) => e.fault === kind).at(-1);
    expect(failed, `the request log has the ${kind} request`).toBeTruthy();
    if (status !== null) {
      expect(event.detail.traceId).toBe(failed!.trace_id);
      await expect(alert).toContainText(failed!.trace_id);
    }

    expect((await request.delete('/__mock/faults')).ok()).toBe(true);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await waitReady(page);
    await expect(widget(page).getByRole('alert')).toHaveCount(0);
    await expectArticles(widget(page), 25);
    await expect(statusOf(page)).toHaveText('Showing 25 of 2,500 interactions');
  });
}

// Regression (was a bug): decode failures drop the X-Trace-Id (src/api/client.rs builds Error::Decode
// without it), so the alert cannot show it.
test('a response that is not JSON still shows the trace id the API sent', async ({ page, request }) => {
  // ELEMENT.md: the alert "shows the X-Trace-Id when the API sent one" — the mock sends one with
  // every response, including the 200 text/html of the non-json fault.
  await fault(request, 'non-json');
  await page.goto('/hosts/plain.html');
  const alert = widget(page).getByRole('alert');
  await expect(alert).toHaveAttribute('data-kind', 'decode');
  const failed = (await requestLog(request)).find((e) => e.fault === 'non-json')!;
  await expect(alert).toContainText(failed.trace_id);
});

test('timeout: a response slower than 20 s is a "timeout" alert', async ({ page, request }) => {
  test.setTimeout(60_000);
  await fault(request, 'slow:24000');
  await page.goto('/hosts/plain.html');
  await expect(widget(page)).toHaveAttribute('aria-busy', 'true');
  const alert = widget(page).getByRole('alert');
  await expect(alert).toHaveAttribute('data-kind', 'timeout', { timeout: 30_000 });
  await alert.getByRole('button', { name: 'Try again' }).click();
  await waitReady(page);
  await expectArticles(widget(page), 25);
});

test('a failure on the next page keeps the current page visible; "Try again" loads the next', async ({
  page,
  request,
}) => {
  const second = await apiPage(request, { offset: 25 });
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  const before = await articleIds(widget(page));

  await fault(request, '503', 3); // 3: a 5xx is retried twice before it is final
  await pager(page).getByRole('button', { name: 'Next page' }).click();
  const alert = widget(page).getByRole('alert');
  await expect(alert).toHaveAttribute('data-kind', 'server');
  expect(await articleIds(widget(page))).toEqual(before);
  await expect(widget(page).getByRole('article').first()).toBeVisible();

  await alert.getByRole('button', { name: 'Try again' }).click();
  await waitReady(page);
  await expect(widget(page).getByRole('alert')).toHaveCount(0);
  expect(await pageIds(widget(page))).toEqual(second.items.map((i) => i.id).sort());
  await expect(pager(page)).toContainText('Page 2 of');
});

// Regression (was a bug): after a failed "Load more" the button stays enabled but does nothing: the
// load-more effect in src/ui/loader.rs only acts in `Load::Ready`.
test('"Load more" that fails keeps what is shown; "Load more" works again once the API is back', async ({
  page,
  request,
}) => {
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  await fault(request, '500', 3);
  await pager(page).getByRole('button', { name: 'Load more' }).click();
  await expect(widget(page).getByRole('alert')).toHaveAttribute('data-kind', 'server');
  await expectArticles(widget(page), 25);
  // The fault is used up: asking again appends the next page.
  const more = pager(page).getByRole('button', { name: 'Load more' });
  await expect(more).toBeEnabled();
  await more.click();
  await expectArticles(widget(page), 50);
  await expect(widget(page).getByRole('alert')).toHaveCount(0);
});

test('"Try again" after a failed "Load more" clears the alert and keeps the page', async ({ page, request }) => {
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  await fault(request, '500', 3);
  await pager(page).getByRole('button', { name: 'Load more' }).click();
  await expect(widget(page).getByRole('alert')).toHaveAttribute('data-kind', 'server');
  await widget(page).getByRole('alert').getByRole('button', { name: 'Try again' }).click();
  await waitReady(page);
  await expect(widget(page).getByRole('alert')).toHaveCount(0);
  expect(await widget(page).getByRole('article').count()).toBeGreaterThanOrEqual(25);
});

test('a 5xx once is retried automatically with backoff: no alert, no error event', async ({ page, request }) => {
  await fault(request, '503', 2);
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  await expectArticles(widget(page), 25);
  await expect(widget(page).getByRole('alert')).toHaveCount(0);
  expect(await recordedEvents(page, 'ctrlhub-error')).toEqual([]);
  const faults = (await requestLog(request)).filter((e) => e.fault === '503');
  expect(faults.length).toBe(2);
});

test('a 429 shows a countdown from Retry-After, then retries by itself', async ({ page, request }) => {
  await fault(request, '429', 1);
  await page.goto('/hosts/plain.html');
  const alert = widget(page).getByRole('alert');
  await expect(alert).toHaveAttribute('data-kind', 'rate-limited');
  await expect(alert).toContainText(/Trying again in [12] seconds?/);
  await waitReady(page);
  await expectArticles(widget(page), 25);
  await expect(widget(page).getByRole('alert')).toHaveCount(0);
  expect(await recordedEvents(page, 'ctrlhub-error')).toEqual([]);
});
