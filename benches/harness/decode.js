// Decode + convert of one big JSON:API document in the bench copy of the wasm (src/bench.rs),
// against JSON.parse of the same text. `window.decodeBench(url, limit, reps)` fetches the body once,
// then runs each path once unmeasured (warm-up) and `reps` times measured, in rotating order.
import { load } from '/benchdist/ctrlhub-interactions.js';

async function decodeBench(url, limit, reps) {
  const m = await load();
  const response = await fetch(url, {
    headers: { 'X-Session-Token': 'demo-token', Accept: 'application/vnd.api+json' },
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const paths = {
    // JSON.parse of the text (the text already decoded from the bytes, in the yardstick's favour).
    jsonParse: () => JSON.parse(text).data.length,
    // The widget's path: the body's bytes copied into the wasm, serde_json, then convert.
    wasm: () => m.benchDecode(bytes, limit),
  };
  const names = Object.keys(paths);
  const counts = {};
  for (const name of names) counts[name] = paths[name]();
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < reps; r += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const name = names[(r + i) % names.length];
      const t0 = performance.now();
      paths[name]();
      samples[name].push(performance.now() - t0);
    }
  }
  return { bytes: bytes.length, counts, samples };
}

window.decodeBench = decodeBench;
window.decodeReady = true;
