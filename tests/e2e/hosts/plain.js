// Test helper for plain.html: configure the element from the query string and record its events.
//
//   ?token=X     session-token attribute (empty value: remove it)
//   ?org=X       org-id attribute (empty value: remove it)
//   ?api=X       api-base attribute
//   ?attr.NAME=X any other attribute, e.g. ?attr.page-size=10&attr.group-by=none
//
// Every ctrlhub-* event reaching the document is appended to window.__events as {type, detail}.
(function () {
  'use strict';
  var EVENTS = ['ctrlhub-load', 'ctrlhub-error', 'ctrlhub-select', 'ctrlhub-filter-change'];
  var ALIASES = { token: 'session-token', org: 'org-id', api: 'api-base' };

  window.__events = [];
  EVENTS.forEach(function (type) {
    document.addEventListener(type, function (event) {
      window.__events.push({ type: event.type, detail: event.detail });
    });
  });

  var el = document.querySelector('ctrlhub-interactions');
  if (!el) return;
  new URLSearchParams(window.location.search).forEach(function (value, key) {
    var name = ALIASES[key] || (key.indexOf('attr.') === 0 ? key.slice(5) : null);
    if (!name) return;
    if (value === '' && name !== 'api-base') el.removeAttribute(name);
    else el.setAttribute(name, value);
  });
})();
