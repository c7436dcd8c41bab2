import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:4790';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
page.on('pageerror', e => console.log('pageerror:', e.message));
await page.goto(base + '/hosts/blank.html');
await page.evaluate(() => new Promise((resolve) => {
  const s = document.createElement('script'); s.type = 'module'; s.src = '/ctrlhub-interactions.js'; document.head.append(s);
  const el = document.createElement('ctrlhub-interactions');
  el.setAttribute('org-id', 'demo-org'); el.setAttribute('api-base', location.origin); el.setAttribute('load', 'all'); el.setAttribute('page-size', '100');
  el.sessionToken = 'demo-token';
  el.addEventListener('ctrlhub-load', (e) => { if (e.detail.count >= e.detail.total) resolve(); });
  document.body.append(el);
}));
await page.waitForTimeout(500);
// time a change: from the input event to the next frame after the status text changes
const timeChange = (fn) => page.evaluate(async (src) => {
  const r = document.querySelector('ctrlhub-interactions').shadowRoot;
  const status = r.querySelector('[role=status]');
  const before = status.textContent;
  const t0 = performance.now();
  (new Function('r', src))(r);
  const tEvent = performance.now();
  await new Promise((res) => { const mo = new MutationObserver(() => { mo.disconnect(); res(); }); mo.observe(r, { subtree: true, childList: true, characterData: true, attributes: true }); });
  const tMut = performance.now();
  await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
  return { sync: +(tEvent - t0).toFixed(1), mutation: +(tMut - t0).toFixed(1), paint: +(performance.now() - t0).toFixed(1), status: status.textContent };
}, fn.toString().replace(/^[^{]*{/, '').replace(/}$/, ''));
for (let i = 0; i < 3; i++) {
  console.log('method', await timeChange((r) => { const s = r.querySelector('select[aria-label="Method"], label select'); const sel = [...r.querySelectorAll('select')].find(x => x.closest('label')?.textContent.startsWith('Method')); sel.value = sel.options[1 + (0)].value; sel.dispatchEvent(new Event('change', { bubbles: true })); }));
  console.log('method clear', await timeChange((r) => { const sel = [...r.querySelectorAll('select')].find(x => x.closest('label')?.textContent.startsWith('Method')); sel.value = ''; sel.dispatchEvent(new Event('change', { bubbles: true })); }));
  console.log('group', await timeChange((r) => { const sel = [...r.querySelectorAll('select')].find(x => x.closest('label')?.textContent.startsWith('Group by')); sel.value = sel.value === 'none' ? 'contact' : 'none'; sel.dispatchEvent(new Event('change', { bubbles: true })); }));
  console.log('search', await timeChange((r) => { const inp = r.querySelector('input[type=search]'); inp.value = inp.value ? '' : 'meter'; inp.dispatchEvent(new Event('input', { bubbles: true })); }));
}
await browser.close();
