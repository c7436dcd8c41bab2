// The standalone site (point 8 of the "timeline" issue): sign in and out, `?demo`, the view state in
// the URL (never the token), restoring it on reload and in a new page, and "Remember in this tab".
import type { Page } from '@playwright/test';
import { test, expect, ORG, TOKEN, chooseGroupBy, expectGroupBy, facet, openDetails, expectArticles } from './support';
import { apiPage, articleIds, pager, requestLog, statusOf, waitReady, widget } from './timeline-support';

test.use({ timezoneId: 'UTC' });

const STORAGE_KEY = 'ctrlhub-interactions.session';

const form = (page: Page) => page.getByRole('form', { name: 'Sign in' });

async function signIn(page: Page, { remember = false, token = TOKEN, org = ORG } = {}) {
  const f = form(page);
  await expect(f).toBeVisible();
  await f.getByRole('textbox', { name: 'API base' }).fill(new URL(page.url()).origin);
  await f.getByRole('textbox', { name: 'Organisation ID' }).fill(org);
  await f.getByRole('textbox', { name: 'Session token' }).fill(token);
  await f.getByRole('checkbox', { name: 'Remember in this tab' }).setChecked(remember);
  await f.getByRole('button', { name: 'Sign in' }).click();
}

const stored = (page: Page) => page.evaluate((key) => sessionStorage.getItem(key), STORAGE_KEY);

/** The URL must never carry the token, in any form. */
function expectNoToken(url: string) {
  expect(url).not.toContain(TOKEN);
  expect(decodeURIComponent(url)).not.toMatch(/token/i);
}

