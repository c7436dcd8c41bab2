// The standalone site: loads the element's module, then mounts the sign-in/browse app.
import { load } from './ctrlhub-interactions.js';

const target = document.getElementById('site');
load().then((m) => m.mountSite(target), (err) => {
  target.textContent = `The app could not load: ${err?.message ?? err}`;
});
