// Summarises the Playwright JSON reports of a `cargo xtask test --stress N` run: every test that
// did not pass in every run, with how many runs it failed (or was skipped because a project it
// depends on failed). Exits 1 when any test failed in any run, 0 otherwise.
//
//   node stress-summary.mjs run-1.json run-2.json ...
import { readFileSync } from 'node:fs';

const reports = process.argv.slice(2);
if (reports.length === 0) {
  console.error('usage: node stress-summary.mjs REPORT.json...');
  process.exit(2);
}

/** `file › describe › title [project]` → { failed, skipped, passed, errors: first error line per run } */
const tests = new Map();
let broken = 0;

function walk(suite, path, run) {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      const key = `${[...path, spec.title].join(' › ')} [${t.projectName}]`;
      const entry = tests.get(key) ?? { failed: 0, skipped: 0, passed: 0, errors: [] };
      if (t.status === 'expected') entry.passed++;
      else if (t.status === 'skipped') entry.skipped++;
      else {
        entry.failed++;
        const error = t.results?.find((r) => r.error)?.error?.message ?? t.status;
        // The first line, without terminal colours.
        entry.errors.push(`run ${run}: ${error.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim())}`);
      }
      tests.set(key, entry);
    }
  }
  for (const child of suite.suites ?? []) walk(child, [...path, child.title], run);
}

reports.forEach((file, i) => {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`run ${i + 1}: no report (${file}: ${e.message}): Playwright did not finish`);
    broken++;
    return;
  }
  for (const suite of report.suites ?? []) walk(suite, [suite.title], i + 1);
  for (const e of report.errors ?? []) {
    console.log(`run ${i + 1}: error outside a test: ${(e.message ?? '').split('\n')[0]}`);
    broken++;
  }
});

const failing = [...tests.entries()].filter(([, e]) => e.failed > 0);
const skipped = [...tests.entries()].filter(([, e]) => e.failed === 0 && e.skipped > 0 && e.passed > 0);
console.log(`\n== stress summary: ${reports.length} runs, ${tests.size} tests ==`);
if (failing.length === 0 && broken === 0) {
  console.log(`every test passed in every run${skipped.length ? ` (${skipped.length} skipped in some run)` : ''}`);
} else {
  console.log('tests that failed at least once (failures/runs):');
  for (const [key, e] of failing.sort((a, b) => b[1].failed - a[1].failed)) {
    console.log(`  ${e.failed}/${reports.length}  ${key}`);
    for (const line of e.errors) console.log(`         ${line}`);
  }
}
for (const [key, e] of skipped) console.log(`  skipped in ${e.skipped} run(s): ${key}`);
process.exit(failing.length > 0 || broken > 0 ? 1 : 0);
