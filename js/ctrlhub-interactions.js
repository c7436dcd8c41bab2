// <ctrlhub-interactions> bootstrap: defines the element at once, loads the wasm core on
// first connection. Everything else (rendering, requests, events) lives in the wasm; see
// src/element.rs. This file is copied to dist/ as is.

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
const PLAIN_PROPS = ['sessionToken', 'tokenProvider', 'scope'];
// END generated

let core;
/** Loads and instantiates the wasm once, relative to this module's own URL. */
export function load() {
  core ??= import('./wasm/ctrlhub-interactions.js').then(async (m) => {
    await m.default({ module_or_path: new URL('./wasm/ctrlhub-interactions_bg.wasm', import.meta.url) });
    return m;
  });
  return core;
}

class CtrlhubInteractionsElement extends HTMLElement {
  static get observedAttributes() { return OBSERVED; }

  #core = null;
  #props = { sessionToken: null, tokenProvider: null, scope: null };
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
    load().then((m) => {
      if (!this.isConnected) return;
      if (!this.#core) {
        this.#core = new m.ElementCore(this);
        if (this.#props.sessionToken != null) this.#core.setSessionToken(String(this.#props.sessionToken));
        if (this.#props.scope != null) this.#core.setScope(this.#props.scope);
        if (this.#props.tokenProvider) this.#core.setTokenProvider(this.#props.tokenProvider);
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
      if (this.isConnected || !this.#core) return;
      this.#view = this.#core.viewQuery;
      this.#core.free();
      this.#core = null;
    });
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

  get state() { return this.#failed ? 'error' : (this.#core?.state ?? 'idle'); }
  get total() { return this.#core?.total ?? 0; }

  refresh() { this.#core?.refresh(); }

  /** Downloads what is shown as CSV and returns the CSV text ('' before the first load). */
  exportCsv() { return this.#core?.exportCsv() ?? ''; }

  #loadFailed(err) {
    this.#failed = true;
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
