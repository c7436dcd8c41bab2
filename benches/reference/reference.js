// The vanilla JS reference of `cargo xtask bench` (see README.md in this folder): fetches the same
// JSON as <ctrlhub-interactions>, groups it the same way and renders the same markup with plain DOM
// calls. Written for the benchmark; no framework, no build step.
(function () {
  'use strict';

  var params = new URLSearchParams(window.location.search);
  var ORG = params.get('org') || 'demo-org';
  var TOKEN = params.get('token') || 'demo-token';
  var INCLUDE = 'account,author,contact,organisation,property,representative';
  var LOCALE = document.documentElement.lang || undefined;
  var FOLD_CHARS = 320;
  var CONCURRENCY = 4;

  // ---- the API -------------------------------------------------------------------------------

  function pageUrl(limit, offset) {
    return '/v3/orgs/' + encodeURIComponent(ORG) + '/customers/interactions?include=' +
      encodeURIComponent(INCLUDE) + '&limit=' + limit + '&offset=' + offset;
  }

  function fetchPage(limit, offset) {
    return fetch(pageUrl(limit, offset), {
      headers: { 'X-Session-Token': TOKEN, Accept: 'application/vnd.api+json' },
    }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }

  // ---- labels (the contract's "label to show") ------------------------------------------------

  function clean(s) {
    return typeof s === 'string' && s.trim() !== '' ? s.trim() : null;
  }
  function join(parts, sep) {
    var v = parts.map(clean).filter(Boolean);
    return v.length ? v.join(sep) : null;
  }
  var NOUNS = { contacts: 'Contact', properties: 'Property', users: 'User', 'customer-accounts': 'Account',
    organisations: 'Organisation' };
  function fallback(type, id) {
    var short = (id || '').trim().slice(0, 8) || 'unknown';
    return (NOUNS[type] || 'Item') + ' ' + short;
  }
  function contactLabel(id, a) {
    if (join([a.first_name, a.last_name], ' ')) return join([a.salutation, a.first_name, a.last_name], ' ');
    return clean(a.email) || clean(a.telephone) || fallback('contacts', id);
  }
  function propertyLabel(id, attrs) {
    var a = attrs.address || {};
    if (clean(a.description)) return clean(a.description);
    var premises = join([a.department, a.organisation], ', ');
    var name = clean(a.name);
    var num = clean(a.number);
    var building = name && num ? name + ', ' + num : name || num;
    var street = join([a.dependent_thoroughfare, a.thoroughfare], ', ');
    var first;
    if (building && street) first = /^[0-9][0-9A-Za-z]*$/.test(building) ? building + ' ' + street : building + ', ' + street;
    else first = building || street;
    var poBox = clean(a.po_box || a.pobox);
    var parts = [premises, first, poBox ? 'PO Box ' + poBox : null, clean(a.post_town), clean(a.postcode)].filter(Boolean);
    if (parts.length) return parts.join(', ');
    return clean(attrs.uprn) ? 'UPRN ' + clean(attrs.uprn) : fallback('properties', id);
  }
  function userLabel(id, a) {
    var p = (a.profile && a.profile.personal) || {};
    return join([p.first_name, p.last_name], ' ') || clean(p.username) || clean(a.email) || fallback('users', id);
  }
  function labelOf(res, type, id) {
    var a = res.attributes || {};
    switch (type) {
      case 'contacts': return contactLabel(id, a);
      case 'properties': return propertyLabel(id, a);
      case 'users': return userLabel(id, a);
      case 'organisations': return clean(a.name) || clean(a.slug) || fallback(type, id);
      default: return fallback(type, id);
    }
  }

  // ---- the document to interactions ------------------------------------------------------------

  var METHODS = { letter: 'Letter', email: 'Email', telephone: 'Telephone', phone: 'Telephone', sms: 'SMS', text: 'SMS' };
  var SLUGS = { Letter: 'letter', Email: 'email', Telephone: 'telephone', SMS: 'sms' };
  var ICONS = { letter: '\u2709', email: '@', telephone: '\u260e', sms: '\u2706', other: '\u2022' };

  function convert(doc) {
    var byKey = new Map();
    (doc.included || []).forEach(function (r) {
      if (r && r.id && r.type && !byKey.has(r.type + '\u0000' + r.id)) byKey.set(r.type + '\u0000' + r.id, r);
    });
    function related(rel, expected) {
      var d = rel && rel.data;
      if (!d || !d.id) return null;
      var res = byKey.get((d.type || expected) + '\u0000' + d.id) || byKey.get(expected + '\u0000' + d.id);
      return res ? { id: d.id, label: labelOf(res, expected, d.id), resolved: true }
        : { id: d.id, label: fallback(expected, d.id), resolved: false };
    }
    return (doc.data || []).map(function (r) {
      var a = r.attributes || {};
      var rel = r.relationships || {};
      var raw = (a.method || '').trim();
      var method = METHODS[raw.toLowerCase()] || raw || 'Unknown method';
      var dir = (a.direction || '').trim();
      var direction = dir.toLowerCase() === 'inbound' ? 'Inbound' : dir.toLowerCase() === 'outbound' ? 'Outbound'
        : dir || 'Unknown direction';
      var dateRaw = (a.date_time || '').trim();
      var ts = Date.parse(dateRaw);
      var status = (a.status || '').trim();
      return {
        id: r.id || '',
        method: method,
        slug: SLUGS[method] || 'other',
        direction: direction,
        dateRaw: dateRaw,
        ts: isNaN(ts) ? null : ts,
        contacted: typeof a.contacted === 'boolean' ? a.contacted : null,
        status: status,
        statusLabel: status ? (status.charAt(0).toUpperCase() + status.slice(1)).replace(/_/g, ' ') : 'No status',
        scheduled: status.toLowerCase() === 'scheduled',
        notes: typeof a.notes === 'string' ? a.notes : '',
        contact: related(rel.contact, 'contacts'),
        property: related(rel.property, 'properties'),
        representative: related(rel.representative, 'users'),
        author: related(rel.author, 'users'),
      };
    });
  }

  // ---- search (case- and accent-insensitive) ---------------------------------------------------

  function fold(s) {
    return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  }
  function terms(q) {
    var out = [];
    fold(q).split(/\s+/).forEach(function (t) { if (t && out.indexOf(t) < 0) out.push(t); });
    return out;
  }
  function matches(item, ts) {
    if (!ts.length) return true;
    var fields = [item.notes, item.method, item.direction, item.statusLabel];
    [item.contact, item.property, item.representative, item.author].forEach(function (r) { if (r) fields.push(r.label); });
    fields = fields.map(fold);
    return ts.every(function (t) { return fields.some(function (f) { return f.indexOf(t) >= 0; }); });
  }
  // Appends `text` to `parent`, each match of `ts` in a <mark> (where folding keeps the length).
  function appendHighlighted(parent, text, ts) {
    if (!ts.length || !text) { parent.appendChild(document.createTextNode(text)); return; }
    var folded = fold(text);
    if (folded.length !== text.length) { parent.appendChild(document.createTextNode(text)); return; }
    var marked = new Uint8Array(text.length);
    ts.forEach(function (t) {
      for (var i = folded.indexOf(t); i >= 0; i = folded.indexOf(t, i + 1)) marked.fill(1, i, i + t.length);
    });
    var at = 0;
    while (at < text.length) {
      var end = at;
      while (end < text.length && marked[end] === marked[at]) end += 1;
      var run = text.slice(at, end);
      if (marked[at]) {
        var m = document.createElement('mark');
        m.textContent = run;
        parent.appendChild(m);
      } else {
        parent.appendChild(document.createTextNode(run));
      }
      at = end;
    }
  }

  // ---- dates ------------------------------------------------------------------------------------

  var fmtDateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
  var fmtDay = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'full', timeZone: 'UTC' });
  var fmtRelative = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });
  function capitalise(s) { return s.charAt(0).toUpperCase() + s.slice(1); }
  var WORDS = { 0: capitalise(fmtRelative.format(0, 'day')), '-1': capitalise(fmtRelative.format(-1, 'day')),
    1: capitalise(fmtRelative.format(1, 'day')) };

  // The local calendar day (the browser's zone, as the widget without `time-zone`), as a day number.
  function localDay(ts) {
    var d = new Date(ts);
    return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86400000);
  }
  function dayLabel(day, today) {
    var word = WORDS[day - today];
    return word !== undefined ? word : fmtDay.format(new Date(day * 86400000 + 43200000));
  }
  function divRound(a, b) { return a >= 0 ? Math.floor((a + Math.floor(b / 2)) / b) : -Math.floor((-a + Math.floor(b / 2)) / b); }
  function relative(now, then) {
    var diff = then - now;
    var s = divRound(diff, 1000);
    if (Math.abs(s) < 60) return fmtRelative.format(s, 'second');
    var m = divRound(diff, 60000);
    if (Math.abs(m) < 60) return fmtRelative.format(m, 'minute');
    var h = divRound(diff, 3600000);
    if (Math.abs(h) < 24) return fmtRelative.format(h, 'hour');
    var days = divRound(diff, 86400000);
    if (Math.abs(days) < 7) return fmtRelative.format(days, 'day');
    if (Math.abs(days) < 30) return fmtRelative.format(divRound(diff, 7 * 86400000), 'week');
    var YEAR = 31556952000;
    var months = divRound(diff, YEAR / 12);
    if (Math.abs(days) < 365 && Math.abs(months) < 12) return fmtRelative.format(months, 'month');
    var years = divRound(diff, YEAR);
    return fmtRelative.format(years === 0 ? Math.sign(diff) : years, 'year');
  }

  // ---- grouping (as src/model/grouping.rs) -------------------------------------------------------

  function newestFirst(a, b) {
    if (a.ts !== null && b.ts !== null && a.ts !== b.ts) return b.ts - a.ts;
    if (a.ts === null && b.ts !== null) return 1;
    if (a.ts !== null && b.ts === null) return -1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }
  function contactKey(it) {
    return it.contact && it.contact.id.trim() ? ['contact-' + it.contact.id, it.contact] : ['no-contact', null];
  }
  function propertyKey(it) {
    return it.property && it.property.id.trim() ? ['property-' + it.property.id, it.property] : ['no-property', null];
  }
  var NO_LABEL = { 'no-contact': 'No contact', 'no-property': 'No property' };

  function days(items, today) {
    var out = [];
    var undated = [];
    items.forEach(function (it) {
      if (it.ts === null) { undated.push(it); return; }
      var day = localDay(it.ts);
      var last = out[out.length - 1];
      if (last && last.day === day) last.items.push(it);
      else out.push({ day: day, label: dayLabel(day, today), items: [it] });
    });
    if (undated.length) out.push({ day: null, label: 'No date', items: undated });
    return out;
  }

  function groups(items, keyOf, innerOf, parent, today) {
    var parts = new Map();
    items.forEach(function (it) {
      var k = keyOf(it);
      var part = parts.get(k[0]);
      if (!part) { part = { key: k[0], resolved: null, any: null, items: [] }; parts.set(k[0], part); }
      var r = k[1];
      if (r && r.label.trim()) {
        if (r.resolved && part.resolved === null) part.resolved = r.label;
        if (part.any === null) part.any = r.label;
      }
      part.items.push(it);
    });
    var out = [];
    parts.forEach(function (p) {
      var path = parent ? parent + '__' + p.key : p.key;
      var label = p.resolved || p.any || NO_LABEL[p.key] || p.key;
      var inner = null;
      if (innerOf) {
        var first = innerOf(p.items[0])[0];
        if (p.items.some(function (it) { return innerOf(it)[0] !== first; })) inner = innerOf;
      }
      var newest = null;
      p.items.forEach(function (it) { if (it.ts !== null && (newest === null || it.ts > newest)) newest = it.ts; });
      out.push({ path: path, label: label, count: p.items.length, newest: newest,
        subgroups: inner ? groups(p.items, inner, null, path, today) : [],
        days: inner ? [] : days(p.items, today) });
    });
    out.sort(function (a, b) {
      if ((a.newest === null) !== (b.newest === null)) return a.newest === null ? 1 : -1;
      if (a.newest !== b.newest) return b.newest - a.newest;
      var la = a.label.toLowerCase();
      var lb = b.label.toLowerCase();
      return la < lb ? -1 : la > lb ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
    });
    return out;
  }

  function timeline(items, groupBy, now) {
    var upcoming = [];
    var past = [];
    items.forEach(function (it) {
      if (it.scheduled || (it.ts !== null && it.ts > now)) {
        upcoming.push({ item: it, overdue: it.scheduled && it.ts !== null && it.ts < now });
      } else {
        past.push(it);
      }
    });
    function cls(e) { return e.overdue ? 0 : e.item.ts !== null ? 1 : 2; }
    upcoming.sort(function (a, b) {
      return cls(a) - cls(b) || (a.item.ts || 0) - (b.item.ts || 0) || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0);
    });
    past.sort(newestFirst);
    var today = localDay(now);
    var gs;
    if (!past.length) gs = [];
    else if (groupBy === 'property') gs = groups(past, propertyKey, contactKey, null, today);
    else if (groupBy === 'none') {
      gs = [{ path: 'all', label: 'All interactions', count: past.length, subgroups: [], days: days(past, today) }];
    } else gs = groups(past, contactKey, propertyKey, null, today);
    return { upcoming: upcoming, groups: gs };
  }

  // ---- markup (as src/ui/timeline.rs and src/ui/item.rs) ----------------------------------------

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function label(parent, related, none, ts) {
    if (!related) { parent.appendChild(el('span', 'ch-none', none)); return; }
    var span = el('span', 'ch-label');
    var button = el('button', 'ch-link');
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    appendHighlighted(button, related.label, ts);
    span.appendChild(button);
    parent.appendChild(span);
  }

  function fact(dl, term, fill) {
    var div = el('div');
    div.appendChild(el('dt', null, term));
    var dd = el('dd');
    fill(dd);
    div.appendChild(dd);
    dl.appendChild(div);
  }

  function article(it, overdue, position, size, ts, now) {
    var when = it.ts !== null ? fmtDateTime.format(it.ts) : it.dateRaw || 'No date';
    var a = el('article', overdue ? 'ch-item ch-overdue' : 'ch-item');
    a.setAttribute('part', 'item');
    a.tabIndex = 0;
    a.setAttribute('aria-label', it.method + ', ' + it.direction.toLowerCase() + ', ' + when);
    a.setAttribute('aria-posinset', String(position));
    a.setAttribute('aria-setsize', String(size));
    a.dataset.id = it.id;
    a.dataset.method = it.slug;
    var head = el('header', 'ch-item-head');
    var icon = el('span', 'ch-icon', ICONS[it.slug]);
    icon.setAttribute('aria-hidden', 'true');
    head.appendChild(icon);
    head.appendChild(el('span', 'ch-method', it.method));
    head.appendChild(el('span', 'ch-direction', it.direction));
    var slug = it.status.toLowerCase().replace(/[^a-z0-9]/g, '-');
    head.appendChild(el('span', 'ch-badge ch-status-' + slug, it.statusLabel));
    if (overdue) head.appendChild(el('span', 'ch-badge ch-badge-overdue', 'Overdue'));
    var whenSpan = el('span', 'ch-when');
    var time = el('time', 'ch-date', when);
    time.setAttribute('datetime', it.dateRaw);
    whenSpan.appendChild(time);
    if (it.ts !== null) whenSpan.appendChild(el('span', 'ch-relative', ' \u00b7 ' + relative(now, it.ts)));
    head.appendChild(whenSpan);
    a.appendChild(head);
    var dl = el('dl', 'ch-facts');
    fact(dl, 'Contact', function (dd) { label(dd, it.contact, 'No contact', ts); });
    fact(dl, 'Property', function (dd) { label(dd, it.property, 'No property', ts); });
    fact(dl, 'Representative', function (dd) { label(dd, it.representative, 'None', ts); });
    fact(dl, 'Contacted', function (dd) { dd.textContent = it.contacted === null ? 'Unknown' : it.contacted ? 'Yes' : 'No'; });
    if (it.author) fact(dl, 'Author', function (dd) { dd.textContent = it.author.label; });
    a.appendChild(dl);
    var notes = it.notes.replace(/\s+$/, '');
    if (notes.trim()) {
      var chars = Array.from(notes);
      var long = chars.length > FOLD_CHARS;
      var p = el('p', 'ch-notes');
      appendHighlighted(p, long ? chars.slice(0, FOLD_CHARS).join('').replace(/\s+$/, '') + '\u2026' : notes, ts);
      a.appendChild(p);
      if (long) {
        var more = el('button', 'ch-link ch-more', 'Show more');
        more.type = 'button';
        more.setAttribute('aria-expanded', 'false');
        a.appendChild(more);
      }
    }
    return a;
  }

  // Renders the timeline into `container`; stops after `budget.left` articles (display order).
  function render(container, tl, ts, now, budget) {
    var root = el('div', 'ch-timeline');
    function feed(label, dayList, size) {
      var f = el('div', 'ch-feed');
      f.setAttribute('role', 'feed');
      f.setAttribute('aria-label', label);
      var position = 0;
      for (var d = 0; d < dayList.length && budget.left > 0; d += 1) {
        var day = dayList[d];
        if (day.label !== null) {
          var sep = el('div', 'ch-day', day.label);
          sep.setAttribute('part', 'day');
          sep.setAttribute('aria-hidden', 'true');
          f.appendChild(sep);
        }
        for (var i = 0; i < day.entries.length && budget.left > 0; i += 1) {
          position += 1;
          budget.left -= 1;
          f.appendChild(article(day.entries[i].item, day.entries[i].overdue, position, size, ts, now));
        }
      }
      return f;
    }
    function disclosure(parent, path, level, text, count, fill) {
      if (budget.left <= 0) return;
      var section = el('section', 'ch-group');
      section.setAttribute('part', 'group');
      section.dataset.key = path;
      var h = el(level <= 3 ? 'h3' : 'h4', level <= 3 ? 'ch-group-header' : 'ch-group-header ch-subgroup-header');
      h.setAttribute('part', 'group-header');
      var id = 'ch-group-' + path;
      var button = el('button', 'ch-disclosure');
      button.type = 'button';
      button.setAttribute('aria-expanded', 'true');
      button.setAttribute('aria-controls', id);
      button.appendChild(el('span', 'ch-group-label', text));
      button.appendChild(document.createTextNode(' '));
      button.appendChild(el('span', 'ch-count', count === 1 ? '1 interaction' : count.toLocaleString(LOCALE) + ' interactions'));
      h.appendChild(button);
      section.appendChild(h);
      var body = el('div', 'ch-group-body');
      body.id = id;
      fill(body);
      section.appendChild(body);
      parent.appendChild(section);
    }
    function group(parent, g, level) {
      disclosure(parent, g.path, level, g.label, g.count, function (body) {
        if (g.subgroups.length) {
          g.subgroups.forEach(function (s) { group(body, s, level + 1); });
        } else {
          var dayList = g.days.map(function (d) {
            return { label: d.label, entries: d.items.map(function (it) { return { item: it, overdue: false }; }) };
          });
          body.appendChild(feed('Interactions: ' + g.label, dayList, g.count));
        }
      });
    }
    if (tl.upcoming.length) {
      disclosure(root, 'upcoming', 3, 'Upcoming', tl.upcoming.length, function (body) {
        body.appendChild(feed('Upcoming interactions', [{ label: null, entries: tl.upcoming }], tl.upcoming.length));
      });
    }
    tl.groups.forEach(function (g) { group(root, g, 3); });
    container.replaceChildren(root);
  }

  // ---- the page ---------------------------------------------------------------------------------

  var host = document.getElementById('ref-host');
  var shadow = host.attachShadow({ mode: 'open' });
  var wrapper = el('div', 'ch-host');
  var section = el('section', 'ch-root');
  section.setAttribute('part', 'base');
  section.setAttribute('aria-label', 'Customer interactions');
  var status = el('p', 'ch-status');
  status.setAttribute('role', 'status');
  var results = el('div', 'ch-results');
  section.appendChild(status);
  section.appendChild(results);
  wrapper.appendChild(section);
  shadow.appendChild(wrapper);
  // One delegated listener for every disclosure button.
  results.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.ch-disclosure');
    if (!b) return;
    var open = b.getAttribute('aria-expanded') === 'true';
    b.setAttribute('aria-expanded', String(!open));
    var body = shadow.getElementById(b.getAttribute('aria-controls'));
    if (body) body.hidden = open;
  });

  var state = { items: [], total: 0 };

  // Rebuilds the view: filters, groups, renders (at most `limit` articles when given).
  function show(options) {
    var o = options || {};
    var ts = terms(o.search || '');
    var shown = state.items.filter(function (it) {
      return (!o.method || it.slug === o.method) && matches(it, ts);
    });
    var now = Date.now();
    var budget = { left: o.limit == null ? Infinity : o.limit };
    render(results, timeline(shown, o.groupBy || 'contact', now), ts, now, budget);
    status.textContent = 'Showing ' + shown.length.toLocaleString(LOCALE) + ' of ' +
      state.total.toLocaleString(LOCALE) + ' interactions';
    return shown.length;
  }

  function loadPage(limit) {
    return fetchPage(limit, 0).then(function (doc) {
      state.items = convert(doc);
      var p = doc.meta && doc.meta.pagination;
      state.total = (p && p.counts && p.counts.resources) || state.items.length;
    });
  }

  // Every page, CONCURRENCY requests at a time, in offset order.
  function loadAll(limit) {
    return fetchPage(limit, 0).then(function (first) {
      var p = first.meta && first.meta.pagination;
      var total = (p && p.counts && p.counts.resources) || 0;
      var offsets = [];
      for (var o = limit; o < total; o += limit) offsets.push(o);
      var docs = new Array(offsets.length);
      var next = 0;
      function worker() {
        if (next >= offsets.length) return Promise.resolve();
        var i = next++;
        return fetchPage(limit, offsets[i]).then(function (d) { docs[i] = d; return worker(); });
      }
      var workers = [];
      for (var w = 0; w < CONCURRENCY; w += 1) workers.push(worker());
      return Promise.all(workers).then(function () {
        var seen = new Set();
        state.items = [];
        [first].concat(docs).forEach(function (d) {
          convert(d).forEach(function (it) { if (!seen.has(it.id)) { seen.add(it.id); state.items.push(it); } });
        });
        state.total = total || state.items.length;
      });
    });
  }

  window.ref = {
    root: shadow,
    show: show,
    // Times `show(options)` to the paint after it (probe.js), like the widget's measurements.
    measure: function (options) {
      return window.__probe.measure(shadow, function () { show(options); }, { quietMs: 300 });
    },
    count: function () { return state.items.length; },
  };

  var auto = params.get('auto');
  var pageSize = Number(params.get('pageSize') || 25);
  window.__firstArticle = window.__probe.paintedWhen(function () { return shadow.querySelector('article'); });
  // Resolves (page time) when the data is loaded and first shown.
  // The widget's own stylesheet, adopted like the widget does, so style and layout cost the same.
  var css = fetch('/style/widget.css').then(function (r) { return r.text(); }).then(function (text) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    shadow.adoptedStyleSheets = [sheet];
  });
  var data = auto === 'all' ? loadAll(pageSize) : auto === 'page' ? loadPage(pageSize) : Promise.resolve();
  window.__loaded = Promise.all([css, data])
    .then(function () {
      var limit = params.get('limit');
      if (auto) show({ groupBy: params.get('groupBy') || 'contact', limit: limit ? Number(limit) : null });
      return performance.now();
    });
})();
