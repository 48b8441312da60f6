// Bindings: the id pairs joining the shop and Infor, with filters, search, create and delete, and
// the queue of ids no binding answered yet, resolved by entering the other system's id.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { userMessage } from '../api/client';
import {
  BINDING_KINDS,
  createBinding,
  deleteBinding,
  listBindings,
  listUnresolved,
  resolveUnresolved,
  type Binding,
  type UnresolvedEntry,
} from '../api/ops';
import { useApi } from '../api/useApi';
import { Pagination } from '../components/Pagination';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatDateTime, formatRelative, humanize } from '../lib/format';
import { ConfirmDialog } from '../ops/ConfirmDialog';
import '../ops/ops.css';

const PAGE = 50;

/** The API query for the current filters (kind, scope, search) and page. */
export function bindingsQuery(params: URLSearchParams, page: number, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const name of ['kind', 'scope', 'search']) {
    const value = params.get(name)?.trim();
    if (value) query.set(name, value);
  }
  for (const [k, v] of Object.entries(extra)) query.set(k, v);
  query.set('limit', String(PAGE));
  query.set('offset', String((page - 1) * PAGE));
  return `?${query.toString()}`;
}

function NewBinding({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState({ kind: 'product', scope: 'default', shopId: '', inforId: '' });
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      await createBinding(form);
      setForm((f) => ({ ...f, shopId: '', inforId: '' }));
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form className="filters" onSubmit={(e) => void submit(e)} aria-label="New binding">
      <label className="field field--inline">
        <span>Kind</span>
        <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
          {BINDING_KINDS.map((k) => (
            <option key={k} value={k}>
              {humanize(k)}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--inline">
        <span>Scope</span>
        <input value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value })} />
      </label>
      <label className="field field--inline">
        <span>Shop id</span>
        <input value={form.shopId} onChange={(e) => setForm({ ...form, shopId: e.target.value })} required />
      </label>
      <label className="field field--inline">
        <span>Infor id</span>
        <input value={form.inforId} onChange={(e) => setForm({ ...form, inforId: e.target.value })} required />
      </label>
      <button type="submit" className="button button--primary">
        Add binding
      </button>
      {error ? (
        <span className="text-danger small" role="alert">
          {userMessage(error)}
        </span>
      ) : null}
    </form>
  );
}

function ResolveForm({ entry, onResolved }: { entry: UnresolvedEntry; onResolved: () => void }) {
  const [other, setOther] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      await resolveUnresolved(entry.id, other.trim());
      onResolved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form className="row-actions" onSubmit={(e) => void submit(e)} aria-label={`Resolve ${entry.value}`}>
      <input
        className="inline-select"
        value={other}
        onChange={(e) => setOther(e.target.value)}
        placeholder={entry.side === 'shop' ? 'Infor id' : 'Shop id'}
        aria-label={entry.side === 'shop' ? 'Infor id' : 'Shop id'}
        required
      />
      <button type="submit" className="button button--small button--primary">
        Resolve
      </button>
      {error ? (
        <span className="text-danger small" role="alert">
          {userMessage(error)}
        </span>
      ) : null}
    </form>
  );
}

