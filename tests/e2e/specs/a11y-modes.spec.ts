// Display modes (WCAG 2.2 AA): forced colours (1.4.1 Use of Color, 1.4.11 Non-text Contrast, 2.4.7
// Focus Visible under a user palette), reduced motion (2.3.3 good practice: the loading skeleton
// stops pulsing), reflow at 320 CSS px and at 400 % zoom (1.4.10), and target sizes (2.5.8).
//
// forced-colors.png and reduced-motion.png go to tests/e2e/screenshots/ with UPDATE_SCREENSHOTS=1
// (to be committed), otherwise to the test's output folder; each test asserts what it pictures.
import type { Page } from '@playwright/test';
import { test, expect, interactionsPath, facet, openDetails, expectArticles } from './support';
import { allItems, isOverdue, isScheduled, isUpcoming, waitReady, widget } from './timeline-support';
import { alpha, focused, hasFocusRing, label, saveShot, tabTo } from './a11y-support';

test.describe.configure({ timeout: 90_000 });

type Look = {
  color: string;
  background: string;
  borderStyle: string;
  borderWidth: number;
  borderColor: string;
  borderInlineStartWidth: number;
  opacity: number;
  before: string;
};

/** Computed look of every element matching `selector` inside the widget's shadow root. */
function looks(page: Page, selector: string, pseudo?: string): Promise<Look[]> {
  return page.evaluate(
    ({ selector, pseudo }) => {
      const root = document.querySelector('ctrlhub-interactions')!.shadowRoot!;
      return [...root.querySelectorAll(selector)].map((e) => {
        const c = getComputedStyle(e, pseudo);
        const before = getComputedStyle(e, '::before').content;
        return {
          color: c.color,
          background: c.backgroundColor,
          borderStyle: c.borderTopStyle,
          borderWidth: parseFloat(c.borderTopWidth) || 0,
          borderColor: c.borderTopColor,
          borderInlineStartWidth: parseFloat(c.borderInlineStartWidth) || 0,
          opacity: parseFloat(c.opacity),
          before,
        };
      });
    },
    { selector, pseudo },
  );
}

/** The palette the browser forces, read from system colour keywords. */
function systemColors(page: Page) {
  return page.evaluate(() => {
    const probe = document.createElement('span');
    document.body.append(probe);
    const out: Record<string, string> = {};
    for (const name of ['Canvas', 'CanvasText', 'ButtonText', 'GrayText', 'Highlight', 'Mark']) {
      probe.style.color = name;
      out[name] = getComputedStyle(probe).color;
    }
    probe.remove();
    return out;
  });
}

/** Requests for the interactions (held back to look at the loading state). */
const isApi = (url: URL) => url.pathname === interactionsPath();

/** Text or a border in `color` shows on the forced `canvas`. */
const shows = (color: string, canvas: string) => alpha(color) > 0 && color !== canvas;

