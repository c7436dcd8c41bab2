// A private ctrlhub-mock for specs that need other data or settings than the shared one (e.g.
// `--hostile`, `--latency-ms`): started with `--port 0` from the repository's debug build, its
// address read from the one line it prints, stopped when the spec is done.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is tests/e2e/specs/own-mock.ts). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const MOCK_BIN = path.join(ROOT, 'target/debug/ctrlhub-mock');

export type OwnMock = { url: string; stop: () => Promise<void> };

/** Starts `ctrlhub-mock --port 0 --static /=dist --static /hosts=tests/e2e/hosts ...args`. */
export async function startMock(args: string[]): Promise<OwnMock> {
  if (!existsSync(MOCK_BIN)) {
    throw new Error(`${MOCK_BIN} is missing: run \`cargo build -p ctrlhub-mock\` (cargo xtask test does)`);
  }
  const child: ChildProcess = spawn(
    MOCK_BIN,
    ['--port', '0', '--static', `/=${path.join(ROOT, 'dist')}`, '--static', `/hosts=${path.join(ROOT, 'tests/e2e/hosts')}`, ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`ctrlhub-mock did not start in 30 s: ${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ctrlhub-mock exited (${code}) before listening: ${stderr}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

/** The mock's XSS payloads (mock/src/xss_payloads.txt), parsed as the mock parses them. */
export function xssPayloads(): string[] {
  return readFileSync(path.join(ROOT, 'mock/src/xss_payloads.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('# ') && l !== '#')
    .map((l) => l.replaceAll('{TAB}', '\t').replaceAll('{LF}', '\n').replaceAll('{CR}', '\r').replaceAll('{NUL}', '\0'));
}