test.describe('8. standalone site', () => {
  test('the sign-in form has its labelled fields and asks for what is missing', async ({ page }) => {
    await page.goto('/');
    const f = form(page);
    await expect(f.getByRole('textbox', { name: 'API base' })).toBeVisible();
    await expect(f.getByRole('textbox', { name: 'Organisation ID' })).toBeVisible();
    await expect(f.getByRole('textbox', { name: 'Session token' })).toHaveAttribute('type', 'password');
    await expect(f.getByRole('checkbox', { name: 'Remember in this tab' })).not.toBeChecked();
    await f.getByRole('button', { name: 'Sign in' }).click();
    await expect(f.getByRole('alert')).toHaveText('Enter the organisation ID and a session token.');
    await expect(page.locator('ctrlhub-interactions')).toHaveCount(0);
  });

  test('signs in with the form, without remembering; signs out', async ({ page, request }) => {
    await page.goto('/');
    await signIn(page);
    await waitReady(page);
    await expect(page.getByText(`Organisation ${ORG}`)).toBeVisible();
    await expectArticles(widget(page), 25);
    expect(await stored(page)).toBeNull();
    expectNoToken(page.url());
    // The token went in the header, not in the URL.
    const sent = (await requestLog(request)).filter((e) => e.path.includes(`/orgs/${ORG}/`));
    expect(sent.length).toBeGreaterThan(0);
    for (const e of sent) expect(e.query).not.toContain(TOKEN);
    // Not remembered: a reload asks again.
    await page.reload();
    await expect(form(page)).toBeVisible();

    await signIn(page);
    await waitReady(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(form(page)).toBeVisible();
    await expect(page.locator('ctrlhub-interactions')).toHaveCount(0);
    // The token is not left in the form.
    await expect(form(page).getByRole('textbox', { name: 'Session token' })).toHaveValue('');
  });

  test('a wrong token brings the sign-in form back, saying the token was not accepted', async ({ page }) => {
    await page.goto('/');
    await signIn(page, { token: 'not-the-token', remember: true });
    const f = form(page);
    await expect(f.getByRole('alert')).toHaveText('The session token was not accepted. Check it and sign in again.');
    await expect(f.getByRole('textbox', { name: 'Organisation ID' })).toHaveValue(ORG);
    await expect(f.getByRole('textbox', { name: 'Session token' })).toHaveValue('');
    await expect(f.getByRole('textbox', { name: 'Session token' })).toBeFocused();
    await expect(page.locator('ctrlhub-interactions')).toHaveCount(0);
    expect(await stored(page)).toBeNull();
  });

  test('a 401 after signing in (expired session) asks to sign in again, keeping API base, organisation and view', async ({ page }) => {
    await page.goto('/?group=none');
    await signIn(page, { remember: true });
    await waitReady(page);
    expect(await stored(page)).toContain(TOKEN);
    const apiBase = new URL(page.url()).origin;

    // The session expires: from now on the API answers 401.
    await page.route('**/v3/orgs/**', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/vnd.api+json',
        body: JSON.stringify({ errors: [{ status: '401', title: 'Unauthorized', detail: 'The session has expired.' }] }),
      }),
    );
    await widget(page).getByRole('button', { name: 'Refresh' }).click();

    const f = form(page);
    await expect(f.getByRole('alert')).toHaveText('Your session has expired. Sign in again.');
    await expect(page.locator('ctrlhub-interactions')).toHaveCount(0);
    await expect(f.getByRole('textbox', { name: 'API base' })).toHaveValue(apiBase);
    await expect(f.getByRole('textbox', { name: 'Organisation ID' })).toHaveValue(ORG);
    await expect(f.getByRole('textbox', { name: 'Session token' })).toHaveValue('');
    await expect(f.getByRole('textbox', { name: 'Session token' })).toBeFocused();
    await expect(f.getByRole('checkbox', { name: 'Remember in this tab' })).not.toBeChecked();
    // The token is gone from sessionStorage (and was never anywhere else).
    expect(await stored(page)).toBeNull();
    expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).not.toContain(TOKEN);
    expectNoToken(page.url());
    // A reload does not sign back in.
    await page.reload();
    await expect(form(page)).toBeVisible();

    // Signing in again (the API accepts the token again) returns to the same view.
    await page.unroute('**/v3/orgs/**');
    await form(page).getByRole('textbox', { name: 'Organisation ID' }).fill(ORG);
    await form(page).getByRole('textbox', { name: 'API base' }).fill(apiBase);
    await form(page).getByRole('textbox', { name: 'Session token' }).fill(TOKEN);
    await form(page).getByRole('button', { name: 'Sign in' }).click();
    await waitReady(page);
    await expectGroupBy(widget(page), 'none');
    await expect(form(page)).toHaveCount(0);
  });

  test('"Remember in this tab" keeps the session in sessionStorage only, until sign-out', async ({ page }) => {
    await page.goto('/');
    await signIn(page, { remember: true });
    await waitReady(page);
    const value = await stored(page);
    expect(value).toContain(ORG);
    expect(value).toContain(TOKEN);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(TOKEN);
    expect((await page.context().cookies()).map((c) => c.value).join()).not.toContain(TOKEN);
    expectNoToken(page.url());

    await page.reload();
    await waitReady(page);
    await expectArticles(widget(page), 25);

    // Another tab does not share it.
    const other = await page.context().newPage();
    await other.goto('/');
    await expect(form(other)).toBeVisible();
    await other.close();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(form(page)).toBeVisible();
    expect(await stored(page)).toBeNull();
    await page.reload();
    await expect(form(page)).toBeVisible();
  });

  test('unticking "Remember in this tab" on a later sign-in forgets the stored session', async ({ page }) => {
    await page.goto('/');
    await signIn(page, { remember: true });
    await waitReady(page);
    expect(await stored(page)).not.toBeNull();
    // Sign out and in again with the box unticked: nothing stays behind.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, { remember: false });
    await waitReady(page);
    expect(await stored(page)).toBeNull();
  });

  test('?demo signs in to the mock demo organisation; signing out leaves demo mode', async ({ page }) => {
    await page.goto('/?demo');
    await waitReady(page);
    await expect(page.getByText(`Organisation ${ORG}`)).toBeVisible();
    await expect(statusOf(page)).toHaveText('Showing 25 of 2,500 interactions');
    expect(await stored(page)).toBeNull();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(form(page)).toBeVisible();
    // Signed out means signed out: a reload must not sign in to the demo again.
    await page.reload();
    await expect(form(page)).toBeVisible();
  });

  test('the view state goes to the URL (never the token) and a new page restores it', async ({
    page,
    request,
  }) => {
    await page.goto('/?demo');
    await waitReady(page);
    const w = widget(page);
    await chooseGroupBy(w, 'none');
    await pager(page).getByRole('combobox', { name: 'Per page' }).selectOption('50');
    await waitReady(page);
    await pager(page).getByRole('button', { name: 'Next page' }).click();
    await expect(pager(page)).toContainText('Page 2 of 50');
    await waitReady(page);
    await (await facet(w, 'Direction')).selectOption('inbound');
    await w.getByRole('searchbox', { name: 'Search notes' }).fill('Meter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('Meter');

    const url = new URL(page.url());
    expectNoToken(url.href);
    expect(url.searchParams.get('group')).toBe('none');
    expect(url.searchParams.get('per_page')).toBe('50');
    expect(url.searchParams.get('page')).toBe('2');
    expect(url.searchParams.get('direction')).toBe('inbound');
    expect(url.searchParams.has('demo')).toBe(true);
    const shown = await articleIds(w);

    // The same URL in a new page (a new tab: no sessionStorage) shows the same view.
    const other = await page.context().newPage();
    await other.goto(url.href);
    await waitReady(other);
    const o = widget(other);
    await expectGroupBy(o, 'none');
    await expect((await facet(o, 'Direction'))).toHaveValue('inbound');
    await expect(o.getByRole('searchbox', { name: 'Search notes' })).toHaveValue('Meter');
    await expect(pager(other).getByRole('combobox', { name: 'Per page' })).toHaveValue('50');
    await expect(pager(other)).toContainText('Page 2 of 50');
    expect(await articleIds(o)).toEqual(shown);
    // And it asked the API for that page.
    const second = await apiPage(request, { limit: 50, offset: 50 });
    const onPage = new Set(second.items.map((i) => i.id));
    expect(shown.every((id) => onPage.has(id))).toBe(true);
    await other.close();

    // A reload keeps it too.
    await page.reload();
    await waitReady(page);
    await expect(pager(page)).toContainText('Page 2 of 50');
    await expect((await facet(w, 'Direction'))).toHaveValue('inbound');
  });

  test('a scope chip goes to the URL and comes back with it', async ({ page, request }) => {
    const { items } = await apiPage(request);
    const contact = items.find((i) => i.contact && i.status !== 'scheduled' && i.ms < Date.now())!.contact!;
    await page.goto('/?demo');
    await waitReady(page);
    const w = widget(page);
    const article = w.getByRole('article').filter({ hasText: contact.label }).first();
    await openDetails(article);
    await article.getByRole('button', { name: contact.label, exact: true }).click();
    await w.getByRole('button', { name: 'Only this contact' }).click();
    await expect(w.getByRole('button', { name: `Remove contact filter ${contact.label}` })).toBeVisible();
    await expect.poll(() => new URL(page.url()).searchParams.get('contact_in')).toBe(contact.id);
    expectNoToken(page.url());

    const other = await page.context().newPage();
    await other.goto(page.url());
    await waitReady(other);
    await expect(widget(other).getByRole('button', { name: `Remove contact filter ${contact.label}` })).toBeVisible();
    for (const text of await widget(other).getByRole('article').allInnerTexts()) expect(text).toContain(contact.label);
    await other.close();

    // Removing the chip removes it from the URL.
    await w.getByRole('button', { name: `Remove contact filter ${contact.label}` }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('contact_in')).toBe(false);
  });

  test('a shared link opened signed out keeps its view through the sign-in', async ({ page }) => {
    await page.goto('/?group=property&per_page=10&page=3');
    await signIn(page);
    await waitReady(page);
    await expectGroupBy(widget(page), 'property');
    await expect(pager(page)).toContainText('Page 3 of 250');
    await expectArticles(widget(page), 10);
    expectNoToken(page.url());
  });

  test('a token put in the URL by hand does not sign in', async ({ page }) => {
    await page.goto(`/?token=${TOKEN}&session_token=${TOKEN}&page=2`);
    // Not signed in by a URL token.
    await expect(form(page)).toBeVisible();
  });

  for (const width of [320, 375]) {
    test(`${width} px wide: neither the sign-in form nor the demo scrolls sideways`, async ({ page }) => {
      await page.setViewportSize({ width, height: 700 });
      const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      await page.goto('/');
      await expect(form(page)).toBeVisible();
      expect(await fits()).toBe(true);
      await page.goto('/?demo');
      await waitReady(page);
      expect(await fits()).toBe(true);
    });
  }
});
