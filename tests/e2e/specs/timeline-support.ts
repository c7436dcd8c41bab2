// Helpers for the timeline specs: the mock's interactions as the widget should show them (labels
// resolved the way src/model/labels.rs does), the expected grouping, and readers for the widget's
// accessible structure. Expectations are always computed from the API, never hard-coded.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, fetchInteractions, interactionsPath, showAllUpcoming } from './support';

export const INCLUDE = 'include=account,author,contact,organisation,property,representative';

export type Rel = { id: string; label: string };
export type Item = {
  id: string;
  dateTime: string;
  ms: number;
  method: string;
  direction: string;
  status: string;
  contacted: boolean | null;
  notes: string;
  contact: Rel | null;
  property: Rel | null;
  representative: Rel | null;
  author: Rel | null;
};
export type ApiPage = { items: Item[]; total: number; pages: number };

const clean = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const join = (parts: unknown[], sep: string) => {
  const v = parts.map(clean).filter((p): p is string => p !== null);
  return v.length ? v.join(sep) : null;
};
const shortId = (id: string) => id.trim().slice(0, 8);

/** src/model/labels.rs `contact_label`. */
export function contactLabel(id: string, a: any): string {
  if (join([a.first_name, a.last_name], ' ')) return join([a.salutation, a.first_name, a.last_name], ' ')!;
  return clean(a.email) ?? clean(a.telephone) ?? `Contact ${shortId(id)}`;
}

/** src/model/labels.rs `property_label`. */
export function propertyLabel(id: string, attrs: any): string {
  const a = attrs.address ?? {};
  const description = clean(a.description);
  if (description) return description;
  const premises = join([a.department, a.organisation], ', ');
  const name = clean(a.name);
  const num = clean(a.number);
  const building = name && num ? `${name}, ${num}` : (name ?? num);
  const street = join([a.dependent_thoroughfare, a.thoroughfare], ', ');
  let firstLine: string | null;
  if (building && street) {
    firstLine = /^[0-9][0-9A-Za-z]*$/.test(building) ? `${building} ${street}` : `${building}, ${street}`;
  } else {
    firstLine = building ?? street;
  }
  const poBox = clean(a.po_box) ? `PO Box ${clean(a.po_box)}` : null;
  const parts = [premises, firstLine, poBox, clean(a.post_town), clean(a.postcode)].filter(Boolean);
  if (parts.length) return parts.join(', ');
  const uprn = attrs.uprn == null ? null : clean(String(attrs.uprn));
  return uprn ? `UPRN ${uprn}` : `Property ${shortId(id)}`;
}

/** src/model/labels.rs `user_label`. */
export function userLabel(id: string, a: any): string {
  const p = a.profile?.personal ?? {};
  return join([p.first_name, p.last_name], ' ') ?? clean(p.username) ?? clean(a.email) ?? `User ${shortId(id)}`;
}

export const METHOD: Record<string, string> = { letter: 'Letter', email: 'Email', telephone: 'Telephone', sms: 'SMS' };
export const DIRECTION: Record<string, string> = { inbound: 'Inbound', outbound: 'Outbound' };
export const statusLabel = (s: string) =>
  s.trim() === '' ? 'No status' : (s.trim()[0].toUpperCase() + s.trim().slice(1)).replace(/_/g, ' ');

function toItems(body: any): Item[] {
  const included = new Map<string, any>((body.included ?? []).map((r: any) => [`${r.type}/${r.id}`, r]));
  const rel = (x: any, key: string, label: (id: string, attrs: any) => string): Rel | null => {
    const ref = x.relationships?.[key]?.data;
    if (!ref?.id) return null;
    const r = included.get(`${ref.type}/${ref.id}`);
    // A plain check, not `expect`: this runs thousands of times and each `expect` is a traced step.
    if (!r) throw new Error(`${ref.type}/${ref.id} is not in "included"`);
    return { id: ref.id, label: label(ref.id, r.attributes ?? {}) };
  };
  return (body.data ?? []).map((x: any) => {
    const a = x.attributes ?? {};
    return {
      id: x.id,
      dateTime: a.date_time,
      ms: Date.parse(a.date_time),
      method: a.method,
      direction: a.direction,
      status: a.status ?? '',
      contacted: typeof a.contacted === 'boolean' ? a.contacted : null,
      notes: a.notes ?? '',
      contact: rel(x, 'contact', contactLabel),
      property: rel(x, 'property', propertyLabel),
      representative: rel(x, 'representative', userLabel),
      author: rel(x, 'author', userLabel),
    };
  });
}

