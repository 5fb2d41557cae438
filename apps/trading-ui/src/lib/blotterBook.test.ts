import { describe, expect, it } from 'vitest';
import type { Trade } from './api';
import { appendOlder, applyExecution, emptyBook, fromNewestPage, mergeNewest, olderPagePath } from './blotterBook';

/** Order n was created n seconds after the epoch of the test: a higher n is newer. */
const order = (n: number, status = 'filled'): Trade => ({
  id: `id-${n}`, client_order_id: `c-${n}`, symbol: 'BTCUSDT', side: 'buy', type: 'market', quantity: 1, limit_price: null,
  status, filled_quantity: 1, average_price: 100, reject_reason: null, created_at: new Date(Date.UTC(2026, 10, 29, 0, 0, 0) + n * 1000).toISOString(),
});
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => order(from - i)); // newest first
const ids = (trades: Trade[]) => trades.map((t) => Number(t.id.slice(3)));

describe('blotter book', () => {
  it('loads the newest page and knows there may be older orders when the page is full', () => {
    const book = fromNewestPage({ items: range(500, 451) }, 50);
    expect(ids(book.rows)).toEqual(ids(range(500, 451)));
    expect(book.hasOlder).toBe(true);
    expect(olderPagePath(book, 50)).toBe(`/api/trades?limit=50&before=${encodeURIComponent(order(451).created_at)}`);
    expect(fromNewestPage({ items: range(10, 1) }, 50).hasOlder).toBe(false);
  });

  it('uses the cursor trading-api sends when there is one', () => {
    const book = fromNewestPage({ items: range(500, 451), next_before: 'opaque-1' }, 50);
    expect(olderPagePath(book, 50)).toBe('/api/trades?limit=50&before=opaque-1');
  });

  it('inserts new orders on top and drops the oldest beyond the bound, which become loadable again', () => {
    let book = fromNewestPage({ items: range(10, 1) }, 50, 12);
    book = mergeNewest(book, range(15, 9), 12);
    expect(ids(book.rows)).toEqual(ids(range(15, 4)));
    expect(book.hasOlder).toBe(true);
    expect(book.olderCursor).toBe(order(4).created_at);
  });

  it('updates known orders in place', () => {
    const book = mergeNewest(fromNewestPage({ items: [order(2, 'pending'), order(1)] }), [order(2, 'filled')]);
    expect(book.rows.map((r) => r.status)).toEqual(['filled', 'filled']);
    expect(applyExecution(book, 'c-1', { status: 'rejected' }).rows[1].status).toBe('rejected');
    expect(applyExecution(book, 'c-unknown', { status: 'rejected' })).toBe(book);
  });

  it('pages older orders and stays bounded by dropping the newest (detached)', () => {
    let book = fromNewestPage({ items: range(500, 451) }, 50, 120);
    book = appendOlder(book, { items: range(450, 401) }, 50, 120);
    book = appendOlder(book, { items: range(400, 351) }, 50, 120);
    expect(book.rows).toHaveLength(120);
    expect(ids(book.rows)[0]).toBe(470);
    expect(ids(book.rows).at(-1)).toBe(351);
    expect(book.detached).toBe(true);
    expect(olderPagePath(book, 50)).toContain(encodeURIComponent(order(351).created_at));
  });

  it('while detached, counts newer orders instead of inserting them', () => {
    let book = fromNewestPage({ items: range(500, 451) }, 50, 60);
    book = appendOlder(book, { items: range(450, 401) }, 50, 60);
    expect(book.detached).toBe(true);
    const before = ids(book.rows);
    book = mergeNewest(book, range(503, 454), 60);
    expect(ids(book.rows)).toEqual(before);
    expect(book.missedNewer).toBe(3 + 40); // 501..503 and the 40 dropped rows 461..500 are newer than what is on screen
    book = mergeNewest(book, range(503, 454), 60);
    expect(book.missedNewer).toBe(43); // the same poll again does not add up
  });

  it('stops paging at a short page', () => {
    let book = fromNewestPage({ items: range(100, 51) }, 50);
    book = appendOlder(book, { items: range(50, 31) }, 50);
    expect(book.rows).toHaveLength(70);
    expect(book.hasOlder).toBe(false);
    expect(olderPagePath(book)).toBeNull();
  });

  it('stops paging when the API ignores `before` and answers the newest orders again', () => {
    const book = fromNewestPage({ items: range(100, 51) }, 50);
    const again = appendOlder(book, { items: range(100, 51) }, 50);
    expect(again.rows).toHaveLength(50);
    expect(again.hasOlder).toBe(false);
    expect(appendOlder(book, { items: [] }, 50).hasOlder).toBe(false);
  });

  it('starts empty with nothing to page', () => {
    expect(olderPagePath(emptyBook)).toBeNull();
  });
});
