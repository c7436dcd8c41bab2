// Helpers for the keyboard-only and display-mode accessibility specs (a11y-keyboard.spec.ts,
// a11y-modes.spec.ts): what has keyboard focus inside the element's shadow root, whether that
// focus is visible, pressing Tab until a control is reached, and saving small screenshots.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import { test, expect } from './support';

export type Box = { x: number; y: number; width: number; height: number };

/** What has focus, read through the shadow roots (`document.activeElement.shadowRoot.activeElement`). */
export type Focused = {
  /** A number given to the element the first time it is seen (stable for the page's lifetime). */
  key: number;
  tag: string;
  /** Explicit role, else the implicit one as Playwright computes it for these elements. */
  role: string;
  /** aria-label, aria-labelledby, the <label>'s own text (not the control's), or the text content. */
  name: string;
  inWidget: boolean;
  disabled: boolean;
  className: string;
  dataId: string | null;
  expanded: string | null;
  focusVisible: boolean;
  outlineStyle: string;
  outlineWidth: number;
  outlineColor: string;
  boxShadow: string;
  rect: Box;
  viewport: { width: number; height: number };
};

/** The deepest focused element, described. */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const w = window as any;
    w.__a11yKeys ??= new WeakMap<Element, number>();
    w.__a11yNext ??= 1;
    let el: Element | null = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el) el = document.body;
    if (!w.__a11yKeys.has(el)) w.__a11yKeys.set(el, w.__a11yNext++);
    const text = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const root = el.getRootNode() as Document | ShadowRoot;
    const name = (() => {
      const label = el.getAttribute('aria-label');
      if (label) return text(label);
      const by = el.getAttribute('aria-labelledby');
      if (by) return text(by.split(/\s+/).map((id) => root.getElementById?.(id)?.textContent ?? '').join(' '));
      const labels = (el as HTMLInputElement).labels;
      if (labels && labels.length) {
        const copy = labels[0].cloneNode(true) as HTMLElement;
        copy.querySelectorAll('select, input, textarea, button').forEach((n) => n.remove());
        return text(copy.textContent);
      }
      return text(el.textContent);
    })();
    const role = (() => {
      const explicit = el.getAttribute('role');
      if (explicit) return explicit.split(/\s+/)[0];
      switch (el.tagName) {
        case 'BUTTON':
          return 'button';
        case 'SELECT': {
          const s = el as HTMLSelectElement;
          return s.multiple || s.size > 1 ? 'listbox' : 'combobox';
        }
        case 'INPUT': {
          const type = (el as HTMLInputElement).type;
          if (type === 'search') return 'searchbox';
          if (type === 'checkbox' || type === 'radio') return type;
          if (type === 'button' || type === 'submit' || type === 'reset') return 'button';
          return 'textbox';
        }
        case 'ARTICLE':
          return 'article';
        case 'A':
          return el.hasAttribute('href') ? 'link' : 'generic';
        default:
          return el.tagName.toLowerCase();
      }
    })();
    const host = document.querySelector('ctrlhub-interactions');
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      key: w.__a11yKeys.get(el),
      tag: el.tagName,
      role,
      name,
      inWidget: !!host?.shadowRoot && root === host.shadowRoot,
      disabled: (el as HTMLButtonElement).disabled === true,
      className: typeof el.className === 'string' ? el.className : '',
      dataId: el.getAttribute('data-id'),
      expanded: el.getAttribute('aria-expanded'),
      focusVisible: el.matches(':focus-visible'),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth) || 0,
      outlineColor: style.outlineColor,
      boxShadow: style.boxShadow,
      rect: { x: r.x, y: r.y, width: r.width, height: r.height },
      viewport: { width: window.innerWidth, height: window.innerHeight },
    };
  });
}

/** "role name", the way the assertions print a focus stop. */
export const label = (f: Pick<Focused, 'role' | 'name'>) => `${f.role} ${f.name}`;

/** The alpha channel of a computed colour (`rgb()` is opaque; other syntaxes are taken as opaque). */
export function alpha(color: string): number {
  const m = /^rgba?\(([^)]*)\)$/.exec(color.trim());
  if (!m) return color.trim() === 'transparent' ? 0 : 1;
  const parts = m[1].split(/[\s,/]+/).filter(Boolean);
  return parts.length >= 4 ? parseFloat(parts[3]) : 1;
}

/** A focus ring drawn by the page's CSS: a `:focus-visible` outline of at least 2 px, or a box-shadow. */
export function hasFocusRing(f: Focused): boolean {
  const outline = f.outlineStyle !== 'none' && f.outlineWidth >= 2 && alpha(f.outlineColor) > 0;
  const shadow = f.boxShadow !== 'none' && f.boxShadow !== '';
  return f.focusVisible && (outline || shadow);
}

/** Viewport-relative box around `box`, `pad` px larger on each side, clamped to the viewport. */
export function padded(box: Box, viewport: { width: number; height: number }, pad = 8, maxHeight = 480): Box {
  const x = Math.max(0, Math.floor(box.x - pad));
  const y = Math.max(0, Math.floor(box.y - pad));
  const right = Math.min(viewport.width, Math.ceil(box.x + box.width + pad));
  const bottom = Math.min(viewport.height, Math.ceil(box.y + box.height + pad), y + maxHeight);
  return { x, y, width: Math.max(1, right - x), height: Math.max(1, bottom - y) };
}

/** Pixels that differ between two PNGs of the same size. */
export function differingPixels(a: Buffer, b: Buffer): number {
  const pa = PNG.sync.read(a);
  const pb = PNG.sync.read(b);
  if (pa.width !== pb.width || pa.height !== pb.height) return Number.POSITIVE_INFINITY;
  return pixelmatch(pa.data, pb.data, null, pa.width, pa.height, { threshold: 0.1 });
}

/**
 * Saves a screenshot of `clip` as `name`: into tests/e2e/screenshots/ (to be committed) with
 * UPDATE_SCREENSHOTS=1, otherwise into this test's output folder (so a test run leaves the tree clean).
 */
export async function saveShot(page: Page, name: string, clip?: Box, maxBytes = 80_000) {
  const file = process.env.UPDATE_SCREENSHOTS
    ? path.resolve(test.info().project.testDir, '..', 'screenshots', name)
    : test.info().outputPath(name);
  const png = await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
  expect(png.byteLength, `${name} is an image`).toBeGreaterThan(1_000);
  expect(png.byteLength, `${name} stays small`).toBeLessThanOrEqual(maxBytes);
  return png;
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focused element has `role` and a name matching
 * `name`; returns it. Keyboard only: fails after `max` presses.
 */
export async function tabTo(
  page: Page,
  role: string,
  name: string | RegExp,
  { max = 300, back = false }: { max?: number; back?: boolean } = {},
): Promise<Focused> {
  const matches = (f: Focused) =>
    f.inWidget && f.role === role && (typeof name === 'string' ? f.name === name : name.test(f.name));
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (matches(f)) return f;
    seen.push(label(f));
  }
  throw new Error(`${role} "${name}" not reached in ${max} ${back ? 'Shift+Tab' : 'Tab'} presses; last: ${seen.slice(-8).join(' | ')}`);
}