/** One page of the mock's interactions, as the widget asks for it. */
export async function apiPage(
  request: APIRequestContext,
  { limit = 25, offset = 0, filter = '' }: { limit?: number; offset?: number; filter?: string } = {},
): Promise<ApiPage> {
  const query = `${INCLUDE}&limit=${limit}&offset=${offset}${filter ? `&filter=${encodeURIComponent(filter)}` : ''}`;
  const body = await fetchInteractions(request, query);
  const counts = body.meta?.pagination?.counts ?? {};
  return { items: toItems(body), total: counts.resources, pages: counts.pages };
}

let everything: Promise<Item[]> | null = null;
/** Every interaction of the mock (cached per worker: the data is deterministic). */
export function allItems(request: APIRequestContext): Promise<Item[]> {
  everything ??= (async () => {
    const first = await apiPage(request, { limit: 100 });
    const out = [...first.items];
    for (let offset = 100; offset < first.total; offset += 100) {
      out.push(...(await apiPage(request, { limit: 100, offset })).items);
    }
    return out;
  })();
  return everything;
}

export const isScheduled = (i: Item) => i.status.trim().toLowerCase() === 'scheduled';
/** In the "Upcoming" section: scheduled, or dated after now. */
export const isUpcoming = (i: Item, now = Date.now()) => isScheduled(i) || i.ms > now;
export const isOverdue = (i: Item, now = Date.now()) => isScheduled(i) && i.ms < now;

export type ExpectedGroup = { label: string; count: number; newest: number; subgroups: ExpectedGroup[] };

const contactKey = (i: Item) => (i.contact ? [`c:${i.contact.id}`, i.contact.label] : ['no-contact', 'No contact']);
const propertyKey = (i: Item) => (i.property ? [`p:${i.property.id}`, i.property.label] : ['no-property', 'No property']);

function groupsBy(items: Item[], outer: typeof contactKey, inner: typeof contactKey | null): ExpectedGroup[] {
  const parts = new Map<string, { label: string; members: Item[] }>();
  for (const i of items) {
    const [key, label] = outer(i);
    if (!parts.has(key)) parts.set(key, { label, members: [] });
    parts.get(key)!.members.push(i);
  }
  const groups = [...parts.values()].map(({ label, members }) => {
    const innerKeys = inner ? new Set(members.map((m) => inner(m)[0])) : new Set();
    return {
      label,
      count: members.length,
      newest: Math.max(...members.map((m) => m.ms)),
      subgroups: inner && innerKeys.size > 1 ? groupsBy(members, inner, null) : [],
    };
  });
  const lower = (s: string) => s.toLowerCase();
  groups.sort(
    (a, b) =>
      b.newest - a.newest ||
      (lower(a.label) < lower(b.label) ? -1 : lower(a.label) > lower(b.label) ? 1 : 0) ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
  );
  return groups;
}

/** The groups (and sub-groups) the timeline should show for the past (not upcoming) `items`. */
export function expectedGroups(items: Item[], by: 'contact' | 'property', now = Date.now()): ExpectedGroup[] {
  const past = items.filter((i) => !isUpcoming(i, now));
  return by === 'contact' ? groupsBy(past, contactKey, propertyKey) : groupsBy(past, propertyKey, contactKey);
}

