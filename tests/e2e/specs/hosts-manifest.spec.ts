// The element's machine-readable description and its npm package: pkg/custom-elements.json is a valid
// Custom Elements Manifest, agrees with the running element (observed attributes equal the manifest's
// attributes, every member exists), and ships with pkg/package.json in dist/, which is publishable as
// is. That the manifest names exactly what ../shared/ELEMENT.md names (plus declared extensions) is a
// native test: tests/element_contract.rs generates the manifest from src/element/contract.rs.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import { test, expect, ORG, TOKEN } from './support';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MANIFEST = path.join(ROOT, 'pkg', 'custom-elements.json');
const PACKAGE = path.join(ROOT, 'pkg', 'package.json');
const DIST = path.join(ROOT, 'dist');

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

type Member = { kind: 'field' | 'method'; name: string; readonly?: boolean; attribute?: string; reflects?: boolean };
type Decl = {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: Array<{ name: string; fieldName?: string }>;
  members?: Member[];
  events?: Array<{ name: string; type: { text: string } }>;
  cssParts?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string }>;
};

function elementDeclaration(): Decl {
  const manifest = readJson(MANIFEST);
  const decls: Decl[] = manifest.modules.flatMap((m: any) => m.declarations ?? []);
  const el = decls.find((d) => d.customElement && d.tagName === 'ctrlhub-interactions');
  expect(el, 'a custom element declaration with tagName ctrlhub-interactions').toBeTruthy();
  return el!;
}

const sorted = (xs: string[]) => [...xs].sort();

test('custom-elements.json is a valid Custom Elements Manifest 2.1.0', () => {
  const require = createRequire(import.meta.url);
  const schema = require('custom-elements-manifest/schema.json');
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const manifest = readJson(MANIFEST);
  const valid = validate(manifest);
  expect(validate.errors ?? [], 'schema errors').toEqual([]);
  expect(valid).toBe(true);
  expect(manifest.schemaVersion).toBe('2.1.0');
  // The schema's unions (anyOf, no additionalProperties) let a custom element pass as a plain class,
  // so check each declaration and member against the definition of its own kind too.
  ajv.addSchema(schema, 'cem');
  const check = (definition: string, value: unknown, what: string) => {
    const validateOne = ajv.getSchema(`cem#/definitions/${definition}`)!;
    validateOne(value);
    expect(validateOne.errors ?? [], `${what} as a ${definition}`).toEqual([]);
  };
  const byKind: Record<string, string> = { class: 'ClassDeclaration', function: 'FunctionDeclaration', variable: 'VariableDeclaration', mixin: 'MixinDeclaration' };
  for (const mod of manifest.modules) {
    check('JavaScriptModule', mod, mod.path);
    for (const decl of mod.declarations ?? []) {
      check(decl.customElement ? 'CustomElementDeclaration' : byKind[decl.kind], decl, decl.name);
      for (const member of decl.members ?? []) {
        check(member.kind === 'method' ? 'ClassMethod' : 'ClassField', member, `${decl.name}.${member.name}`);
      }
    }
    for (const exp of mod.exports ?? []) {
      check(exp.kind === 'js' ? 'JavaScriptExport' : 'CustomElementExport', exp, `export ${exp.name}`);
    }
  }
  // The exports point at the declarations they name.
  for (const mod of manifest.modules) {
    const declared = new Set((mod.declarations ?? []).map((d: any) => d.name));
    for (const exp of mod.exports ?? []) expect(declared, `export ${exp.name}`).toContain(exp.declaration.name);
  }
});