test('forced colours: focus, badges, the overdue flag, disabled buttons, filters and disclosures stay visible', async ({
  page,
  request,
}) => {
  // Data with every badge state: an overdue one, a future scheduled one, past ones.
  const all = await allItems(request);
  const overdue = all.find((i) => isOverdue(i));
  const future = all.find((i) => isScheduled(i) && !isOverdue(i));
  const past = all.filter((i) => !isUpcoming(i) && i.contact && i.notes.trim() !== '').slice(0, 3);
  expect(overdue && future && past.length === 3, 'data: overdue, future scheduled and past interactions').toBe(true);
  const ids = [overdue!, future!, ...past].map((i) => i.id);

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.emulateMedia({ forcedColors: 'active', colorScheme: 'light' });
  await page.goto(`/hosts/plain.html?attr.id-in=${ids.join(',')}`);
  await waitReady(page);
  const root = widget(page);
  await expectArticles(root, 5);
  expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
  const sys = await systemColors(page);
  const canvas = sys.Canvas;
  expect(sys.CanvasText, 'the forced palette has contrast').not.toBe(canvas);

  // Keyboard focus: a ring in a forced colour, on selects, buttons, disclosures and articles.
  for (const [role, name] of [
    ['radio', 'Contact'],
    ['button', 'More actions'],
    ['button', /^Upcoming \d+ interactions?$/],
    ['article', /.+/],
  ] as const) {
    const f = await tabTo(page, role, name, { max: 30 });
    expect(hasFocusRing(f), `focus ring on ${label(f)}`).toBe(true);
    expect(shows(f.outlineColor, canvas), `focus ring colour on ${label(f)}: ${f.outlineColor}`).toBe(true);
  }

  // Status badges: text and outline in forced colours, each with its own label.
  const badges = await looks(page, '.ch-badge');
  expect(badges.length).toBeGreaterThanOrEqual(6); // 5 statuses + "Overdue"
  for (const b of badges) {
    expect(shows(b.color, canvas), `badge text ${b.color}`).toBe(true);
    expect(b.borderStyle, 'badge outline').not.toBe('none');
    expect(shows(b.borderColor, canvas), `badge outline ${b.borderColor}`).toBe(true);
  }
  // The overdue flag is a text badge on the overdue interaction only (not colour alone).
  const overdueFlag = root.locator('.ch-badge-overdue');
  await expect(overdueFlag).toHaveCount(1);
  await expect(overdueFlag).toHaveText('Overdue');
  await expect(overdueFlag).toBeVisible();
  await expect(root.locator('article.ch-overdue')).toHaveAttribute('data-id', overdue!.id);
  await expect(root.locator(`article[data-id="${future!.id}"]`)).not.toContainText('Overdue');
  await expect(root.locator(`article[data-id="${future!.id}"] .ch-badge`).first()).toHaveText('Scheduled');

  // Disabled buttons look different from enabled ones (one page: the whole pager is disabled too).
  // ("Clear filters" shows only while a filter is set.)
  const clear = root.getByRole('button', { name: 'Clear filters' });
  await expect(clear).toHaveCount(0);
  await expect(root.getByRole('button', { name: 'Next page' })).toBeDisabled();
  const [enabled] = await looks(page, '.ch-actions .ch-button:not(:disabled)');
  const disabled = await looks(page, '.ch-button:disabled');
  expect(disabled.length).toBeGreaterThanOrEqual(5);
  for (const d of disabled) {
    expect(shows(d.color, canvas), `disabled text ${d.color} still shows`).toBe(true);
    expect(d.color, 'disabled buttons are not drawn like enabled ones').not.toBe(enabled.color);
  }

  // The disclosure state is a glyph (▾ / ▸) in a forced colour, not colour alone.
  const disclosure = root.getByRole('button', { name: /^Upcoming \d+ interactions?$/ });
  const [open] = await looks(page, '.ch-disclosure[aria-expanded="true"]', '::before');
  expect(shows(open.color, canvas)).toBe(true);

  // (Coloured method icons and status tones make the picture busier than the old cards.)
  await saveShot(page, 'forced-colors.png', { x: 0, y: 0, width: 1024, height: 640 }, 160_000);

  await disclosure.focus();
  await page.keyboard.press('Enter');
  await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
  const [closed] = await looks(page, '.ch-disclosure[aria-expanded="false"]', '::before');
  expect(closed.before, 'collapsed and expanded disclosures show different glyphs').not.toBe(open.before);
  expect(shows(closed.color, canvas)).toBe(true);
  await page.keyboard.press('Enter');
  await expect(disclosure).toHaveAttribute('aria-expanded', 'true');

  // A selected filter: the select shows the chosen value, and "Clear filters" turns enabled-looking.
  const method = await facet(root, 'Method');
  await method.focus();
  await page.keyboard.press('ArrowDown');
  await expect(method).not.toHaveValue('');
  const shown = await method.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
  expect(shown).toMatch(/^(Letter|Email|Telephone|SMS) \(\d+\)$/);
  const select = (await looks(page, '.ch-filter-panel .ch-select'))[0]; // Method
  expect(shows(select.color, select.background), 'select text on its field').toBe(true);
  await expect(clear).toBeEnabled();
  const [clearNow] = await looks(page, '.ch-clear');
  expect(clearNow.color, 'Clear filters, now enabled, looks enabled').toBe(enabled.color);
  await page.keyboard.press('ArrowUp');
  await expect(method).toHaveValue('');

  // Search matches are marked in the forced Mark colours.
  const word = past[0].notes.trim().split(/\s+/).find((w) => /^[A-Za-z]{5,}$/.test(w))!;
  await root.getByRole('searchbox', { name: 'Search notes' }).fill(word);
  await expect(root.locator('mark').first()).toBeVisible();
  for (const m of await looks(page, 'mark')) {
    expect(m.background, 'a highlighted match has a forced background').not.toBe(canvas);
    expect(shows(m.background, canvas) && m.color !== m.background).toBe(true);
  }
  await root.getByRole('searchbox', { name: 'Search notes' }).press('Escape');
  // Escape clears the box; the search applies a moment later and re-renders the rows. Wait for it,
  // or a label opened now would be re-rendered closed.
  await expect(root.locator('mark')).toHaveCount(0);

  // A server scope chip ("Only this contact") has a visible outline.
  const article = root.locator(`article[data-id="${past[0].id}"]`);
  await openDetails(article);
  await article.getByRole('button', { name: past[0].contact!.label, exact: true }).press('Enter');
  await article.getByRole('button', { name: 'Only this contact' }).press('Enter');
  await expect(root.getByRole('button', { name: /^Remove contact filter / })).toBeVisible();
  const [chip] = await looks(page, '.ch-chip');
  expect(chip.borderStyle).not.toBe('none');
  expect(shows(chip.borderColor, canvas), `chip outline ${chip.borderColor}`).toBe(true);
});

