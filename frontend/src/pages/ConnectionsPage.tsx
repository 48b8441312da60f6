// Connections' health: last check, last success and error, calls through them, limits and the
// budget in use now, and pause / resume / test now.
import { useState } from 'react';
import { userMessage } from '../api/client';
import {
  checkConnection,
  connectionLimits,
  connectionsHealth,
  setConnectionPaused,
  type ConnectionBudget,
  type ConnectionHealth,
} from '../api/ops';
import { useApi } from '../api/useApi';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatDateTime, formatRelative } from '../lib/format';
import { milliseconds } from '../lib/ops';
import { ConfirmDialog } from '../ops/ConfirmDialog';
import { useLiveReload } from '../ops/useWorkflowsEvents';
import '../ops/ops.css';

function Limits({ id }: { id: string }) {
  const limits = useApi(`limits:${id}`, (signal) => connectionLimits(id, signal));
  if (!limits.data) return <span className="muted">{limits.error ? '—' : '…'}</span>;
  const { maxInFlight, callsPerSecond } = limits.data;
  if (maxInFlight === null && callsPerSecond === null) return <span className="muted">No limit</span>;
  return (
    <span>
      {maxInFlight !== null ? `${maxInFlight} at once` : ''}
      {maxInFlight !== null && callsPerSecond !== null ? ' · ' : ''}
      {callsPerSecond !== null ? `${callsPerSecond}/s` : ''}
    </span>
  );
}

// What the limits allow against what is used now, e.g. "in flight 2 / 4, 3 calls/s of 10".
function budgetText(budget: ConnectionBudget): string {
  const inFlight = `in flight ${budget.inFlight}${budget.maxInFlight !== null ? ` / ${budget.maxInFlight}` : ''}`;
  if (budget.callsPerSecond === null) return inFlight;
  return `${inFlight}, ${budget.callsLastSecond} calls/s of ${budget.callsPerSecond}`;
}

function Health({ health }: { health: ConnectionHealth }) {
  if (health.lastOk === null) return <span className="badge badge--neutral">Not checked</span>;
  return (
    <span className={`badge badge--${health.lastOk ? 'success' : 'danger'}`} title={health.lastError || undefined}>
      <span className="badge__dot" aria-hidden="true" />
      {health.lastOk ? 'Healthy' : 'Failing'}
    </span>
  );
}

export function ConnectionsPage() {
  const list = useApi('connections-health', (signal) => connectionsHealth(signal));
  const [busy, setBusy] = useState<string | null>(null);
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [pausing, setPausing] = useState<ConnectionHealth | null>(null);
  useLiveReload(list.reload, 1000, 30_000);

  const act = async (id: string, work: () => Promise<ConnectionHealth>, done: (h: ConnectionHealth) => string) => {
    setBusy(id);
    try {
      const health = await work();
      setMessages((m) => ({ ...m, [id]: done(health) }));
      list.reload();
    } catch (error) {
      setMessages((m) => ({ ...m, [id]: userMessage(error) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Connections</h1>
          <p className="muted">
            Health of every system Ferry talks to. Pausing holds runs; events keep being accepted.
          </p>
        </div>
      </div>
      <div className="card">
        {list.loading && !list.data ? (
          <Loading label="Loading connections…" />
        ) : list.error && !list.data ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : !list.data || list.data.length === 0 ? (
          <Empty title="No connections">Connections are created from the designer when a node needs credentials.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Connection</th>
                  <th>Health</th>
                  <th>Last success</th>
                  <th>Last error</th>
                  <th className="numeric">Calls</th>
                  <th className="numeric">Mean</th>
                  <th>Rate limit</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.data.map((c) => (
                  <tr key={c.connectionId} data-testid="connection-row">
                    <td>
                      <div className="strong">{c.name}</div>
                      {c.paused ? <span className="badge badge--warning">Paused</span> : null}
                      {messages[c.connectionId] ? (
                        <div className="small muted" role="status">
                          {messages[c.connectionId]}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <Health health={c} />
                      <div className="small muted">checked {formatRelative(c.lastCheckedAt)}</div>
                    </td>
                    <td className="nowrap" title={formatDateTime(c.lastSuccessAt ?? c.calls.lastSucceededAt)}>
                      {formatRelative(c.lastSuccessAt ?? c.calls.lastSucceededAt)}
                    </td>
                    <td>
                      {c.lastError ? (
                        <span className="text-danger small">{c.lastError}</span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                      {c.calls.lastFailedAt ? (
                        <div className="small muted">a call failed {formatRelative(c.calls.lastFailedAt)}</div>
                      ) : null}
                    </td>
                    <td className="numeric">
                      {c.calls.total}
                      {c.calls.failed ? <span className="text-danger"> ({c.calls.failed} failed)</span> : null}
                    </td>
                    <td className="numeric">{milliseconds(c.calls.meanMs)}</td>
                    <td>
                      <Limits id={c.connectionId} />
                      {c.budget ? (
                        <div className="small muted" data-testid="connection-budget">
                          {budgetText(c.budget)}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button button--small"
                          disabled={busy === c.connectionId}
                          onClick={() =>
                            void act(
                              c.connectionId,
                              () => checkConnection(c.connectionId),
                              (h) => (h.lastOk ? 'Test passed.' : `Test failed: ${h.lastError}`),
                            )
                          }
                        >
                          Test
                        </button>
                        {c.paused ? (
                          <button
                            type="button"
                            className="button button--small button--primary"
                            disabled={busy === c.connectionId}
                            onClick={() =>
                              void act(
                                c.connectionId,
                                () => setConnectionPaused(c.connectionId, false),
                                () => 'Resumed.',
                              )
                            }
                          >
                            Resume
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button button--small"
                            disabled={busy === c.connectionId}
                            onClick={() => setPausing(c)}
                          >
                            Pause
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {pausing ? (
        <ConfirmDialog
          title="Pause connection"
          message={`Pause ${pausing.name}? Runs that call it wait until it is resumed; events keep being accepted.`}
          confirmLabel="Pause"
          onConfirm={async () => {
            const target = pausing;
            setPausing(null);
            await act(
              target.connectionId,
              () => setConnectionPaused(target.connectionId, true),
              () => 'Paused.',
            );
          }}
          onCancel={() => setPausing(null)}
        />
      ) : null}
    </>
  );
}
