// "Embeds anywhere": the example host pages in examples/ (plain HTML, React 19 + Vite, Vue 3 + Vite),
// and pages that are unkind to the element: two instances, removal mid-request, moving it, hostile
// CSS, another origin.
//
// `cargo xtask test` builds the examples (its `examples` step) and has the mock serve them at
// /examples/{plain,react,vue}/. Test-only pages are served with page.route on the mock's origin, so
// that the module, its wasm and the API come from the real mock.
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { test, expect, fetchInteractions, ORG, TOKEN, expectArticles, showAllUpcoming } from './support';

const HOSTS = [
  { name: 'plain HTML', path: '/examples/plain/' },
  { name: 'React 19', path: '/examples/react/' },
  { name: 'Vue 3', path: '/examples/vue/' },
];

type Contact = { id: string; label: string; total: number };

/** Contacts of the first interactions, with their labels and interaction counts, largest first. */
async function contacts(request: APIRequestContext, wanted = 2): Promise<Contact[]> {
  const body = await fetchInteractions(request, 'include=contact&limit=50');
  const seen = new Map<string, Contact>();
  for (const item of body.data) {
    const ref = item.relationships?.contact?.data;
    if (!ref || seen.has(ref.id)) continue;
    const c = (body.included ?? []).find((r: any) => r.type === ref.type && r.id === ref.id);
    const a = c?.attributes ?? {};
    const label = [a.salutation, a.first_name, a.last_name].filter((s) => typeof s === 'string' && s).join(' ');
    const page = await fetchInteractions(request, `filter=contact_in('${ref.id}')&limit=1`);
    seen.set(ref.id, { id: ref.id, label, total: page.meta.pagination.counts.resources });
  }
  const distinct = [...seen.values()].filter((c, i, all) => all.findIndex((o) => o.total === c.total) === i);
  expect(distinct.length, 'contacts with different interaction counts').toBeGreaterThanOrEqual(wanted);
  return distinct.slice(0, wanted);
}

/** What the widget's ctrlhub-load detail says for a scope of `total` interactions (page size 25). */
const loadedText = (total: number) => `${Math.min(25, total)} of ${total}`;

/** Console errors of a page (a failed module or wasm load, a 4xx/5xx, a logged exception). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/** API requests the mock has logged whose query contains every one of `parts` (decoded). */
async function loggedQueries(request: APIRequestContext, ...parts: string[]): Promise<string[]> {
  const response = await request.get('/__mock/requests');
  expect(response.ok()).toBe(true);
  const log: Array<{ path: string; query: string }> = await response.json();
  return log
    .filter((r) => r.path.endsWith('/customers/interactions'))
    .map((r) => decodeURIComponent(r.query.replace(/\+/g, ' ')))
    .filter((q) => parts.every((p) => q.includes(p)));
}

