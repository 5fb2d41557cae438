import type { HealthReport } from '../lib/api';

/** Each service's health as trading-api reports it (/api-health), plus trading-api itself. */
export function SystemPanel({ health, error }: { health: HealthReport | null; error: string | null }) {
  const entries: [string, string, string | undefined][] = [['trading-api', error ? 'unhealthy' : health ? 'healthy' : 'unknown', error ?? undefined]];
  for (const [name, check] of Object.entries(health?.checks ?? {})) entries.push([name, check.status, check.error]);
  return (
    <section className="panel">
      <h2>System</h2>
      <ul className="health" data-testid="health-panel">
        {entries.map(([name, status, detail]) => (
          <li key={name} data-testid={`health-${name}`} data-status={status} title={detail}><span className={`dot ${status}`} />{name}: {status}</li>
        ))}
      </ul>
    </section>
  );
}
