// The operators' home: runs, failures, latency, dead letters and backlog per workflow and overall,
// over 1 h / 24 h / 7 d, refreshed when run events arrive and by a slow poll.
import { Link, useSearchParams } from 'react-router';
import { listWorkflows } from '../api/endpoints';
import { listDeadLetters, statsOverview, type StatsOverview, type StatsWindow } from '../api/ops';
import { useApi } from '../api/useApi';
import { Empty, ErrorState, Loading } from '../components/States';
import { failuresOf, milliseconds, percent } from '../lib/ops';
import { TimeChart } from '../ops/TimeChart';
import { useLiveReload, useWorkflowsEvents } from '../ops/useWorkflowsEvents';
import '../ops/ops.css';

const WINDOWS: { value: StatsWindow; label: string }[] = [
  { value: '1h', label: '1 hour' },
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
];
const WORKFLOWS_QUERY = '?limit=200';
const SETTLE_MS = 1000;
const POLL_MS = 30_000;

function Tile({
  label,
  value,
  hint,
  tone,
  to,
}: {
  label: string;
  value: string;
  hint?: string;
  tone?: string;
  to?: string;
}) {
  const body = (
    <>
      <span className="tile__label">{label}</span>
      <span className="tile__value">{value}</span>
      {hint ? <span className="tile__hint">{hint}</span> : null}
    </>
  );
  return to ? (
    <Link to={to} className={`tile tile--link${tone ? ` tile--${tone}` : ''}`} data-testid={`tile-${label}`}>
      {body}
    </Link>
  ) : (
    <div className={`tile${tone ? ` tile--${tone}` : ''}`} data-testid={`tile-${label}`}>
      {body}
    </div>
  );
}

/** Open dead letters, read from the queue itself (a parked run keeps the status "failed"). */
function parkedQuery(workflow: string): string {
  return `?limit=1${workflow ? `&workflow=${workflow}` : ''}`;
}

function Overview({ stats, workflow, parked }: { stats: StatsOverview; workflow: string; parked: number | undefined }) {
  const times = stats.series.map((p) => p.at);
  const perMinute = (n: number): number => n / Math.max(1, stats.bucketMinutes);
  const rates = stats.series.map((p) => {
    const judged = p.succeeded + failuresOf(p);
    return judged ? (p.succeeded / judged) * 100 : null;
  });
  const deadTo = `/errors${workflow ? `?workflow=${workflow}` : ''}`;
  return (
    <>
      <div className="tiles">
        <Tile label="Runs finished" value={String(stats.totals.finished)} hint={`${stats.window} window`} />
        <Tile
          label="Success rate"
          value={percent(stats.successRate)}
          tone={stats.successRate !== null && stats.successRate < 0.95 ? 'danger' : undefined}
        />
        <Tile label="Latency p50" value={milliseconds(stats.latencyMs.p50)} />
        <Tile label="Latency p95" value={milliseconds(stats.latencyMs.p95)} />
        <Tile
          label="Failed"
          value={String(stats.failed)}
          tone={stats.failed > 0 ? 'danger' : undefined}
          to={`/runs?status=failed${workflow ? `&workflow=${workflow}` : ''}`}
        />
        <Tile
          label="Dead letters"
          value={parked === undefined ? '…' : String(parked)}
          hint="open in the error console"
          tone={parked ? 'danger' : undefined}
          to={deadTo}
        />
        <Tile
          label="Backlog"
          value={String(stats.backlog.total)}
          hint={`${stats.backlog.queued} queued · ${stats.backlog.running} running · ${stats.backlog.retryWait} waiting${
            stats.backlog.oldestAgeSeconds ? ` · oldest ${Math.round(stats.backlog.oldestAgeSeconds)} s` : ''
          }`}
        />
        <Tile
          label="Retry / rate-limit waits"
          value={String(stats.retryWaits)}
          tone={stats.retryWaits > 0 ? 'warning' : undefined}
        />
      </div>
      <div className="charts">
        <TimeChart
          title="Runs per minute"
          kind="bars"
          times={times}
          bucketMinutes={stats.bucketMinutes}
          series={[
            { label: 'Succeeded', tone: 'success', values: stats.series.map((p) => perMinute(p.succeeded)) },
            { label: 'Failed', tone: 'danger', values: stats.series.map((p) => perMinute(failuresOf(p))) },
          ]}
        />
        <TimeChart
          title="Failures"
          kind="bars"
          times={times}
          bucketMinutes={stats.bucketMinutes}
          series={[
            { label: 'Failed', tone: 'warning', values: stats.series.map((p) => p.failed) },
            { label: 'Dead-lettered', tone: 'danger', values: stats.series.map((p) => p.dead_lettered) },
          ]}
        />
        <TimeChart
          title="Success rate"
          kind="line"
          times={times}
          bucketMinutes={stats.bucketMinutes}
          format={(v) => `${Math.round(v)}%`}
          series={[{ label: 'Success %', tone: 'info', values: rates }]}
        />
        <TimeChart
          title="Latency p50 / p95"
          kind="line"
          times={times}
          bucketMinutes={stats.bucketMinutes}
          format={milliseconds}
          series={[
            { label: 'p50', tone: 'success', values: stats.series.map((p) => p.p50Ms) },
            { label: 'p95', tone: 'warning', values: stats.series.map((p) => p.p95Ms) },
          ]}
        />
        <TimeChart
          title="Backlog, waits and dead letters"
          kind="line"
          times={stats.gauges.map((g) => g.at)}
          bucketMinutes={stats.bucketMinutes}
          series={[
            { label: 'Backlog', tone: 'info', values: stats.gauges.map((g) => g.backlog) },
            { label: 'Retry / rate-limit waits', tone: 'warning', values: stats.gauges.map((g) => g.retryWaits) },
            { label: 'Dead letters', tone: 'danger', values: stats.gauges.map((g) => g.deadLetters) },
          ]}
        />
      </div>
    </>
  );
}

