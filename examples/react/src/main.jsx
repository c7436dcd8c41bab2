import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App.jsx';
import './app.css';

// Where the element's module lives: the same server by default, or a CDN URL given at build time
// (VITE_CTRLHUB_MODULE=https://…/ctrlhub-interactions.js npm run build). With the npm package,
// `import '@ctrlhub/interactions'` here instead.
const ELEMENT_MODULE = import.meta.env.VITE_CTRLHUB_MODULE ?? '/ctrlhub-interactions.js';

// Define <ctrlhub-interactions> BEFORE React first renders it: React 19 sets a prop as a property
// only when the element already has that property; on an element that is not defined yet it would
// write attributes (and drop the function-valued tokenProvider).
import(/* @vite-ignore */ ELEMENT_MODULE).then(() => {
  createRoot(document.getElementById('root')).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
