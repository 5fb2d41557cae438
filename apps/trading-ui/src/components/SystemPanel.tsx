import type { HealthReport } from '../lib/api';
import type { ConnectionState } from '../lib/connection';

/** Each service's health as trading-api reports it (/api-health), plus trading-api itself (from the API stream's state). */
export function SystemPanel({ health, api }: { health: HealthReport | null; api: ConnectionState }) {
  const apiStatus = api.kind === 'live' ? 'healthy' : api.kind === 'connecting' ? 'unknown' : 'unhealthy';
  const entries: [string, string, string | undefined][] = [['trading-api', apiStatus, api.kind === 'reconnecting' ? api.reason : undefined]];
  for (const [name, check] of Object.entries(health?.checks ?? {})) entries.push([name, check.status, check.error]);
  return (
    <section className="panel health" data-testid="health">
      <h2>System</h2>
      <ul data-testid="health-panel">
        {entries.map(([name, status, detail]) => (
          <li key={name} data-testid={`health-${name}`} data-status={status} title={detail}>
            <span className={`dot ${status}`} /><span className="name">{name}</span><span className="muted">{status}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
