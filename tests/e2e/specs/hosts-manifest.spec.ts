// The element's machine-readable description and its npm package: pkg/custom-elements.json is a valid
// Custom Elements Manifest, names exactly what ../shared/ELEMENT.md (the public contract) names,
// agrees with the running element, and ships with pkg/package.json in dist/, which is publishable as
// is.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import { test, expect, ORG, TOKEN } from './support';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ELEMENT_MD = process.env.CTRLHUB_ELEMENT_MD ?? path.join(ROOT, '..', 'shared', 'ELEMENT.md');
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

/** What ELEMENT.md names, read from its tables and lists. */
function contract() {
  expect(existsSync(ELEMENT_MD), `ELEMENT.md not found at ${ELEMENT_MD} (set CTRLHUB_ELEMENT_MD)`).toBe(true);
  const md = readFileSync(ELEMENT_MD, 'utf8');
  const section = (title: string) => {
    const start = md.indexOf(`\n## ${title}`);
    expect(start, `ELEMENT.md has a "## ${title}" section`).toBeGreaterThan(-1);
    const end = md.indexOf('\n## ', start + 1);
    return md.slice(start, end === -1 ? undefined : end);
  };
  const ticks = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  const names = (text: string) => ticks(text).filter((t) => /^[a-z][a-zA-Z-]*$/.test(t));
  /** Table body rows as arrays of cells. */
  const rows = (text: string) =>
    text
      .split('\n')
      .filter((l) => l.trim().startsWith('|'))
      .slice(2)
      .map((l) => l.trim().replace(/^\||\|$/g, '').split('|'));

  const attributesSection = section('Attributes');
  const attrRows = rows(attributesSection);
  const attributes = attrRows.flatMap((cells) => names(cells[0]));
  const properties = attrRows.flatMap((cells) => names(cells[1]));
  const prose = attributesSection.split('\n').filter((l) => !l.trim().startsWith('|')).join(' ');
  const readOnlyText = prose.split('Read-only properties:')[1]?.split('Methods:')[0] ?? '';
  const readOnly = names(readOnlyText.replace(/\([^()]*\)/g, ''));
  const methods = ticks(prose.split('Methods:')[1] ?? '')
    .filter((t) => t.endsWith('()'))
    .map((t) => t.slice(0, -2));

  const events = rows(section('Events')).map((cells) => ({
    name: names(cells[0])[0],
    detailKeys: (cells[2].match(/\{([^}]*)\}/)?.[1] ?? '').split(',').map((k) => k.trim()).filter(Boolean),
  }));

  const styling = section('Styling');
  const cssProperties = [...new Set(styling.match(/--ctrlhub-[a-z-]+/g) ?? [])];
  const partsLine = styling.split('\n').find((l) => /^\s*-\s*parts:/.test(l)) ?? '';
  const parts = names(partsLine);

  // Guard the parser itself: if ELEMENT.md's layout changes, fail here rather than pass vacuously.
  expect(attributes).toContain('org-id');
  expect(properties).toContain('tokenProvider');
  expect(readOnly).toEqual(['state', 'total']);
  expect(methods).toEqual(['refresh', 'exportCsv']);
  expect(events.map((e) => e.name)).toContain('ctrlhub-select');
  expect(cssProperties.length).toBeGreaterThan(5);
  expect(parts).toContain('item');
  return { attributes, properties, readOnly, methods, events, cssProperties, parts };
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

test('custom-elements.json names exactly what ELEMENT.md names', () => {
  const c = contract();
  const el = elementDeclaration();
  const members = el.members ?? [];
  const fields = members.filter((m) => m.kind === 'field');

  expect(sorted(el.attributes!.map((a) => a.name)), 'attributes').toEqual(sorted(c.attributes));
  expect(sorted(fields.map((f) => f.name)), 'properties').toEqual(sorted([...c.properties, ...c.readOnly]));
  expect(sorted(fields.filter((f) => f.readonly).map((f) => f.name)), 'read-only properties').toEqual(
    sorted(c.readOnly),
  );
  expect(sorted(members.filter((m) => m.kind === 'method').map((m) => m.name)), 'methods').toEqual(sorted(c.methods));
  expect(sorted(el.events!.map((e) => e.name)), 'events').toEqual(sorted(c.events.map((e) => e.name)));
  for (const event of c.events) {
    const type = el.events!.find((e) => e.name === event.name)!.type.text;
    for (const key of event.detailKeys) expect(type, `${event.name} detail`).toMatch(new RegExp(`[{;]\\s*${key}\\??:`));
  }
  expect(sorted(el.cssParts!.map((p) => p.name)), 'CSS parts').toEqual(sorted(c.parts));
  // Every custom property of the contract, plus extensions (issue #11: method colours, status
  // tones), each described as an "Extension" and documented in the README.
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const extensions = el.cssProperties!.filter((p) => !c.cssProperties.includes(p.name));
  for (const p of extensions) {
    expect((p as { description?: string }).description ?? '', `${p.name} is marked as an extension`).toMatch(/Extension/);
    expect(readme, `${p.name} is documented in the README`).toContain(p.name);
  }
  expect(
    sorted(el.cssProperties!.map((p) => p.name).filter((n) => c.cssProperties.includes(n))),
    'CSS custom properties',
  ).toEqual(sorted(c.cssProperties));

  // Attribute ↔ property pairs agree both ways.
  for (const attr of el.attributes!) {
    if (!attr.fieldName) continue;
    const field = fields.find((f) => f.name === attr.fieldName);
    expect(field, `field ${attr.fieldName} of attribute ${attr.name}`).toBeTruthy();
    expect(field!.attribute, `field ${attr.fieldName}'s attribute`).toBe(attr.name);
  }
  // Only the token, provider and scope are unreflected, and the token is never reflected.
  expect(sorted(fields.filter((f) => !f.readonly && !f.attribute).map((f) => f.name))).toEqual(
    sorted(['sessionToken', 'tokenProvider', 'scope']),
  );
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
