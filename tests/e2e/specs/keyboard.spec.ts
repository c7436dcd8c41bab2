// Keyboard use of the feed (WAI-ARIA APG feed pattern) and the search box.
import { test, expect, recordedEvents, expectArticles, showAllUpcoming } from './support';

test('Page Down / Page Up move between articles and Enter selects', async ({ page }) => {
  await page.goto('/hosts/plain.html');
  const articles = page.getByRole('article');
  await expectArticles(page, 25);
  await showAllUpcoming(page);
  await expect(articles).toHaveCount(25);

  await articles.first().focus();
  await expect(articles.nth(0)).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect(articles.nth(1)).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect(articles.nth(2)).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(articles.nth(1)).toBeFocused();
  await page.keyboard.press('Control+End');
  await expect(articles.nth(24)).toBeFocused();
  await page.keyboard.press('Control+Home');
  await expect(articles.nth(0)).toBeFocused();

  const id = await articles.nth(0).getAttribute('data-id');
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await recordedEvents(page, 'ctrlhub-select')).map((e) => e.detail?.id))
    .toEqual([id]);
  const detail = (await recordedEvents(page, 'ctrlhub-select'))[0].detail;
  expect(detail.interaction.id).toBe(id);
  // Resolved labels travel with the interaction (null where there is no such relationship).
  expect('contact' in detail.interaction).toBe(true);
  const c = detail.interaction.contact;
  expect(c === null || typeof c.label === 'string').toBe(true);
  expect(typeof detail.interaction.method).toBe('string');
});

test('Escape clears the search box', async ({ page }) => {
  await page.goto('/hosts/plain.html');
  await expectArticles(page, 25);
  const search = page.getByLabel('Search notes');
  await search.fill('zzzz-no-such-words');
  await expect(page.getByRole('status')).toHaveText(/No interactions match the filters/);
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(page.getByRole('status')).toHaveText(/Showing 25 of 2,500 interactions/);
});
