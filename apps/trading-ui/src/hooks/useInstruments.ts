import { useEffect, useState } from 'react';
import { loadInstruments, type Instrument } from '../lib/instruments';
import { setInstruments } from '../lib/precision';

/**
 * The instruments from GET /api/instruments, asked once (again with backoff while trading-api or the gateway do not
 * answer); null until they arrive. Their precision is registered for formatPrice/formatQuantity before they are returned.
 */
export function useInstruments(): { instruments: Instrument[] | null; error: string | null } {
  const [instruments, setLoaded] = useState<Instrument[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    loadInstruments(abort.signal, (e) => setError(e.message))
      .then((list) => { setInstruments(list); setLoaded(list); setError(null); })
      .catch(() => {}); // aborted: the screen is gone
    return () => abort.abort();
  }, []);
  return { instruments, error };
}