/** Serve `html` at `path` on the mock's origin (everything else still comes from the mock). */
async function servePage(page: Page, path: string, html: string) {
  await page.route(`**${path}`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
}

const pageHtml = (body: string, head = '') => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>host test page</title>${head}
<script type="module" src="/ctrlhub-interactions.js"></script></head>
<body>${body}</body></html>`;

test.describe('example hosts', () => {
  test.beforeAll(async ({ request }) => {
    for (const { path } of HOSTS) {
      const response = await request.get(path);
      expect(
        response.status(),
        `GET ${path}: the mock must serve the examples (cargo xtask test --only examples,e2e, or ` +
          `ctrlhub-mock --static /examples/plain=examples/plain --static /examples/react=examples/react/dist ` +
          `--static /examples/vue=examples/vue/dist)`,
      ).toBe(200);
    }
  });

  for (const host of HOSTS) {
    test.describe(host.name, () => {
      test('renders with a tokenProvider and no sessionToken', async ({ page }) => {
        const errors = consoleErrors(page);
        await page.goto(host.path);

        await expectArticles(page.locator('ctrlhub-interactions'), 25);
        await showAllUpcoming(page.locator('ctrlhub-interactions'));
        await expect(page.locator('#loaded')).toHaveText('25 of 2500');
        await expect(page.locator('#provider-calls')).not.toHaveText('0');
        const dom = await page.evaluate(() => {
          const el = document.querySelector('ctrlhub-interactions') as any;
          return {
            inShadowRoot: el.shadowRoot?.querySelectorAll('article').length ?? 0,
            inDocument: document.querySelectorAll('article').length,
            state: el.state,
            orgId: el.getAttribute('org-id'),
            apiBase: el.getAttribute('api-base'),
            attributes: el.getAttributeNames().sort(),
          };
        });
        expect(dom).toMatchObject({ inShadowRoot: 25, inDocument: 0, state: 'ready', orgId: ORG });
        expect(dom.apiBase).toBe(new URL(page.url()).origin);
        // Frameworks must set properties, not attributes named after them (orgid, sessiontoken, …).
        expect(dom.attributes.filter((a) => !['api-base', 'org-id', 'style', 'class'].includes(a))).toEqual([]);
        expect(errors).toEqual([]);
      });

      test('a sessionToken property is used and never written to an attribute', async ({ page }) => {
        const errors = consoleErrors(page);
        await page.goto(`${host.path}?token=${TOKEN}`);

        await expectArticles(page.locator('ctrlhub-interactions'), 25);
        await expect(page.locator('#provider-calls')).toHaveText('0');
        const outer = await page.locator('ctrlhub-interactions').evaluate((el) => el.outerHTML);
        expect(outer).not.toContain(TOKEN);
        expect(errors).toEqual([]);
      });

      test('the host changes the scope, and the data and the request follow', async ({ page, request }) => {
        const [contact] = await contacts(request, 1);
        await page.goto(host.path);
        const el = page.locator('ctrlhub-interactions');
        await expect(page.locator('#loaded')).toHaveText('25 of 2500');

        await page.getByLabel('Contact ID').fill(contact.id);
        await page.getByRole('button', { name: 'Show only this contact' }).click();
        await expect(page.locator('#loaded')).toHaveText(loadedText(contact.total));
        const articles = el.getByRole('article');
        await expect(articles).toHaveCount(Math.min(25, contact.total));
        for (const text of await articles.allTextContents()) expect(text).toContain(contact.label);
        expect(await el.evaluate((e: any) => e.total)).toBe(contact.total);
        expect(await loggedQueries(request, `contact_in('${contact.id}')`)).not.toEqual([]);

        await page.getByRole('button', { name: 'Show all contacts' }).click();
        await expect(page.locator('#loaded')).toHaveText('25 of 2500');
      });

      test('clicking an interaction delivers ctrlhub-select to the host', async ({ page }) => {
        await page.goto(host.path);
        const article = page.locator('ctrlhub-interactions').getByRole('article').nth(2);
        const id = await article.getAttribute('data-id');
        expect(id, 'articles carry data-id').toBeTruthy();

        await article.click({ position: { x: 8, y: 8 } });
        await expect(page.locator('#selected')).toHaveText(id!);
        // The example fills in the selected interaction's contact, ready for "Show only this contact".
        await expect(page.getByLabel('Contact ID')).not.toHaveValue('');
      });
    });
  }

  test('plain HTML: a stale sessionToken is replaced by the tokenProvider after a 401', async ({ page }) => {
    await page.goto('/examples/plain/?token=stale-token');
    await expectArticles(page.locator('ctrlhub-interactions'), 25);
    await expect(page.locator('#provider-calls')).toHaveText('1');
  });
});

test('two instances with different scopes on one page show different data', async ({ page, request }) => {
  const [a, b] = await contacts(request, 2);
  await servePage(
    page,
    '/hosts-test/two.html',
    pageHtml(`
      <ctrlhub-interactions id="a" org-id="${ORG}" api-base="/" session-token="${TOKEN}" contact-in="${a.id}"></ctrlhub-interactions>
      <ctrlhub-interactions id="b" org-id="${ORG}" api-base="/" session-token="${TOKEN}"></ctrlhub-interactions>
      <script type="module">document.getElementById('b').scope = { contact_in: ['${b.id}'] };</script>`),
  );
  const errors = consoleErrors(page);
  await page.goto('/hosts-test/two.html');

  const totals = () => page.evaluate(() => ['a', 'b'].map((id) => (document.getElementById(id) as any).total));
  await expect.poll(totals).toEqual([a.total, b.total]);
  for (const [id, contact] of [['a', a], ['b', b]] as const) {
    const articles = page.locator(`#${id}`).getByRole('article');
    await expect(articles).toHaveCount(Math.min(25, contact.total));
    for (const text of await articles.allTextContents()) expect(text).toContain(contact.label);
  }
  expect(errors).toEqual([]);
});

