// Where a wasm's code goes, by crate: reads the code section (each function body's size) and the
// `name` custom section (each function's name, demangled by the linker) of a wasm built by cargo,
// before wasm-bindgen and wasm-opt (which drop or rename functions). `cargo xtask bench` uses it for
// the size figure's breakdown; by hand:
//
//   node benches/harness/wasm-crates.mjs target/wasm32-unknown-unknown/release/ctrlhub_interactions.wasm
//
// A function is counted in the crate its path starts with: `core::fmt::write` → core,
// `<ctrlhub_interactions::x::Y as core::fmt::Debug>::fmt` → ctrlhub_interactions (the impl's self
// type), `alloc::vec::Vec<T>::push` → alloc even when T is ours (a generic instantiation is
// counted where the generic lives; `ours` says how much of each crate's code names this crate's types).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

function reader(buf) {
  let pos = 0;
  const r = {
    get pos() { return pos; },
    set pos(p) { pos = p; },
    byte() { return buf[pos++]; },
    u32() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = buf[pos++];
        result += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80)) return result;
        shift += 7;
      }
    },
    str() {
      const n = r.u32();
      const s = buf.toString('utf8', pos, pos + n);
      pos += n;
      return s;
    },
  };
  return r;
}

/** Body sizes by function index and names by function index. */
export function readWasm(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const r = reader(buf);
  r.pos = 8;
  let imported = 0;
  const bodies = [];
  const names = new Map();
  let codeBytes = 0;
  while (r.pos < buf.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 2) {
      // Imports: function imports take the first function indices.
      const n = r.u32();
      for (let i = 0; i < n; i += 1) {
        r.str();
        r.str();
        const kind = r.byte();
        if (kind === 0) { r.u32(); imported += 1; }
        else if (kind === 1) { r.byte(); const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); }
        else if (kind === 2) { const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); }
        else if (kind === 3) { r.byte(); r.byte(); }
        else if (kind === 4) { r.byte(); r.u32(); }
        else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (id === 10) {
      codeBytes = size;
      const n = r.u32();
      for (let i = 0; i < n; i += 1) {
        const len = r.u32();
        bodies.push(len);
        r.pos += len;
      }
    } else if (id === 0) {
      const name = r.str();
      if (name === 'name') {
        while (r.pos < end) {
          const sub = r.byte();
          const subSize = r.u32();
          const subEnd = r.pos + subSize;
          if (sub === 1) {
            const n = r.u32();
            for (let i = 0; i < n; i += 1) {
              const idx = r.u32();
              names.set(idx, r.str());
            }
          }
          r.pos = subEnd;
        }
      }
    }
    r.pos = end;
  }
  return { imported, bodies, names, codeBytes };
}

const ESCAPES = { SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',' };

/** A legacy Rust symbol (`_ZN…E`) as a path, `<T as core::fmt::Debug>::fmt`; other names as given. */
export function demangle(name) {
  // A v0 symbol (`_R…`, the standard library's): only its first crate root, the crate the item or
  // its impl lives in, is read: `crate::(v0 symbol)`.
  const v0 = /^_R.*?C(?:s[0-9A-Za-z]*_)?([0-9]+)/.exec(name);
  if (v0) {
    const start = v0.index + v0[0].length;
    return `${name.slice(start, start + Number(v0[1]))}::(${name})`;
  }
  const m = /^_?_ZN(.*)E$/.exec(name);
  if (!m) return name;
  const body = m[1];
  const parts = [];
  let i = 0;
  while (i < body.length) {
    const len = /^[0-9]+/.exec(body.slice(i));
    if (!len) break;
    i += len[0].length;
    let ident = body.slice(i, i + Number(len[0]));
    i += Number(len[0]);
    if (/^h[0-9a-f]{16}$/.test(ident)) continue;
    if (ident.startsWith('_$')) ident = ident.slice(1);
    ident = ident.replace(/\$([A-Z]+)\$/g, (e, k) => ESCAPES[k] ?? e)
      .replace(/\$u([0-9a-f]+)\$/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/\.\./g, '::');
    parts.push(ident);
  }
  return parts.join('::');
}

const PATH = /^(?:&|mut |\*const |\*mut |dyn |\[|\()*([A-Za-z_][A-Za-z0-9_]*)::/;

/** The crate a function belongs to: its path's first segment; for `<A as B>::f` (an impl), A's
 * crate when A is a path, else B's (`<T as core::fmt::Debug>` → core). */
export function crateOf(raw) {
  const name = demangle(raw);
  if (name.startsWith('<')) {
    const inner = name.slice(1);
    const self = PATH.exec(inner);
    if (self) return self[1];
    const as = / as ([A-Za-z_][A-Za-z0-9_]*)::/.exec(inner);
    if (as) return as[1];
    return '(generic impls)';
  }
  const m = PATH.exec(name);
  if (m) return m[1];
  if (name.startsWith('__wbindgen_describe')) return '(wasm-bindgen descriptors: dropped by wasm-bindgen)';
  return '(exports, runtime and linker symbols)';
}

/** { total, crates: [{crate, bytes, share, functions, ours}] }, largest first. */
export function breakdown(buf, ownCrate = 'ctrlhub_interactions') {
  const { imported, bodies, names } = readWasm(buf);
  const byCrate = new Map();
  let total = 0;
  bodies.forEach((bytes, i) => {
    const name = names.get(imported + i) ?? '';
    const crate = name ? crateOf(name) : '(unnamed)';
    const c = byCrate.get(crate) ?? { crate, bytes: 0, functions: 0, ours: 0 };
    c.bytes += bytes;
    c.functions += 1;
    if (crate !== ownCrate && demangle(name).includes(`${ownCrate}::`)) c.ours += bytes;
    byCrate.set(crate, c);
    total += bytes;
  });
  const crates = [...byCrate.values()].sort((a, b) => b.bytes - a.bytes)
    .map((c) => ({ ...c, share: total ? c.bytes / total : 0 }));
  return { total, functions: bodies.length, named: names.size, crates };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node wasm-crates.mjs FILE.wasm');
    process.exit(2);
  }
  const b = breakdown(fs.readFileSync(file));
  console.log(`code section: ${(b.total / 1024).toFixed(1)} KiB in ${b.functions} functions (${b.named} named)`);
  for (const c of b.crates) {
    console.log(`${(c.share * 100).toFixed(1).padStart(5)} %  ${(c.bytes / 1024).toFixed(1).padStart(7)} KiB  ${String(c.functions).padStart(6)} fns  ${c.crate}`
      + `${c.ours ? `  (${(c.ours / 1024).toFixed(1)} KiB with our types)` : ''}`);
  }
}
