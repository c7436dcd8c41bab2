// Playwright configuration for the <ctrlhub-interactions> end-to-end tests.
//
// Run through `cargo xtask test` (or `cargo xtask test --e2e-only`), which builds dist/, starts
// `ctrlhub-mock --port 0 --static /=dist --static /hosts=tests/e2e/hosts` and passes its address in
// CTRLHUB_BASE_URL. By hand: start the mock like that, then
//   CTRLHUB_BASE_URL=http://127.0.0.1:PORT npx playwright test
//
// Browsers are never downloaded: Debian's /usr/bin/chromium is used (apt-get install chromium).
import { defineConfig } from '@playwright/test';

const baseURL = process.env.CTRLHUB_BASE_URL;
if (!baseURL) {
  throw new Error(
    'CTRLHUB_BASE_URL is not set. Run the end-to-end tests with `cargo xtask test --e2e-only`, or start ' +
      '`target/debug/ctrlhub-mock --port 0 --static /=dist --static /hosts=tests/e2e/hosts` and set ' +
      'CTRLHUB_BASE_URL to the address it prints.',
  );
}

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Without the background-networking flags Chromium keeps dialling Google's hosts, which this
    // machine's closed network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  },
};

// Every spec talks to ONE shared mock. Specs that change its global state (the fault queue at
// /__mock/faults, which applies to every request) live in files named `*.serial.spec.ts`: they run in
// their own project, one test at a time, and only after all other specs have finished, so an injected
// fault can never be consumed by another test's request. So do the CPU-heavy specs that start their
// own mock (hostile: a 1 MiB note and load="all"; soak: 1,000 element cycles), which would otherwise
// starve the slow specs running beside them (load-all renders 2,500 articles). (Playwright skips a dependent project when
// its dependency fails; fix the first failure first.)
const SERIAL = /\.serial\.spec\.ts$/;

export default defineConfig({
  testDir: 'specs',
  outputDir: 'test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 2,
  fullyParallel: true,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium', testIgnore: SERIAL, use: chromium },
    {
      name: 'chromium-serial',
      testMatch: SERIAL,
      dependencies: ['chromium'],
      fullyParallel: false,
      workers: 1,
      use: chromium,
    },
  ],
});
