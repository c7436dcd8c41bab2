// Vite config of the React 19 example. `npm run build` writes dist/ with relative URLs, so the page
// works under any path (the end-to-end tests serve it at /examples/react/ next to the element).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev`: the element, its wasm and the API come from `cargo xtask demo` (trunk on :8080,
// which proxies /v3 to the mock API). Override with CTRLHUB_DEV_ORIGIN.
const origin = process.env.CTRLHUB_DEV_ORIGIN ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: './',
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(['/ctrlhub-interactions.js', '/wasm', '/v3'].map((p) => [p, origin])),
  },
});
