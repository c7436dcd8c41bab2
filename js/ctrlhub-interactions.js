// <ctrlhub-interactions> bootstrap: defines the element at once, loads the wasm core on
// first connection. Everything else (rendering, requests, events) lives in the wasm; see
// src/element/. This file is copied to dist/ as is.

const TAG = 'ctrlhub-interactions';

// BEGIN generated from src/element/contract.rs by `cargo xtask contract`: do not edit by hand.
// Attributes the element observes (the core reads the same list: OBSERVED_ATTRIBUTES).
const OBSERVED = [
  'org-id', 'api-base', 'session-token', 'contact-in', 'property-in', 'account-in',
  'representative-in', 'id-in', 'group-by', 'page-size', 'load', 'locale', 'time-zone', 'theme',
  'refresh-interval', 'no-toolbar', 'view',
];
// Properties reflected to an attribute of the same meaning, by kind.
const STRING_PROPS = {
  orgId: 'org-id', apiBase: 'api-base', groupBy: 'group-by', load: 'load', locale: 'locale',
  timeZone: 'time-zone', theme: 'theme', view: 'view',
};
const NUMBER_PROPS = { pageSize: 'page-size', refreshInterval: 'refresh-interval' };
const BOOLEAN_PROPS = { noToolbar: 'no-toolbar' };
// Properties that are never reflected.
const PLAIN_PROPS = ['sessionToken', 'tokenProvider', 'scope', 'strings'];
// END generated

let core;
const WASM_URL = new URL('./wasm/ctrlhub-interactions_bg.wasm', import.meta.url);

/** Fetches and compiles the wasm as it streams in (a server not sending application/wasm gets the
 * slower path: the whole file, then compile). */
function compileWasm() {
  const response = fetch(WASM_URL);
  return WebAssembly.compileStreaming(response)
    .catch(async () => WebAssembly.compile(await (await fetch(WASM_URL)).arrayBuffer()));
}

/** Loads and instantiates the wasm once, relative to this module's own URL: the wasm's download
 * and compilation run in parallel with the glue module's, not after it. */
export function load() {
  core ??= (() => {
    const compiled = compileWasm();
    // No unhandled rejection if the glue fails first: the error comes out of the chain below.
    compiled.catch(() => {});
    return import('./wasm/ctrlhub-interactions.js').then(async (m) => {
      await m.default({ module_or_path: await compiled });
      return m;
    });
  })();
  return core;
}

// ---- the first page's request, before the wasm is ready -------------------------------------
// The same rules as src/api/query.rs, src/api/contract.rs and src/model/config.rs (a test sends
// both over many attribute combinations: tests/e2e/specs/prefetch.spec.ts). Whatever this cannot
// tell for certain (a `view` attribute, an invalid value), it leaves to the core: no prefetch.

const DEFAULT_API_BASE = 'https://api.ctrl-hub.com';
const INCLUDE = 'account,author,contact,organisation,property,representative';
const SCOPE_FILTERS = [
  ['id_in', 'id-in'], ['account_in', 'account-in'], ['contact_in', 'contact-in'],
  ['property_in', 'property-in'], ['representative_in', 'representative-in'],
];
const VALID_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** RFC 3986 unreserved characters stay; everything else is percent-encoded (as query.rs). */
const encode = (v) => encodeURIComponent(v)
  .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** An ID list as config.rs parse_id_list reads it, or null when an entry is not an ID. */
