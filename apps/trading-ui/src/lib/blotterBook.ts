import type { Trade } from './api';

/** Rows the blotter keeps (and so renders) at most. */
export const MAX_ROWS = 200;
/** Orders asked for per page (trading-api allows 1..500). */
export const PAGE_SIZE = 50;

/** A page of GET /api/trades. `next_before`/`next_cursor` are used when trading-api provides them. */
export interface TradesPage { items: Trade[]; total?: number; next_before?: string | null; next_cursor?: string | null }

/**
 * What the blotter shows: at most `MAX_ROWS` orders, newest first. `detached` means older pages were loaded and the
 * newest rows dropped to stay bounded: live orders then only update rows on screen and are counted in `missedNewer`.
 */
export interface BlotterBook { rows: Trade[]; hasOlder: boolean; olderCursor: string | null; detached: boolean; missedNewer: number }

export const emptyBook: BlotterBook = { rows: [], hasOlder: false, olderCursor: null, detached: false, missedNewer: 0 };

const time = (t: Trade) => Date.parse(t.created_at);
const newestFirst = (a: Trade, b: Trade) => time(b) - time(a) || b.id.localeCompare(a.id);

/** The cursor for the page after `page`: trading-api's own if it sends one, else the oldest row's created_at. */
function cursorAfter(page: TradesPage, rows: readonly Trade[]): string | null {
  return page.next_before ?? page.next_cursor ?? rows[rows.length - 1]?.created_at ?? null;
}

/** The book from the newest page (first load, "back to newest", and after a reconnect when detached). */
export function fromNewestPage(page: TradesPage, limit = PAGE_SIZE, max = MAX_ROWS): BlotterBook {
  const rows = [...page.items].sort(newestFirst).slice(0, max);
  const more = page.items.length >= limit || (page.total !== undefined && page.total > rows.length);
  return { rows, hasOlder: more, olderCursor: more ? cursorAfter(page, rows) : null, detached: false, missedNewer: 0 };
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
  const rows = all.slice(0, max);
  return { ...book, rows, hasOlder: true, olderCursor: rows[rows.length - 1].created_at };
}

/** Applies an execution's new status to the row with that client order id (no-op when the order is not on screen). */
export function applyExecution(book: BlotterBook, clientOrderId: string, change: Partial<Trade>): BlotterBook {
  if (!book.rows.some((r) => r.client_order_id === clientOrderId)) return book;
  return { ...book, rows: book.rows.map((r) => (r.client_order_id === clientOrderId ? { ...r, ...change } : r)) };
}

/** The request for the next older page, or null when there is none. */
export function olderPagePath(book: BlotterBook, limit = PAGE_SIZE): string | null {
  if (!book.hasOlder || book.olderCursor === null) return null;
  return `/api/trades?limit=${limit}&before=${encodeURIComponent(book.olderCursor)}`;
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
  const more = page.items.length >= limit;
  return {
    rows,
    hasOlder: more,
    olderCursor: more ? cursorAfter(page, rows) : null,
    detached: book.detached || all.length > max,
    missedNewer: book.missedNewer,
  };
}
