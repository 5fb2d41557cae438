import { session } from './session';

/** An order as trading-api returns it (GET/POST /api/trades); times are ISO 8601 UTC. */
export interface Trade {
  id: string; client_order_id: string; symbol: string; side: string; type: string; quantity: number; limit_price: number | null;
  status: string; filled_quantity: number; average_price: number | null; reject_reason: string | null; created_at: string;
}

export interface HealthReport { status: string; checks: Record<string, { status: string; latency_ms: number; error?: string }> }

/** GET a JSON document with the session's token; throws with the status on failure (a 401 also ends the session). */
export async function getJson<T>(path: string): Promise<T> {
  const response = await session.authFetch(path);
  if (!response.ok) throw new Error(`GET ${path} → HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** POST JSON with the session's token; returns the status and the parsed body (or undefined when the body is not JSON). */
export async function postJson(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await session.authFetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  let parsed: unknown;
  try { parsed = await response.json(); } catch { parsed = undefined; }
  return { status: response.status, body: parsed };
}