// Regression (was a bug): style/widget.css — `.ch-overdue { border-inline-start: 4px solid #cf222e }` comes
// before `.ch-item { border: 1px solid var(--_border) }`, which has the same specificity and so resets
// it: the overdue accent border never shows, in any colour mode (the "Overdue" badge text still does).
// Fix: move the `.ch-overdue` rule after `.ch-item`, or write it as `.ch-item.ch-overdue`.
test('overdue interactions keep their 4 px accent border, also in forced colours', async ({ page, request }) => {
  const all = await allItems(request);
  const overdue = all.find((i) => isOverdue(i))!;
  for (const forcedColors of ['none', 'active'] as const) {
    await page.emulateMedia({ forcedColors });
    await page.goto(`/hosts/plain.html?attr.id-in=${overdue.id}`);
    await waitReady(page);
    const [item] = await looks(page, 'article.ch-overdue');
    expect(item.borderInlineStartWidth, `forced-colors: ${forcedColors}`).toBe(4);
  }
});

test('reduced motion: the loading skeleton does not animate', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 480 });
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
  // Hold the API back so the loading state can be looked at.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(isApi, async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  await page.goto('/hosts/plain.html');
  const root = widget(page);
  await expect(root.getByRole('status')).toHaveText(/Loading interactions/);
  const rows = root.locator('.ch-skeleton-row');
  await expect(rows).toHaveCount(3);

  const motion = () =>
    page.evaluate(() => {
      const shadow = document.querySelector('ctrlhub-interactions')!.shadowRoot!;
      return {
        names: [...shadow.querySelectorAll('.ch-skeleton-row')].map((e) => getComputedStyle(e).animationName),
        running: shadow.getAnimations().length,
      };
    });
  expect(await motion()).toEqual({ names: ['none', 'none', 'none'], running: 0 });
  await saveShot(page, 'reduced-motion.png', undefined, 80_000);

  // The check can see motion: without the preference the skeleton pulses…
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const moving = await motion();
  expect(moving.names.every((n) => n !== 'none'), `animation names ${moving.names}`).toBe(true);
  expect(moving.running).toBeGreaterThan(0);
  // …and it stops as soon as the preference is back.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await motion()).toEqual({ names: ['none', 'none', 'none'], running: 0 });

  release();
  await waitReady(page);
  await expect(rows).toHaveCount(0);
  // Nothing else moves either: opening and closing a group is instant.
  const disclosure = root.getByRole('button', { name: /^Upcoming \d+ interactions?$/ });
  await disclosure.press('Enter');
  await expect(disclosure).toHaveAttribute('aria-expanded', 'false');
  expect((await motion()).running).toBe(0);
});

