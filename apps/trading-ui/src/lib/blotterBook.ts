import type { Trade } from './api';

/** Rows the blotter keeps (and so renders) at most. */
export const MAX_ROWS = 200;
/** Orders asked for per page (trading-api allows 1..500). */
export const PAGE_SIZE = 50;

/**
 * A page of GET /api/trades, newest first. trading-api sends `next_before`: the opaque cursor for `?before=` to get
 * the next older page, null on the last page. Without that field (an older trading-api), paging falls back to the
 * oldest row's `created_at` and stops at a short page or a page with nothing older.
 */
export interface TradesPage { items: Trade[]; next_before?: string | null }

/**
 * What the blotter shows: at most `MAX_ROWS` orders, newest first. `detached` means older pages were loaded and the
 * newest rows dropped to stay bounded: live orders then only update rows on screen and are counted in `missedNewer`.
 */
export interface BlotterBook { rows: Trade[]; hasOlder: boolean; olderCursor: string | null; detached: boolean; missedNewer: number }

export const emptyBook: BlotterBook = { rows: [], hasOlder: false, olderCursor: null, detached: false, missedNewer: 0 };

const time = (t: Trade) => Date.parse(t.created_at);
const newestFirst = (a: Trade, b: Trade) => time(b) - time(a) || b.id.localeCompare(a.id);

/**
 * The `before` value for the page after `page`: trading-api's `next_before` when the field is there (null: last page);
 * without it, the oldest item's `created_at` when the page was full (a short page is the last).
 */
export function nextCursor(page: TradesPage, limit: number): string | null {
  if ('next_before' in page) return typeof page.next_before === 'string' ? page.next_before : null;
  return page.items.length >= limit ? page.items[page.items.length - 1]?.created_at ?? null : null;
}

const pagePath = (limit: number, cursor: string | null) =>
  cursor === null ? `/api/trades?limit=${limit}` : `/api/trades?limit=${limit}&before=${encodeURIComponent(cursor)}`;

/** The book from the newest page (first load, "back to newest", and after a reconnect when detached). */
export function fromNewestPage(page: TradesPage, limit = PAGE_SIZE, max = MAX_ROWS): BlotterBook {
  const rows = [...page.items].sort(newestFirst).slice(0, max);
  const cursor = rows.length < page.items.length ? null : nextCursor(page, limit);
  return { rows, hasOlder: cursor !== null || rows.length < page.items.length, olderCursor: cursor, detached: false, missedNewer: 0 };
}

/**
 * Merges the newest orders (a refetch or one order just placed): known ids are updated in place, new ones inserted in
 * time order; beyond `max` the oldest rows are dropped and become loadable again. While detached, new ids are only counted (at most one page).
 */
export function mergeNewest(book: BlotterBook, items: readonly Trade[], max = MAX_ROWS): BlotterBook {
  const byId = new Map(items.map((t) => [t.id, t]));
  const updated = book.rows.map((row) => byId.get(row.id) ?? row);
  const known = new Set(book.rows.map((r) => r.id));
  const fresh = items.filter((t) => !known.has(t.id));
  if (book.detached) {
    const newest = book.rows[0];
    const newer = fresh.filter((t) => newest === undefined || time(t) >= time(newest)).length;
    return { ...book, rows: updated, missedNewer: Math.max(book.missedNewer, newer) };
  }
  const all = [...fresh, ...updated].sort(newestFirst);
  if (all.length <= max) return { ...book, rows: all };
  // The dropped rows' cursor is unknown (trading-api's cursor is opaque): the next older page is found by walking.
  return { ...book, rows: all.slice(0, max), hasOlder: true, olderCursor: null };
}

/** Applies an execution's new status to the row with that client order id (no-op when the order is not on screen). */
export function applyExecution(book: BlotterBook, clientOrderId: string, change: Partial<Trade>): BlotterBook {
  if (!book.rows.some((r) => r.client_order_id === clientOrderId)) return book;
  return { ...book, rows: book.rows.map((r) => (r.client_order_id === clientOrderId ? { ...r, ...change } : r)) };
}

/** The request for the next older page when its cursor is known, else null. */
export function olderPagePath(book: BlotterBook, limit = PAGE_SIZE): string | null {
  return book.hasOlder && book.olderCursor !== null ? pagePath(limit, book.olderCursor) : null;
}

/**
 * Fetches the page that continues the book downwards: by its cursor when known; otherwise (rows were dropped at the
 * end) by walking from the newest page until a page reaches below the oldest row, at most `maxPages` requests.
 * Null when there is nothing older to fetch.
 */
export async function fetchOlderPage(book: BlotterBook, fetchPage: (path: string) => Promise<TradesPage>, limit = PAGE_SIZE, maxPages = 12): Promise<TradesPage | null> {
  if (!book.hasOlder) return null;
  if (book.olderCursor !== null) return fetchPage(pagePath(limit, book.olderCursor));
  const oldest = book.rows[book.rows.length - 1];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(pagePath(limit, cursor));
    cursor = nextCursor(page, limit);
    if (oldest === undefined || cursor === null || page.items.some((t) => time(t) < time(oldest))) return page;
  }
  return null;
}

/**
 * Appends an older page. Defensive against an API without `before`: a page that brings no order older than the
 * oldest row (empty, or the newest orders again) ends paging. Beyond `max` the newest rows are dropped (detached).
 */
export function appendOlder(book: BlotterBook, page: TradesPage, limit = PAGE_SIZE, max = MAX_ROWS): BlotterBook {
  const oldest = book.rows[book.rows.length - 1];
  const known = new Set(book.rows.map((r) => r.id));
  const older = page.items.filter((t) => !known.has(t.id) && (oldest === undefined || time(t) <= time(oldest))).sort(newestFirst);
  if (older.length === 0) return { ...book, hasOlder: false, olderCursor: null };
  const all = [...book.rows, ...older];
  const rows = all.length > max ? all.slice(all.length - max) : all;
  const cursor = nextCursor(page, limit);
  return {
    rows,
    hasOlder: cursor !== null,
    olderCursor: cursor,
    detached: book.detached || all.length > max,
    missedNewer: book.missedNewer,
  };
}