/** src/model/time.rs `relative`: the value and unit `Intl.RelativeTimeFormat` is given. */
export function relative(nowMs: number, thenMs: number): [number, Intl.RelativeTimeFormatUnit] {
  const diff = thenMs - nowMs;
  const round = (v: number) => Math.sign(v) * Math.round(Math.abs(v)); // halves away from zero
  const seconds = round(diff / 1000);
  if (Math.abs(seconds) < 60) return [seconds, 'second'];
  const minutes = round(diff / 60_000);
  if (Math.abs(minutes) < 60) return [minutes, 'minute'];
  const hours = round(diff / 3_600_000);
  if (Math.abs(hours) < 24) return [hours, 'hour'];
  const DAY = 86_400_000;
  const days = round(diff / DAY);
  if (Math.abs(days) < 7) return [days, 'day'];
  if (Math.abs(days) < 30) return [round(diff / (7 * DAY)), 'week'];
  const YEAR = 31_556_952_000;
  const months = round(diff / (YEAR / 12));
  if (Math.abs(days) < 365 && Math.abs(months) < 12) return [months, 'month'];
  const years = round(diff / YEAR);
  return [years === 0 ? Math.sign(diff) : years, 'year'];
}

export const countText = (n: number) => (n === 1 ? '1 interaction' : `${n} interactions`);

/** Group headings as "<level> <label> <count>" lines, in document order. */
export function expectedHeadingLines(groups: ExpectedGroup[], level = 3): string[] {
  return groups.flatMap((g) => [
    `${level} ${g.label} ${countText(g.count)}`,
    ...expectedHeadingLines(g.subgroups, level + 1),
  ]);
}

// --- reading the widget -------------------------------------------------------------------------

export const widget = (page: Page) => page.getByRole('region', { name: 'Customer interactions' });
export const statusOf = (page: Page) => widget(page).getByRole('status');
export const pager = (page: Page) => widget(page).getByRole('navigation', { name: 'Pagination' });

/** Waits until the widget has finished loading and says what it shows. */
export async function waitReady(page: Page) {
  await expect(widget(page)).toHaveAttribute('aria-busy', 'false');
  await expect(statusOf(page)).toHaveText(/Showing|No interactions/);
}

/** The group headings (levels 3 and 4) as "<level> <visible text>" lines, "Upcoming" included. */
export function headingLines(page: Page): Promise<string[]> {
  return widget(page)
    .getByRole('heading')
    .evaluateAll((els) =>
      els
        .map((e) => ({ level: Number(e.tagName.slice(1)), text: (e.textContent ?? '').replace(/\s+/g, ' ').trim() }))
        .filter((h) => h.level >= 3)
        .map((h) => `${h.level} ${h.text}`),
    );
}

/** The article's accessible name as the widget builds it: method, direction and date (browser's Intl). */
export function articleName(page: Page, item: Item): Promise<string> {
  return page.evaluate(
    ({ method, direction, ms }) => {
      const lang = document.documentElement.lang || undefined;
      const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
      return `${method}, ${direction.toLowerCase()}, ${when}`;
    },
    { method: METHOD[item.method] ?? item.method, direction: DIRECTION[item.direction] ?? item.direction, ms: item.ms },
  );
}

/** The `data-id`s of the articles in `scope`, in document order (to compare with API ids). */
export function articleIds(scope: Locator): Promise<string[]> {
  return scope.getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

/**
 * The `data-id`s of every interaction of the page, sorted: "Upcoming" is opened in full first.
 * How many of a page's interactions are upcoming depends on the day the mock was started (its data
 * is relative to now), so a comparison with a whole API page must not depend on "Upcoming" fitting
 * in its first rows.
 */
export async function pageIds(scope: Locator): Promise<string[]> {
  await showAllUpcoming(scope);
  return (await articleIds(scope)).sort();
}

/**
 * The interactions requests this page sends from now on, each query decoded into its parameters.
 * Use it rather than the mock's log when other workers may send the same query at the same time.
 */
export function pageApiRequests(page: Page): URLSearchParams[] {
  const sent: URLSearchParams[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === interactionsPath()) sent.push(url.searchParams);
  });
  return sent;
}

/** The mock's request log (shared by every worker), each query decoded into its parameters. */
export async function requestLog(request: APIRequestContext) {
  const response = await request.get('/__mock/requests');
  expect(response.ok()).toBe(true);
  const log: Array<{ path: string; query: string; status: number | null; fault: string | null; trace_id: string }> =
    await response.json();
  return log.map((entry) => ({ ...entry, params: new URLSearchParams(entry.query) }));
}

/** A small RFC 4180 parser (quoted fields, doubled quotes, CR/LF inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Escapes `s` for use in a RegExp. */
export const re = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