// --- reflow (1.4.10) ------------------------------------------------------------------------------

/** Horizontal scrolling of the document, and widget elements cut off at its edge or the viewport's. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('ctrlhub-interactions')!;
    const edge = Math.min(host.getBoundingClientRect().right, window.innerWidth) + 1;
    const out: string[] = [];
    for (const el of host.shadowRoot!.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > edge || r.left < -1) out.push(`${el.tagName.toLowerCase()}.${el.className} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    }
    return { scroll: document.documentElement.scrollWidth - window.innerWidth, cut: out.slice(0, 10) };
  });
}

for (const [title, viewport, deviceScaleFactor] of [
  ['320 CSS px wide', { width: 320, height: 640 }, 1],
  ['400 % zoom (1280 × 800 window: 320 × 200 CSS px at device scale 4)', { width: 320, height: 200 }, 4],
] as const) {
  test.describe(`reflow at ${title}`, () => {
    test.use({ viewport, deviceScaleFactor });

    test('no horizontal scrolling; nothing is cut off, with data, an open label and long notes', async ({
      page,
      request,
    }) => {
      expect(await page.evaluate(() => window.devicePixelRatio)).toBe(deviceScaleFactor);
      const all = await allItems(request);
      const long = all.find((i) => i.notes.trim().length > 400)!;
      await page.goto('/hosts/plain.html');
      await waitReady(page);
      const root = widget(page);
      await expectArticles(root, 25);
      expect(await overflow(page)).toEqual({ scroll: 0, cut: [] });
      await openDetails(root.getByRole('article').first());
      await root.getByRole('article').first().locator('.ch-link').first().press('Enter');
      await expect(root.getByRole('button', { name: /^Only this / })).toBeVisible();
      expect(await overflow(page)).toEqual({ scroll: 0, cut: [] });

      await page.goto(`/hosts/plain.html?attr.id-in=${long.id}`);
      await waitReady(page);
      await openDetails(root.getByRole('article'));
      await root.getByRole('button', { name: 'Show more' }).press('Enter');
      await expect(root.getByRole('button', { name: 'Show less' })).toBeVisible();
      expect(await overflow(page)).toEqual({ scroll: 0, cut: [] });
    });

    test('no horizontal scrolling while loading and in the error state', async ({ page }) => {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await page.route(isApi, async (route) => {
        await held;
        await route.continue().catch(() => {});
      });
      await page.goto('/hosts/plain.html');
      await expect(widget(page).locator('.ch-skeleton-row')).toHaveCount(3);
      expect(await overflow(page)).toEqual({ scroll: 0, cut: [] });
      release();
      await page.unrouteAll({ behavior: 'ignoreErrors' });

      await page.goto('/hosts/plain.html?token=wrong');
      await expect(widget(page).getByRole('alert')).toBeVisible();
      expect(await overflow(page)).toEqual({ scroll: 0, cut: [] });
    });
  });
}

// --- target size (2.5.8) ---------------------------------------------------------------------------

type Target = { what: string; width: number; height: number; spaced: boolean };

/**
 * Every visible button, select and input in the shadow root, with its size and whether it meets
 * 2.5.8's spacing exception: a 24 px circle centred on it meets no other target, nor another
 * undersized target's circle.
 */
