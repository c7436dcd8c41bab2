// The widget's bench host page: creates <ctrlhub-interactions> from the query string, before the
// module upgrades it, and records its events with their page time.
//
//   ?attr.NAME=VALUE   any attribute, e.g. ?attr.load=all&attr.page-size=100&attr.group-by=none
//   ?token=T           the session token (set as the property; default demo-token)
//   ?org=ID            org-id (default demo-org)
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  window.__events = [];
  ['ctrlhub-load', 'ctrlhub-error', 'ctrlhub-filter-change'].forEach(function (type) {
    document.addEventListener(type, function (event) {
      window.__events.push({ type: event.type, detail: event.detail, t: performance.now() });
    });
  });
  var el = document.createElement('ctrlhub-interactions');
  el.setAttribute('org-id', params.get('org') || 'demo-org');
  el.setAttribute('api-base', '/');
  params.forEach(function (value, key) {
    if (key.indexOf('attr.') === 0) el.setAttribute(key.slice(5), value);
  });
  el.sessionToken = params.get('token') || 'demo-token';
  document.getElementById('host').appendChild(el);
  window.__el = el;
  // When the first interaction was on screen (see probe.js).
  window.__firstArticle = window.__probe.paintedWhen(function () {
    return el.shadowRoot && el.shadowRoot.querySelector('article');
  });
  // When the element first showed anything (its region: the loading skeleton, or the view).
  window.__firstContent = window.__probe.paintedWhen(function () {
    return el.shadowRoot && el.shadowRoot.querySelector('section');
  });
})();