test('removing the element mid-request: no console error, no later writes to its shadow root', async ({ page }) => {
  await servePage(
    page,
    '/hosts-test/remove.html',
    pageHtml(`<ctrlhub-interactions org-id="${ORG}" api-base="/" session-token="${TOKEN}"></ctrlhub-interactions>`),
  );
  // Hold every API response for 1.5 s.
  let released = false;
  await page.route('**/v3/**', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    released = true;
    await route.continue().catch(() => {}); // the page may have aborted it meanwhile
  });
  const errors = consoleErrors(page);
  const requested = page.waitForRequest((r) => r.url().includes('/customers/interactions'));
  await page.goto('/hosts-test/remove.html');
  await requested;

  await page.evaluate(() => {
    const el = document.querySelector('ctrlhub-interactions')!;
    const root = el.shadowRoot!;
    const w = window as any;
    w.__late = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) w.__late.push(`${r.type} on ${(r.target as Element).nodeName ?? '#text'}`);
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    el.remove();
    observer.takeRecords(); // what the removal itself did (unmounting) is fine
    w.__removed = el;
  });
  await expect.poll(() => released, { timeout: 5000 }).toBe(true);
  // Asserts that something does NOT happen: a late answer, released above, is not rendered.
  await page.waitForTimeout(1000);

  expect(await page.evaluate(() => (window as any).__late)).toEqual([]);
  expect(await page.evaluate(() => (window as any).__removed.state)).not.toBe('loading');
  expect(errors).toEqual([]);
});

test('moving the element elsewhere in the document keeps it working', async ({ page, request }) => {
  const [contact] = await contacts(request, 1);
  await servePage(
    page,
    '/hosts-test/move.html',
    pageHtml(`
      <section id="first"><ctrlhub-interactions org-id="${ORG}" api-base="/" session-token="${TOKEN}"></ctrlhub-interactions></section>
      <section id="second"></section>
      <script type="module">
        window.__selected = [];
        document.addEventListener('ctrlhub-select', (e) => window.__selected.push(e.detail.id));
      </script>`),
  );
  const errors = consoleErrors(page);
  await page.goto('/hosts-test/move.html');
  const el = page.locator('ctrlhub-interactions');
  await expectArticles(el, 25);

  await page.evaluate(() => {
    document.getElementById('second')!.appendChild(document.querySelector('ctrlhub-interactions')!);
  });
  const moved = page.locator('#second ctrlhub-interactions');
  await expectArticles(moved, 25);
  await expect(moved.getByRole('region', { name: 'Customer interactions' })).toHaveCount(1);

  const article = moved.getByRole('article').first();
  const id = await article.getAttribute('data-id');
  await article.click({ position: { x: 8, y: 8 } });
  await expect.poll(() => page.evaluate(() => (window as any).__selected)).toEqual([id]);

  await moved.evaluate((e: any, cid) => (e.scope = { contact_in: [cid] }), contact.id);
  await expect.poll(() => moved.evaluate((e: any) => e.total)).toBe(contact.total);
  await expectArticles(moved, Math.min(25, contact.total));
  expect(errors).toEqual([]);
});

/** Element screenshots of a clean and another page must match within a small tolerance. */
async function expectSameRendering(page: Page, testInfo: TestInfo, other: { path: string; name: string }) {
  const shoot = async (path: string): Promise<PNG> => {
    await page.goto(path);
    const el = page.locator('ctrlhub-interactions');
    await expectArticles(el, 10);
    await expect.poll(() => el.evaluate((e: any) => e.state)).toBe('ready');
    await page.evaluate(() => document.fonts.ready);
    return PNG.sync.read(await el.screenshot({ animations: 'disabled', caret: 'hide' }));
  };
  const clean = await shoot('/hosts-test/clean.html');
  const other_ = await shoot(other.path);
  const attach = async (name: string, png: PNG) => {
    const path = testInfo.outputPath(name);
    await writeFile(path, PNG.sync.write(png));
    await testInfo.attach(name, { path, contentType: 'image/png' });
  };
  const sameSize = clean.width === other_.width && clean.height === other_.height;
  const diff = new PNG({ width: clean.width, height: clean.height });
  const differing = sameSize
    ? pixelmatch(clean.data, other_.data, diff.data, clean.width, clean.height, { threshold: 0.1 })
    : clean.width * clean.height;
  if (differing > 0) {
    await attach('clean.png', clean);
    await attach(`${other.name}.png`, other_);
    if (sameSize) await attach('diff.png', diff);
  }
  expect({ width: other_.width, height: other_.height }, `size of the element on the ${other.name} page`).toEqual({
    width: clean.width,
    height: clean.height,
  });
  // A little anti-aliasing noise at most.
  expect(differing / (clean.width * clean.height), `share of differing pixels (${differing})`).toBeLessThan(0.002);
}

