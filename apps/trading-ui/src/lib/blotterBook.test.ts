import { describe, expect, it } from 'vitest';
import type { Trade } from './api';
import { appendOlder, applyExecution, emptyBook, fetchOlderPage, fromNewestPage, mergeNewest, olderPagePath, type TradesPage } from './blotterBook';

/** Order n was created n seconds after a fixed instant: a higher n is newer. */
const order = (n: number, status = 'filled'): Trade => ({
  id: `id-${String(n).padStart(4, '0')}`, client_order_id: `c-${n}`, symbol: 'BTCUSDT', side: 'buy', type: 'market', quantity: 1, limit_price: null,
  status, filled_quantity: 1, average_price: 100, reject_reason: null, created_at: new Date(Date.UTC(2026, 10, 29, 0, 0, 0) + n * 1000).toISOString(),
});
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => order(from - i)); // newest first
const ids = (trades: Trade[]) => trades.map((t) => Number(t.id.slice(3)));

/**
 * GET /api/trades over orders 1..count, as trading-api answers it: `cursor` mode sends an opaque next_before
 * (null on the last page) and refuses any other `before`; `legacy` mode has no next_before and takes created_at.
 */
function fakeApi(count: number, mode: 'cursor' | 'legacy') {
  const all = range(count, 1);
  const paths: string[] = [];
  const fetchPage = async (path: string): Promise<TradesPage> => {
    paths.push(path);
    const query = new URL(path, 'http://x').searchParams;
    const limit = Number(query.get('limit'));
    const before = query.get('before');
    let start = 0;
    if (before !== null) {
      if (mode === 'cursor') {
        const id = atob(before);
        start = all.findIndex((t) => t.id === id) + 1;
        if (start === 0) throw new Error('HTTP 422: before must be the next_before value of a previous page');
      } else {
        start = all.findIndex((t) => t.created_at < before);
        if (start < 0) start = all.length;
      }
    }
    const items = all.slice(start, start + limit);
    if (mode === 'legacy') return { items };
    const more = start + limit < all.length;
    return { items, next_before: more ? btoa(items[items.length - 1].id) : null };
  };
  return { fetchPage, paths };
}

/** Loads the newest page, then older pages until there are none; returns the book and every id seen on the way. */
async function pageToTheEnd(api: ReturnType<typeof fakeApi>, limit: number, max: number) {
  let book = fromNewestPage(await api.fetchPage(`/api/trades?limit=${limit}`), limit, max);
  const seen = new Set(ids(book.rows));
  for (let i = 0; i < 100 && book.hasOlder; i++) {
    const page = await fetchOlderPage(book, api.fetchPage, limit);
    book = page === null ? { ...book, hasOlder: false } : appendOlder(book, page, limit, max);
    ids(book.rows).forEach((id) => seen.add(id));
    expect(book.rows.length).toBeLessThanOrEqual(max);
  }
  return { book, seen };
}

describe('blotter book', () => {
  for (const mode of ['cursor', 'legacy'] as const) {
    it(`pages through all 500 orders with at most 200 rows kept (${mode} paging)`, async () => {
      const api = fakeApi(500, mode);
      const { book, seen } = await pageToTheEnd(api, 50, 200);
      expect(seen.size).toBe(500);
      expect(book.rows).toHaveLength(200);
      expect(ids(book.rows).at(-1)).toBe(1);
      expect(book.detached).toBe(true);
      expect(book.hasOlder).toBe(false);
    });
  }

  it("sends trading-api's cursor unchanged", () => {
    const book = fromNewestPage({ items: range(500, 451), next_before: 'opaque/1+' }, 50);
    expect(olderPagePath(book, 50)).toBe(`/api/trades?limit=50&before=${encodeURIComponent('opaque/1+')}`);
  });

  it('knows the last page by next_before null, even when the page is full', () => {
    const book = fromNewestPage({ items: range(50, 1), next_before: null }, 50);
    expect(book.hasOlder).toBe(false);
  });

  it('falls back to created_at and a full page when trading-api sends no cursor', () => {
    const book = fromNewestPage({ items: range(500, 451) }, 50);
    expect(olderPagePath(book, 50)).toBe(`/api/trades?limit=50&before=${encodeURIComponent(order(451).created_at)}`);
    expect(fromNewestPage({ items: range(10, 1) }, 50).hasOlder).toBe(false);
  });

  it('inserts new orders on top and drops the oldest beyond the bound, which become loadable again', () => {
    let book = fromNewestPage({ items: range(10, 1), next_before: null }, 50, 12);
    book = mergeNewest(book, range(15, 9), 12);
    expect(ids(book.rows)).toEqual(ids(range(15, 4)));
    expect(book.hasOlder).toBe(true);
  });

  it('finds the page below dropped rows by walking from the newest page', async () => {
    const api = fakeApi(300, 'cursor');
    let book = fromNewestPage(await api.fetchPage('/api/trades?limit=50'), 50, 55); // 300..251
    book = mergeNewest(book, range(310, 290), 55); // ten new orders: the five oldest rows are dropped
    expect(ids(book.rows).at(-1)).toBe(256);
    expect(book.hasOlder).toBe(true);
    expect(book.olderCursor).toBeNull();
    const api2 = fakeApi(310, 'cursor');
    const page = await fetchOlderPage(book, api2.fetchPage, 50);
    expect(api2.paths).toEqual(['/api/trades?limit=50', `/api/trades?limit=50&before=${encodeURIComponent(btoa(order(261).id))}`]);
    book = appendOlder(book, page!, 50, 55);
    expect(ids(book.rows).at(-1)).toBe(211);
    expect(ids(book.rows)[0]).toBe(265);
    expect(book.rows).toHaveLength(55);
    expect(olderPagePath(book, 50)).toBe(`/api/trades?limit=50&before=${encodeURIComponent(btoa(order(211).id))}`);
  });

  it('updates known orders in place', () => {
    const book = mergeNewest(fromNewestPage({ items: [order(2, 'resting'), order(1)] }), [order(2, 'filled')]);
    expect(book.rows.map((r) => r.status)).toEqual(['filled', 'filled']);
    expect(applyExecution(book, 'c-1', { status: 'cancelled' }).rows[1].status).toBe('cancelled');
    expect(applyExecution(book, 'c-unknown', { status: 'cancelled' })).toBe(book);
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

  it('stops paging when the API ignores `before` and answers the newest orders again', () => {
    const book = fromNewestPage({ items: range(100, 51) }, 50);
    const again = appendOlder(book, { items: range(100, 51) }, 50);
    expect(again.rows).toHaveLength(50);
    expect(again.hasOlder).toBe(false);
    expect(appendOlder(book, { items: [] }, 50).hasOlder).toBe(false);
  });

  it('starts empty with nothing to page', async () => {
    expect(olderPagePath(emptyBook)).toBeNull();
    expect(await fetchOlderPage(emptyBook, async () => { throw new Error('no request expected'); })).toBeNull();
  });
});
