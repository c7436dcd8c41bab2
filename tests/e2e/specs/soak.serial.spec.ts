// Soak (issue #5): 1,000 create/attach/detach cycles of <ctrlhub-interactions> on one page, in
// batches, each element connected for real (its wasm core built, its view mounted, its request
// started; every fifth batch waits for the data to render) before it is removed. No console
// errors, and wasm memory, live DOM nodes and the JS heap must plateau: measured (after a forced
// garbage collection) once the first 100 cycles are done and again after 1,000.
//
// The bounds are generous so that they cannot flake, yet a leak of a little per cycle would break
// them: 900 more cycles leaking 1.2 KB of wasm memory each, one DOM node each, or 6 KB of JS heap each.
import type { CDPSession, Page } from '@playwright/test';
import { test, expect } from './support';
import { startMock, type OwnMock } from './own-mock';

test.describe.configure({ timeout: 120_000 });

let mock: OwnMock;
test.beforeAll(async () => {
  mock = await startMock(['--size', '200']);
});
test.afterAll(async () => {
  await mock?.stop();
});

const CYCLES = 1000;
const BATCH = 20;
const WASM_BOUND = 1 << 20; // bytes
const NODES_BOUND = 600;
const HEAP_BOUND = 5 * 1024 * 1024; // bytes

type Sample = { cycles: number; wasm: number; nodes: number; listeners: number; heap: number; perfHeap: number | null };

/** Runs `count` cycles: BATCH elements created, attached, connected, then detached. */
function cycles(page: Page, from: number, count: number) {
  return page.evaluate(
    async ({ from, count, batch }) => {
      const host = document.getElementById('host')!;
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (let done = 0; done < count; done += batch) {
        const n = from + done;
        const els = Array.from({ length: batch }, (_, i) => {
          const el = document.createElement('ctrlhub-interactions') as any;
          el.setAttribute('org-id', 'demo-org');
          el.setAttribute('api-base', '/');
          el.setAttribute('page-size', '10');
          el.setAttribute('group-by', ['contact', 'property', 'none'][(n + i) % 3]);
          el.sessionToken = 'demo-token';
          return el;
        });
        host.append(...els);
        // Connected for real: the wasm core is built and the view mounted (its request started).
        await frame();
        await frame();
        if ((n / batch) % 5 === 4) {
          // Every fifth batch: the data arrives and renders before the elements go.
          const start = performance.now();
          while (els.some((el) => el.state !== 'ready' && el.state !== 'error') && performance.now() - start < 20_000) {
            await new Promise((r) => setTimeout(r, 20));
          }
        }
        for (const el of els) el.remove();
        await frame();
      }
    },
    { from, count, batch: BATCH },
  );
}

async function sample(page: Page, cdp: CDPSession, cycles: number): Promise<Sample> {
  // Collect garbage (twice, so FinalizationRegistry callbacks free the wasm side too), let the
  // finalizers run, then read.
  for (let i = 0; i < 2; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  }
  const wasm = await page.evaluate(async () => {
    const m = await import('/wasm/ctrlhub-interactions.js');
    const exports = await m.default();
    return exports.memory.buffer.byteLength as number;
  });
  const dom = await cdp.send('Memory.getDOMCounters');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const perfHeap = await page.evaluate(() => (performance as any).memory?.usedJSHeapSize ?? null);
  return { cycles, wasm, nodes: dom.nodes, listeners: dom.jsEventListeners, heap: heap.usedSize, perfHeap };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

test('1,000 create/attach/detach cycles: no console errors, and wasm memory, DOM nodes and JS heap plateau', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(`${mock.url}/hosts/blank.html`);
  await page.evaluate(async () => {
    const { load } = await import('/ctrlhub-interactions.js');
    await load();
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.enable');

  const samples: Sample[] = [await sample(page, cdp, 0)];
  const started = Date.now();
  for (let done = 0; done < CYCLES; done += 100) {
    await cycles(page, done, 100);
    if (done + 100 === 100 || done + 100 === CYCLES || (done + 100) % 500 === 0) {
      samples.push(await sample(page, cdp, done + 100));
    } else {
      // Keep the garbage the test leaves behind from piling up between samples.
      await cdp.send('HeapProfiler.collectGarbage');
    }
  }
  const seconds = (Date.now() - started) / 1000;

  expect(await page.locator('ctrlhub-interactions').count()).toBe(0);
  const lines = samples.map(
    (s) =>
      `after ${String(s.cycles).padStart(4)} cycles: wasm ${mb(s.wasm)}, DOM nodes ${s.nodes}, listeners ${s.listeners}, ` +
      `JS heap ${mb(s.heap)} (performance.memory ${s.perfHeap == null ? 'n/a' : mb(s.perfHeap)})`,
  );
  lines.push(`${CYCLES} cycles in ${seconds.toFixed(1)} s`);
  for (const line of lines) {
    console.log(`soak: ${line}`);
    test.info().annotations.push({ type: 'soak', description: line });
  }

  expect(consoleErrors).toEqual([]);
  const first = samples.find((s) => s.cycles === 100)!;
  const last = samples.at(-1)!;
  expect(last.cycles).toBe(CYCLES);
  expect(last.wasm - first.wasm, 'wasm memory growth from 100 to 1,000 cycles').toBeLessThanOrEqual(WASM_BOUND);
  expect(last.nodes - first.nodes, 'live DOM node growth from 100 to 1,000 cycles').toBeLessThanOrEqual(NODES_BOUND);
  expect(last.heap - first.heap, 'JS heap growth from 100 to 1,000 cycles').toBeLessThanOrEqual(HEAP_BOUND);
});
