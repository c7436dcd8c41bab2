import { createApp } from 'vue';
import App from './App.vue';
import './app.css';

// Where the element's module lives: the same server by default, or a CDN URL given at build time
// (VITE_CTRLHUB_MODULE=https://…/ctrlhub-interactions.js npm run build). With the npm package,
// `import '@ctrlhub/interactions'` here instead.
const ELEMENT_MODULE = import.meta.env.VITE_CTRLHUB_MODULE ?? '/ctrlhub-interactions.js';

// Vue's .prop bindings work whether or not the element is defined yet (the element picks up
// properties set before it upgraded), but defining it first keeps the first render simple.
import(/* @vite-ignore */ ELEMENT_MODULE).then(() => createApp(App).mount('#app'));