test('the running element has what custom-elements.json describes', async ({ page }) => {
  const el = elementDeclaration();
  await page.route('**/hosts-test/manifest.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><link rel="icon" href="data:,">
        <script type="module" src="/ctrlhub-interactions.js"></script></head>
        <body><ctrlhub-interactions org-id="${ORG}" api-base="/" session-token="${TOKEN}"></ctrlhub-interactions></body></html>`,
    }),
  );
  await page.goto('/hosts-test/manifest.html');
  await expect(page.locator('ctrlhub-interactions').getByRole('article').first()).toBeVisible();

  const found = await page.evaluate((decl) => {
    const ctor = customElements.get(decl.tagName!) as any;
    const el = document.querySelector(decl.tagName!) as any;
    const observed: string[] = ctor.observedAttributes;
    const descriptor = (name: string) => {
      for (let p = Object.getPrototypeOf(el); p; p = Object.getPrototypeOf(p)) {
        const d = Object.getOwnPropertyDescriptor(p, name);
        if (d) return d;
      }
      return undefined;
    };
    const problems: string[] = [];
    for (const a of decl.attributes ?? []) if (!observed.includes(a.name)) problems.push(`attribute ${a.name} is not observed`);
    for (const name of observed)
      if (!(decl.attributes ?? []).some((a) => a.name === name)) problems.push(`observed ${name} is not in the manifest`);
    for (const m of decl.members ?? []) {
      const d = descriptor(m.name);
      if (!d) problems.push(`${m.kind} ${m.name} is missing`);
      else if (m.kind === 'method' && typeof d.value !== 'function') problems.push(`${m.name} is not a method`);
      else if (m.kind === 'field' && m.readonly && d.set) problems.push(`${m.name} has a setter`);
      else if (m.kind === 'field' && !m.readonly && !d.set) problems.push(`${m.name} has no setter`);
    }
    // Reflected string properties write their attribute (on a detached element: no requests).
    const probe = document.createElement(decl.tagName!) as any;
    for (const m of decl.members ?? []) {
      if (!m.reflects || !m.attribute) continue;
      const value = m.name === 'noToolbar' ? true : m.name === 'pageSize' || m.name === 'refreshInterval' ? 7 : 'x';
      probe[m.name] = value;
      const attr = probe.getAttribute(m.attribute);
      if (attr === null) problems.push(`${m.name} does not reflect to ${m.attribute}`);
    }
    probe.sessionToken = 'secret';
    if (probe.getAttributeNames().some((n: string) => probe.getAttribute(n) === 'secret')) problems.push('sessionToken reflected');
    return { problems, state: el.state, total: el.total };
  }, el);
  expect(found.problems).toEqual([]);
  expect(found.state).toBe('ready');
  expect(found.total).toBe(2500);
});

test('dist/ is a publishable npm package with the manifest', async ({ request }) => {
  const pkg = readJson(PACKAGE);
  expect(pkg).toMatchObject({
    name: '@ctrlhub/interactions',
    type: 'module',
    exports: { '.': './ctrlhub-interactions.js' },
    customElements: 'custom-elements.json',
  });
  expect(pkg.private, 'a private package cannot be published').toBeFalsy();
  const cargo = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const crateVersion = cargo.split('[package]')[1]?.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  expect(pkg.version, 'the npm version follows the crate version (Cargo.toml)').toBe(crateVersion);

  // What trunk copied into dist/ is what is in pkg/.
  expect(readJson(path.join(DIST, 'package.json')), 'dist/package.json (run the build)').toEqual(pkg);
  expect(readJson(path.join(DIST, 'custom-elements.json')), 'dist/custom-elements.json').toEqual(readJson(MANIFEST));
  const served = await request.get('/custom-elements.json');
  expect(served.status()).toBe(200);
  expect(await served.json()).toEqual(readJson(MANIFEST));

  // `npm pack` (dry run: nothing is written or sent) packs the module, the wasm and the manifest, and
  // not the standalone site.
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: DIST,
  });
  const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
  expect(sorted(files)).toEqual(sorted(['package.json', ...pkg.files]));
  for (const target of [pkg.exports['.'], pkg.customElements]) {
    expect(existsSync(path.join(DIST, target)), `dist/${target}`).toBe(true);
  }
});
