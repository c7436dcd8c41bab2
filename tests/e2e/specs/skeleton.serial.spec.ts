// Specs that inject faults into the shared mock. The fault queue (/__mock/faults) applies to every
// request the mock answers, so these run in the `chromium-serial` project: one at a time, after every
// other spec (playwright.config.ts). Faults are cleared before and after each test.
import { test, expect, recordedEvents, expectArticles } from './support';

test.describe.configure({ mode: 'serial' });

const clearFaults = async ({ request }: { request: import('@playwright/test').APIRequestContext }) => {
  const response = await request.delete('/__mock/faults');
  expect(response.ok(), `DELETE /__mock/faults: ${response.status()}`).toBe(true);
};
test.beforeEach(clearFaults);
test.afterEach(clearFaults);

test('"Try again" recovers from a server error', async ({ page, request }) => {
  // Three in a row: the widget retries a 5xx twice with backoff before it shows the error.
  const fault = await request.post('/__mock/faults?kind=500&times=3');
  expect(fault.ok(), `POST /__mock/faults: ${fault.status()} ${await fault.text()}`).toBe(true);

  await page.goto('/hosts/plain.html');
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect
    .poll(async () => (await recordedEvents(page, 'ctrlhub-error')).map((e) => e.detail?.kind))
    .toContain('server');

  await alert.getByRole('button', { name: 'Try again' }).click();
  await expectArticles(page, 25);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