function targets(page: Page): Promise<Target[]> {
  return page.evaluate(() => {
    const root = document.querySelector('ctrlhub-interactions')!.shadowRoot!;
    const els = [...root.querySelectorAll<HTMLElement>('button, select, input')].filter(
      (e) => e.getClientRects().length > 0,
    );
    const boxes = els.map((e) => e.getBoundingClientRect());
    const small = boxes.map((b) => b.width < 24 || b.height < 24);
    const centre = (b: DOMRect) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
    const distToRect = (p: { x: number; y: number }, b: DOMRect) => {
      const dx = Math.max(b.left - p.x, 0, p.x - b.right);
      const dy = Math.max(b.top - p.y, 0, p.y - b.bottom);
      return Math.hypot(dx, dy);
    };
    return els.map((e, i) => {
      const b = boxes[i];
      const c = centre(b);
      const spaced =
        !small[i] ||
        boxes.every((o, j) => {
          if (j === i) return true;
          if (small[j]) {
            const d = centre(o);
            return Math.hypot(c.x - d.x, c.y - d.y) >= 24;
          }
          return distToRect(c, o) >= 12;
        });
      const name = (e.getAttribute('aria-label') ?? e.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return {
        what: `${e.tagName.toLowerCase()}.${e.className.split(' ').join('.')} "${name}"`,
        width: Math.round(b.width * 10) / 10,
        height: Math.round(b.height * 10) / 10,
        spaced,
      };
    });
  });
}

/** The targets of every state: page 1 with a label open, a scope chip, long notes, the error. */
async function everyTarget(page: Page, longId: string): Promise<Target[]> {
  const out: Target[] = [];
  const root = widget(page);
  await page.goto('/hosts/plain.html');
  await waitReady(page);
  await openDetails(root.getByRole('article').first());
  await root.getByRole('article').first().locator('.ch-link').first().press('Enter');
  await expect(root.getByRole('button', { name: /^Only this / })).toBeVisible();
  out.push(...(await targets(page)));
  await root.getByRole('button', { name: /^Only this / }).press('Enter');
  await expect(root.getByRole('button', { name: /^Remove .* filter / })).toBeVisible();
  await waitReady(page);
  out.push(...(await targets(page)));
  await page.goto(`/hosts/plain.html?attr.id-in=${longId}`);
  await waitReady(page);
  await openDetails(root.getByRole('article'));
  await expect(root.getByRole('button', { name: 'Show more' })).toBeVisible();
  out.push(...(await targets(page)));
  await page.goto('/hosts/plain.html?token=wrong');
  await expect(root.getByRole('button', { name: 'Try again' })).toBeVisible();
  out.push(...(await targets(page)));
  return out;
}

/** One line per kind of target (class, and its height when too short), with how many there are. */
function summary(list: Target[]): string[] {
  const kinds = new Map<string, number>();
  for (const t of list) {
    const size = t.height < 24 ? `height ${t.height}` : `width ${t.width}`;
    const key = `${t.what.replace(/ ".*"$/, '')} ${t.width < 24 && t.height < 24 ? `${t.width}×${t.height}` : size}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds].map(([k, n]) => `${k} (${n})`).sort();
}

test('target size: every control is 24×24 px or spaced as 2.5.8 allows (1280 and 320 px wide)', async ({
  page,
  request,
}) => {
  const long = (await allItems(request)).find((i) => i.notes.trim().length > 400)!;
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 800 });
    const all = await everyTarget(page, long.id);
    // Collapsed rows hold no controls (their details do): fewer targets than the old cards had.
    expect(all.length).toBeGreaterThan(30);
    expect(summary(all.filter((t) => !t.spaced)), `${width} px: undersized and too close to a neighbour`).toEqual([]);
  }
});

// Regression (was a bug): style/widget.css — the label buttons `.ch-link` (contact / property / representative
// names in each article: 22.5 px tall at the default 15 px font) and "Show more" / "Show less"
// (`.ch-link.ch-more`, ≈ 20 px) are under 24 px tall. They pass 2.5.8 only through the spacing
// exception (test above); the issue asks for 24×24 everywhere. Fix: `.ch-link { min-height: max(24px,
// 1.5em) }` (and drop the smaller `min-height` from `.ch-more`), or give them `padding-block: 0.15em`.
test('target size: every control is at least 24×24 px', async ({ page, request }) => {
  const long = (await allItems(request)).find((i) => i.notes.trim().length > 400)!;
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 800 });
    const all = await everyTarget(page, long.id);
    expect(summary(all.filter((t) => t.width < 24 || t.height < 24)), `${width} px: under 24×24`).toEqual([]);
  }
});
