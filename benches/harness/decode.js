// Decode + convert of one big JSON:API document in the bench copy of the wasm (src/bench.rs),
// against JSON.parse of the same text. `window.decodeBench(url, limit, reps)` fetches the text once,
// then runs each path once unmeasured (warm-up) and `reps` times measured, in rotating order.
import { load } from '/benchdist/ctrlhub-interactions.js';

async function decodeBench(url, limit, reps) {
  const m = await load();
  const response = await fetch(url, {
    headers: { 'X-Session-Token': 'demo-token', Accept: 'application/vnd.api+json' },
  });
  const text = await response.text();
  const paths = {
    // What the browser does for response.json(); the yardstick.
    jsonParse: () => JSON.parse(text).data.length,
    // The widget's path: response.text(), then serde_json in the wasm, then convert.
    wasmText: () => m.benchDecode(text, limit),
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
  return { bytes: new TextEncoder().encode(text).length, counts, samples };
}

window.decodeBench = decodeBench;
window.decodeReady = true;