// 10 interactions: enough to show every kind of row, and a screenshot small enough to compare quickly.
const element = `<ctrlhub-interactions org-id="${ORG}" api-base="/" session-token="${TOKEN}" page-size="10"></ctrlhub-interactions>`;
// The clean page: no margins, so that the element is as wide as on the hostile page.
const CLEAN = pageHtml(element, '<style>body { margin: 0 }</style>');

test('control: the comparison finds no difference between two clean pages', async ({ page }, testInfo) => {
  // If this fails, the screenshot comparison itself is noisy, not the element.
  await servePage(page, '/hosts-test/clean.html', CLEAN);
  await servePage(page, '/hosts-test/clean-too.html', CLEAN.replace('</style>', ' main { color: red }</style>'));
  await expectSameRendering(page, testInfo, { path: '/hosts-test/clean-too.html', name: 'clean-too' });
});

test('hostile page CSS does not change how the element renders', async ({ page }, testInfo) => {
  // Resets, tag selectors with !important, inherited typography, generic custom property names: all in
  // the light DOM. The element sits directly in <body> (the page hides its own divs). The root font
  // size (rem) is left alone here: the next test is about that.
  const hostile = `<style>
    * { all: unset; }
    *, *::before, *::after { box-sizing: content-box !important; }
    body { font: italic 700 22px/3 "Courier New", monospace; color: #c0c; letter-spacing: 3px;
           word-spacing: 9px; text-transform: uppercase; text-align: center; text-indent: 30px;
           cursor: wait; }
    head, script, style, title { display: none; }
    div, section, header, nav, article, p, span, ul, li, h1, h2, h3, h4, label { display: none !important; }
    button, select, input { appearance: none !important; font-size: 40px !important; border: 6px solid red !important; }
    [part], [role], .ch-item, .ch-root { background: lime !important; color: red !important; }
    :root { --fg: red; --bg: black; --space: 40px; --radius: 0; --accent: lime; }
  </style>`;
  await servePage(page, '/hosts-test/clean.html', CLEAN);
  await servePage(page, '/hosts-test/hostile.html', pageHtml(element, hostile));
  await expectSameRendering(page, testInfo, { path: '/hosts-test/hostile.html', name: 'hostile' });
});

test('a page with a 62.5% root font size does not shrink the element', async ({ page }, testInfo) => {
  // The "1rem = 10px" idiom: common on real sites, which then size their own text in rem.
  const small = '<style>html { font-size: 62.5%; } body { margin: 0; font-size: 1.6rem; }</style>';
  await servePage(page, '/hosts-test/clean.html', CLEAN);
  await servePage(page, '/hosts-test/root-font.html', pageHtml(element, small));
  await expectSameRendering(page, testInfo, { path: '/hosts-test/root-font.html', name: 'root-font-size' });
});

test('a page on another origin loads the module, its wasm and the API cross-origin', async ({ page, baseURL }) => {
  const moduleOrigin = new URL(baseURL!).origin;
  const html = pageHtml(
    `<ctrlhub-interactions org-id="${ORG}" api-base="${moduleOrigin}"></ctrlhub-interactions>
     <script type="module">
       document.querySelector('ctrlhub-interactions').tokenProvider = async () => '${TOKEN}';
     </script>`,
  ).replace('src="/ctrlhub-interactions.js"', `src="${moduleOrigin}/ctrlhub-interactions.js"`);
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(req.url === '/' ? html : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const hostOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(hostOrigin).not.toBe(moduleOrigin);
    const errors = consoleErrors(page);
    const loaded: string[] = [];
    page.on('response', (r) => loaded.push(`${r.status()} ${r.url()}`));
    await page.goto(`${hostOrigin}/`);

    await expectArticles(page.locator('ctrlhub-interactions'), 25);
    expect(loaded).toContainEqual(`200 ${moduleOrigin}/ctrlhub-interactions.js`);
    expect(loaded.some((l) => l.startsWith('200 ') && l.includes(`${moduleOrigin}/wasm/`) && l.endsWith('.wasm'))).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