function idList(raw) {
  const out = [];
  for (const id of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (!VALID_ID.test(id)) return null;
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/** The `scope` property's list for one filter, as the core reads it (model::config::Scope::from_property). */
function scopeList(scope, key) {
  if (scope == null) return [];
  const v = scope[key];
  const raw = Array.isArray(v) ? v.filter((x) => typeof x === 'string') : typeof v === 'string' ? [v] : [];
  return raw.join(',').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The URL of the first request the core will send for `el`, or null when unsure. */
export function firstPageUrl(el, scope) {
  if ((el.getAttribute('view') ?? '') !== '') return null;
  const org = (el.getAttribute('org-id') ?? '').trim();
  if (!VALID_ID.test(org)) return null;
  let base = el.getAttribute('api-base');
  if (base != null) {
    try { base = new URL(base.trim(), document.baseURI).href; } catch { /* kept as written */ }
  }
  base = (base ?? '').trim() || DEFAULT_API_BASE;
  const rest = /^https?:\/\/(.*)$/i.exec(base)?.[1];
  if (!rest || rest.startsWith('/') || /\s/.test(base)) return null;
  base = base.replace(/\/+$/, '');
  const sizeRaw = (el.getAttribute('page-size') ?? '').trim();
  let limit = 25;
  if (sizeRaw !== '') {
    if (!/^\+?[0-9]+$/.test(sizeRaw)) return null;
    limit = Number(sizeRaw);
    if (!(limit >= 1 && limit <= 100)) return null;
  }
  const parts = [];
  for (const [key, attr] of SCOPE_FILTERS) {
    const fromProperty = scopeList(scope, key);
    const ids = idList(fromProperty.length ? fromProperty.join(',') : el.getAttribute(attr));
    if (ids == null) return null;
    if (ids.length) parts.push(`${key}(${ids.map((id) => `'${id}'`).join(',')})`);
  }
  const filter = parts.length ? `&filter=${encode(parts.join(','))}` : '';
  return `${base}/v3/orgs/${encode(org)}/customers/interactions?include=${encode(INCLUDE)}${filter}&limit=${limit}&offset=0`;
}

// ---- the loading skeleton --------------------------------------------------------------------
// Lines copied from style/widget.css (tests/element_contract.rs checks each is still there), so
// the skeleton looks as the core's does until the core replaces it.

const REGION = 'Customer interactions';
const SKELETON_CSS = `
:host {
  --_fg: var(--ctrlhub-fg, #1b1f24);
  --_bg: var(--ctrlhub-bg, #ffffff);
  --_radius: var(--ctrlhub-radius, 6px);
  --_space: var(--ctrlhub-space, 0.5em);
  --_row-gap: var(--ctrlhub-row-gap, 0.25em);
  display: block;
  color-scheme: light;
  contain: content;
}
.ch-host {
  all: initial;
  display: block;
  box-sizing: border-box;
  color: var(--_fg);
  background: var(--_bg);
  font-family: var(--ctrlhub-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: medium;
  line-height: 1.45;
  text-align: start;
}
.ch-root { font-size: var(--ctrlhub-font-size, 0.9375em); }
:host([hidden]) { display: none; }
:host([theme="dark"]) {
  --_fg: var(--ctrlhub-fg, #e6edf3);
  --_bg: var(--ctrlhub-bg, #0d1117);
  color-scheme: dark;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {
    --_fg: var(--ctrlhub-fg, #e6edf3);
    --_bg: var(--ctrlhub-bg, #0d1117);
    color-scheme: dark;
  }
}
*, *::before, *::after { box-sizing: inherit; }
.ch-root { container-type: inline-size; display: flex; flex-direction: column; gap: calc(var(--_space) * 0.75); padding: var(--_space); }
.ch-toolbar {
  display: grid; grid-template-columns: minmax(0, 1fr) auto; align-items: center;
  gap: calc(var(--_space) * 0.75) var(--_space);
}
.ch-title { margin: 0; font-size: 1.125em; font-weight: 600; grid-column: 1; grid-row: 1; }
.ch-skeleton { display: flex; flex-direction: column; gap: var(--_row-gap); }
.ch-skeleton-row {
  --_bar: color-mix(in srgb, var(--_fg) 10%, var(--_bg));
  height: 2.9em; border-radius: var(--_radius);
  background:
    radial-gradient(circle at 0.875em 0.875em, var(--_bar) 0.8em, transparent 0.85em) no-repeat 0.5em 0.2em / 1.75em 1.75em,
    linear-gradient(var(--_bar), var(--_bar)) no-repeat 3em 0.35em / min(55%, 26em) 0.85em,
    linear-gradient(var(--_bar), var(--_bar)) no-repeat 3em 1.75em / min(40%, 18em) 0.7em;
  animation: ch-pulse 1.2s ease-in-out infinite alternate;
}
@keyframes ch-pulse { from { opacity: 1; } to { opacity: 0.45; } }
@media (prefers-reduced-motion: reduce) {
  .ch-skeleton-row, .ch-details { animation: none; }
}
@media (forced-colors: active) {
  .ch-skeleton-row { border: 1px solid CanvasText; }
}
`;

let skeletonSheet;
/** One constructable stylesheet for every instance (or a <style> set as text without them). */
function adoptSkeletonStyles(root) {
  try {
    skeletonSheet ??= new CSSStyleSheet();
    if (!skeletonSheet.cssRules.length) skeletonSheet.replaceSync(SKELETON_CSS);
    root.adoptedStyleSheets = [skeletonSheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = SKELETON_CSS;
    root.append(style);
  }
}

class CtrlhubInteractionsElement extends HTMLElement {
  static get observedAttributes() { return OBSERVED; }

  #core = null;
  #props = { sessionToken: null, tokenProvider: null, scope: null, strings: null };
  // The first page's request while the wasm loads (see #startPrefetch).
  #prefetch = null;
  #failed = false;
  // The view state of a released core, for the next one (see disconnectedCallback).
  #view = null;

  constructor() {
    super();
    // Properties set before this class was defined (the lazy-property pattern).
    for (const name of [...Object.keys(STRING_PROPS), ...Object.keys(NUMBER_PROPS),
      ...Object.keys(BOOLEAN_PROPS), ...PLAIN_PROPS]) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
  }

  connectedCallback() {
    if (this.#core) { this.#core.connected(); return; }
    this.#paintSkeleton();
    // In a microtask, so that properties a host sets right after inserting the element (the
    // token, the provider, the scope) are part of the request.
    if (!this.#prefetch) queueMicrotask(() => this.#startPrefetch());
    load().then(async (m) => {
      if (!this.isConnected) { this.#dropPrefetch(); return; }
      if (!this.#core) {
        // The prefetch's token, if it came from the tokenProvider (asked once, here).
        const prefetch = await this.#prefetch?.ready;
        if (this.#core || !this.isConnected) return;
        this.#core = new m.ElementCore(this);
        if (this.#props.sessionToken != null) this.#core.setSessionToken(String(this.#props.sessionToken));
        if (this.#props.scope != null) this.#core.setScope(this.#props.scope);
        if (this.#props.strings != null) this.#core.setStrings(this.#props.strings);
        const tokenSet = this.#props.sessionToken != null || this.hasAttribute('session-token');
        if (prefetch) this.#core.adoptPrefetch(prefetch.url, prefetch.token, prefetch.response, prefetch.controller);
        if (this.#props.tokenProvider) {
          const answer = prefetch?.fromProvider && prefetch.provider === this.#props.tokenProvider && !tokenSet
            ? prefetch.token : undefined;
          this.#core.setTokenProvider(this.#props.tokenProvider, answer);
        }
        this.#prefetch = null;
        if (this.#view != null) this.#core.restoreView(this.#view);
        this.#view = null;
      }
      this.#core.connected();
    }, (err) => this.#loadFailed(err));
  }

  disconnectedCallback() {
    this.#core?.disconnected();
    // Once the element has really left the document (not just moved: that reconnects it in the
    // same task), release its wasm core. The core holds this element (and the host's
    // tokenProvider), a reference from wasm memory that the garbage collector cannot see through,
    // so neither would ever be freed. The view state is kept for a later re-attachment.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#dropPrefetch();
      if (!this.#core) return;
      this.#view = this.#core.viewQuery;
      this.#core.free();
      this.#core = null;
    });
  }

  /** Sends the first page's request now, exactly as the core would (same URL, same headers, the
   * same tokenProvider answer), so it does not wait for the wasm; the core adopts the response,
   * or aborts it when its own first request turns out different. The token goes only into the
   * X-Session-Token header; it is kept only until the core takes the request. */
  #startPrefetch() {
    if (this.#core || this.#prefetch || !this.isConnected || this.#view != null) return;
    const url = firstPageUrl(this, this.#props.scope);
    if (!url) return;
    const direct = this.#props.sessionToken ?? this.getAttribute('session-token');
    const provider = direct == null ? this.#props.tokenProvider : null;
    if (direct == null && !provider) return;
    const controller = new AbortController();
    const prefetch = { controller, ready: null };
    prefetch.ready = (async () => {
      let token;
      try {
        token = direct != null ? direct : await provider.call(null);
      } catch {
        return null;
      }
      token = typeof token === 'string' ? token.trim() : '';
      if (!token || controller.signal.aborted) return null;
      const response = fetch(url, {
        headers: { 'X-Session-Token': token, Accept: 'application/vnd.api+json' },
        signal: controller.signal,
      });
      // Handled by the core (or aborted): never an unhandled rejection.
      response.catch(() => {});
      return { url, token, response, controller, fromProvider: direct == null, provider };
    })();
    this.#prefetch = prefetch;
  }

  #dropPrefetch() {
    this.#prefetch?.controller.abort();
    this.#prefetch = null;
  }

  /** The core's loading view (the same classes, styled by the same rules as style/widget.css),
   * built with createElement until the wasm replaces it. */
  #paintSkeleton() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    if (root.querySelector('section')) return;
    const el = (tag, cls, attrs = {}) => {
      const e = document.createElement(tag);
      e.className = cls;
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      return e;
    };
    const host = el('div', 'ch-host');
    const section = el('section', 'ch-root', { part: 'base', 'aria-label': REGION, 'aria-busy': 'true' });
    const header = el('header', 'ch-toolbar', { part: 'toolbar' });
    const title = el('h2', 'ch-title');
    title.textContent = REGION;
    header.append(title);
    const skeleton = el('div', 'ch-skeleton', { 'aria-hidden': 'true' });
    for (let i = 0; i < 3; i += 1) skeleton.append(el('div', 'ch-skeleton-row'));
    section.append(header, skeleton);
    host.append(section);
    root.replaceChildren(host);
    adoptSkeletonStyles(root);
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue) this.#core?.attributeChanged(name);
  }

  get sessionToken() { return this.#props.sessionToken; }
  set sessionToken(v) {
    this.#props.sessionToken = v == null || v === '' ? null : String(v);
    this.#core?.setSessionToken(this.#props.sessionToken ?? undefined);
  }

  get tokenProvider() { return this.#props.tokenProvider; }
  set tokenProvider(v) {
    this.#props.tokenProvider = typeof v === 'function' ? v : null;
    this.#core?.setTokenProvider(this.#props.tokenProvider ?? undefined);
  }

  get scope() { return this.#props.scope; }
  set scope(v) {
    this.#props.scope = v ?? null;
    this.#core?.setScope(this.#props.scope ?? undefined);
  }

  get strings() { return this.#props.strings; }
  set strings(v) {
    this.#props.strings = v ?? null;
    this.#core?.setStrings(this.#props.strings ?? undefined);
  }

  get state() { return this.#failed ? 'error' : (this.#core?.state ?? 'idle'); }
  get total() { return this.#core?.total ?? 0; }

  refresh() { this.#core?.refresh(); }

  /** Downloads what is shown as CSV and returns the CSV text ('' before the first load). */
  exportCsv() { return this.#core?.exportCsv() ?? ''; }

  #loadFailed(err) {
    this.#failed = true;
    this.#dropPrefetch();
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = 'The interactions widget could not load. Please reload the page.';
    root.replaceChildren(p);
    this.dispatchEvent(new CustomEvent('ctrlhub-error', {
      bubbles: true, composed: true,
      detail: { kind: 'network', status: null, message: String(err?.message ?? err), traceId: null },
    }));
  }
}

for (const [prop, attr] of Object.entries(STRING_PROPS)) {
  Object.defineProperty(CtrlhubInteractionsElement.prototype, prop, {
    get() { return this.getAttribute(attr); },
    set(v) { if (v == null) this.removeAttribute(attr); else this.setAttribute(attr, String(v)); },
    configurable: true, enumerable: true,
  });
}
for (const [prop, attr] of Object.entries(NUMBER_PROPS)) {
  Object.defineProperty(CtrlhubInteractionsElement.prototype, prop, {
    get() { const v = this.getAttribute(attr); return v == null ? null : Number(v); },
    set(v) { if (v == null) this.removeAttribute(attr); else this.setAttribute(attr, String(v)); },
    configurable: true, enumerable: true,
  });
}
for (const [prop, attr] of Object.entries(BOOLEAN_PROPS)) {
  Object.defineProperty(CtrlhubInteractionsElement.prototype, prop, {
    get() { return this.hasAttribute(attr); },
    set(v) { this.toggleAttribute(attr, Boolean(v)); },
    configurable: true, enumerable: true,
  });
}

if (!customElements.get(TAG)) customElements.define(TAG, CtrlhubInteractionsElement);

export { CtrlhubInteractionsElement };