function WorkflowTable({ window, ids, names }: { window: StatsWindow; ids: string[]; names: Map<string, string> }) {
  const key = `per-workflow:${window}:${ids.join(',')}`;
  const rows = useApi(key, (signal) => Promise.all(ids.map((id) => statsOverview(window, id, signal))));
  const parked = useApi(`parked-by-workflow:${ids.join(',')}`, (signal) =>
    Promise.all(ids.map((id) => listDeadLetters(parkedQuery(id), signal).then((page) => page.count))),
  );
  if (rows.loading && !rows.data) return <Loading label="Loading workflows…" />;
  if (rows.error && !rows.data) return <ErrorState error={rows.error} onRetry={rows.reload} />;
  if (!rows.data || rows.data.length === 0) return <Empty title="No workflows yet" />;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>Workflow</th>
            <th className="numeric">Finished</th>
            <th className="numeric">Runs/min</th>
            <th className="numeric">Success</th>
            <th className="numeric">p50</th>
            <th className="numeric">p95</th>
            <th className="numeric">Dead letters</th>
            <th className="numeric">Backlog</th>
            <th className="numeric">Waits</th>
          </tr>
        </thead>
        <tbody>
          {rows.data.map((s, i) => {
            const id = ids[i] ?? '';
            const minutes = Math.max(1, s.series.length * s.bucketMinutes);
            return (
              <tr key={id} data-testid="workflow-stats">
                <td>
                  <Link to={`/dashboard?workflow=${id}&window=${window}`} className="strong">
                    {names.get(id) ?? id}
                  </Link>
                </td>
                <td className="numeric">{s.totals.finished}</td>
                <td className="numeric">{(s.totals.finished / minutes).toFixed(2)}</td>
                <td className="numeric">{percent(s.successRate)}</td>
                <td className="numeric">{milliseconds(s.latencyMs.p50)}</td>
                <td className="numeric">{milliseconds(s.latencyMs.p95)}</td>
                <td className="numeric">
                  {(parked.data?.[i] ?? 0) > 0 ? (
                    <Link to={`/errors?workflow=${id}`} className="text-danger">
                      {parked.data?.[i]}
                    </Link>
                  ) : (
                    0
                  )}
                </td>
                <td className="numeric">{s.backlog.total}</td>
                <td className="numeric">{s.retryWaits}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const window = (WINDOWS.find((w) => w.value === params.get('window'))?.value ?? '1h') as StatsWindow;
  const workflow = params.get('workflow') ?? '';
  const workflows = useApi(WORKFLOWS_QUERY, (signal) => listWorkflows(WORKFLOWS_QUERY, signal));
  const stats = useApi(`stats:${window}:${workflow}`, (signal) => statsOverview(window, workflow, signal));
  const parked = useApi(`parked:${workflow}`, (signal) => listDeadLetters(parkedQuery(workflow), signal));
  const ids = workflows.data?.results.map((w) => w.id) ?? [];
  const names = new Map(workflows.data?.results.map((w) => [w.id, w.name]) ?? []);

  const reloadAll = (): void => {
    stats.reload();
    parked.reload();
  };
  const refresh = useLiveReload(reloadAll, SETTLE_MS, POLL_MS);
  useWorkflowsEvents(workflow ? [workflow] : ids, refresh);

  const set = (change: Record<string, string>): void => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Dashboard</h1>
          <p className="muted">Live: refreshed as runs finish, and every 30 seconds.</p>
        </div>
        <div className="toolbar">
          <select
            aria-label="Workflow"
            value={workflow}
            onChange={(e) => set({ workflow: e.target.value })}
            disabled={!workflows.data}
          >
            <option value="">All workflows</option>
            {workflows.data?.results.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          <div className="segmented" role="group" aria-label="Time window">
            {WINDOWS.map((w) => (
              <button
                key={w.value}
                type="button"
                className={w.value === window ? 'is-active' : ''}
                aria-pressed={w.value === window}
                onClick={() => set({ window: w.value })}
              >
                {w.label}
              </button>
            ))}
          </div>
        </div>
      </div>
      <div className="card tour-offer" data-testid="tour-offer">
        <div>
          <strong>New to Ferry?</strong>{' '}
          <span className="muted">
            Place an order in the sandbox shop and follow it into Infor and back, step by step.
          </span>
        </div>
        <Link to="/tour" className="button button--primary">
          Take the guided tour
        </Link>
      </div>
      <div className="card">
        {stats.loading && !stats.data ? (
          <Loading label="Loading statistics…" />
        ) : stats.error && !stats.data ? (
          <ErrorState error={stats.error} onRetry={stats.reload} />
        ) : stats.data ? (
          <Overview stats={stats.data} workflow={workflow} parked={parked.data?.count} />
        ) : null}
      </div>
      {!workflow ? (
        <div className="card">
          <h2 className="card__title">Per workflow</h2>
          {workflows.error && !workflows.data ? (
            <ErrorState error={workflows.error} onRetry={workflows.reload} />
          ) : !workflows.data ? (
            <Loading label="Loading workflows…" />
          ) : (
            <WorkflowTable window={window} ids={ids} names={names} />
          )}
        </div>
      ) : null}
    </>
  );
}
