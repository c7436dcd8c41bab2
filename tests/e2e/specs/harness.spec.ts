// Checks of the test set-up itself, so that a broken build or mock fails with a clear message rather
// than as a timeout in a widget spec.
import { test, expect, fetchInteractions } from './support';

const served: Array<[path: string, contentType: RegExp]> = [
  ['/', /^text\/html/],
  ['/ctrlhub-interactions.js', /javascript/], // a module script needs a JavaScript MIME type
  ['/hosts/plain.html', /^text\/html/],
  ['/hosts/plain.js', /javascript/],
];

test('the mock serves dist/, the host pages and the API', async ({ request }) => {
  for (const [path, contentType] of served) {
    const response = await request.get(path);
    expect(response.status(), `GET ${path}`).toBe(200);
    expect(response.headers()['content-type'] ?? '', `Content-Type of ${path}`).toMatch(contentType);
  }
  const body = await fetchInteractions(request, 'limit=1');
  expect(Array.isArray(body.data), 'JSON:API `data` array').toBe(true);
});