function Unresolved({ params }: { params: URLSearchParams }) {
  const query = bindingsQuery(params, 1);
  const entries = useApi(`unresolved:${query}`, (signal) => listUnresolved(query, signal));
  if (entries.loading && !entries.data) return <Loading label="Loading the queue…" />;
  if (entries.error && !entries.data) return <ErrorState error={entries.error} onRetry={entries.reload} />;
  if (!entries.data || entries.data.results.length === 0)
    return <Empty title="Nothing waits for a binding">Ids a run could not match show up here.</Empty>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Unmatched id</th>
            <th>What the run knew</th>
            <th className="numeric">Seen</th>
            <th>Last seen</th>
            <th>Resolve with</th>
          </tr>
        </thead>
        <tbody>
          {entries.data.results.map((entry) => (
            <tr key={entry.id} data-testid="unresolved-row">
              <td>
                {humanize(entry.kind)}
                <div className="small muted">{entry.scope}</div>
              </td>
              <td>
                <code>{entry.value}</code>
                <div className="small muted">{entry.side === 'shop' ? 'shop id' : 'Infor id'}</div>
              </td>
              <td className="small">
                {Object.entries(entry.context)
                  .slice(0, 4)
                  .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
                  .join(' · ') || '—'}
                {entry.runIds.length ? (
                  <div>
                    <Link to={`/runs/${entry.runIds[entry.runIds.length - 1]}`}>last run</Link>
                  </div>
                ) : null}
              </td>
              <td className="numeric">{entry.count}</td>
              <td className="nowrap" title={formatDateTime(entry.lastSeen)}>
                {formatRelative(entry.lastSeen)}
              </td>
              <td>
                <ResolveForm entry={entry} onResolved={entries.reload} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BindingsPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'unresolved' ? 'unresolved' : 'bindings';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = bindingsQuery(params, page);
  const bindings = useApi(`bindings:${query}`, (signal) => listBindings(query, signal));
  const [removing, setRemoving] = useState<Binding | null>(null);

  const set = (change: Record<string, string>): void => {
    const next = new URLSearchParams(params);
    next.delete('page');
    for (const [k, v] of Object.entries(change)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const onSearch = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('search');
    set({ search: typeof value === 'string' ? value : '' });
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Bindings</h1>
          <p className="muted">
            Which shop id is which Infor id: orders, customers, products, addresses, carriers, states.
          </p>
        </div>
      </div>
      <nav className="tabs card" aria-label="Binding sections" style={{ marginBottom: 16 }}>
        <button type="button" className={tab === 'bindings' ? 'is-active' : ''} onClick={() => set({ tab: '' })}>
          Bindings
        </button>
        <button
          type="button"
          className={tab === 'unresolved' ? 'is-active' : ''}
          onClick={() => set({ tab: 'unresolved' })}
        >
          Unresolved queue
        </button>
      </nav>
      <div className="card">
        <form className="filters" role="search" onSubmit={onSearch}>
          <label className="field field--inline">
            <span>Kind</span>
            <select value={params.get('kind') ?? ''} onChange={(e) => set({ kind: e.target.value })}>
              <option value="">Every kind</option>
              {BINDING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {humanize(k)}
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline">
            <span>Scope</span>
            <input
              key={params.get('scope') ?? ''}
              defaultValue={params.get('scope') ?? ''}
              onBlur={(e) => set({ scope: e.target.value })}
              placeholder="default"
            />
          </label>
          <label className="field field--inline field--grow">
            <span>Search either id</span>
            <input
              key={params.get('search') ?? ''}
              name="search"
              type="search"
              defaultValue={params.get('search') ?? ''}
            />
          </label>
          <button type="submit" className="button">
            Search
          </button>
        </form>
        {tab === 'unresolved' ? (
          <Unresolved params={params} />
        ) : (
          <>
            <NewBinding onCreated={bindings.reload} />
            {bindings.loading && !bindings.data ? (
              <Loading label="Loading bindings…" />
            ) : bindings.error && !bindings.data ? (
              <ErrorState error={bindings.error} onRetry={bindings.reload} />
            ) : !bindings.data || bindings.data.results.length === 0 ? (
              <Empty title="No bindings match">Runs record bindings as they create things in either system.</Empty>
            ) : (
              <>
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th>Kind</th>
                        <th>Shop id</th>
                        <th>Infor id</th>
                        <th>Scope</th>
                        <th>Recorded by</th>
                        <th>Created</th>
                        <th />
                      </tr>
                    </thead>
                    <tbody>
                      {bindings.data.results.map((b) => (
                        <tr key={b.id} data-testid="binding-row">
                          <td>{humanize(b.kind)}</td>
                          <td>
                            <code>{b.shopId}</code>
                          </td>
                          <td>
                            <code>{b.inforId}</code>
                          </td>
                          <td className="small">{b.scope}</td>
                          <td>{b.sourceRunId ? <Link to={`/runs/${b.sourceRunId}`}>a run</Link> : 'a person'}</td>
                          <td className="nowrap">{formatDateTime(b.createdAt)}</td>
                          <td>
                            <div className="row-actions">
                              <button
                                type="button"
                                className="button button--small button--ghost"
                                onClick={() => setRemoving(b)}
                              >
                                Delete
                              </button>
                            </div>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pagination
                  page={page}
                  pages={Math.max(1, Math.ceil(bindings.data.count / PAGE))}
                  total={bindings.data.count}
                  onPage={(p) => {
                    const next = new URLSearchParams(params);
                    next.set('page', String(p));
                    setParams(next);
                  }}
                />
              </>
            )}
          </>
        )}
      </div>
      {removing ? (
        <ConfirmDialog
          title="Delete binding"
          message={`Delete the ${humanize(removing.kind).toLowerCase()} binding ${removing.shopId} ↔ ${removing.inforId}? Runs that meet either id will queue it as unresolved.`}
          confirmLabel="Delete"
          danger
          onConfirm={async () => {
            await deleteBinding(removing.id);
            setRemoving(null);
            bindings.reload();
          }}
          onCancel={() => setRemoving(null)}
        />
      ) : null}
    </>
  );
}
