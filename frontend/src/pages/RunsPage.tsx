// Run history: filter by workflow, status or business key, page through, open a run.
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { listRuns, listWorkflows } from '../api/endpoints';
import { useApi } from '../api/useApi';
import { Pagination } from '../components/Pagination';
import { Empty, ErrorState, Loading } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import '../ops/ops.css';
import { formatDateTime, formatDuration, humanize } from '../lib/format';
import { looksLikeBusinessKey } from '../lib/insights';
import {
  EMPTY_FILTERS,
  ERROR_CLASSES,
  RUN_STATUSES,
  TIME_RANGES,
  filtersFromParams,
  sinceMinutesAgo,
  filtersToParams,
  pageCount,
  runsApiQuery,
  type RunFilters,
} from '../lib/runFilters';

const WORKFLOW_OPTIONS_QUERY = '?limit=200';

export function RunsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = filtersFromParams(params);
  const query = runsApiQuery(filters);
  const runs = useApi(query, (signal) => listRuns(query, signal));
  const workflows = useApi(WORKFLOW_OPTIONS_QUERY, (signal) => listWorkflows(WORKFLOW_OPTIONS_QUERY, signal));

  // Any change of filter starts again at page 1.
  const apply = (change: Partial<RunFilters>): void => setParams(filtersToParams({ ...filters, page: 1, ...change }));
  const filtered = Boolean(
    filters.workflow ||
      filters.status ||
      filters.search ||
      filters.errorClass ||
      filters.since ||
      filters.until ||
      filters.parent,
  );
  const statusIsList = filters.status.includes(',');

  const onSearch = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('search');
    apply({ search: typeof value === 'string' ? value : '' });
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Runs</h1>
          <p className="muted">Every execution, newest first.</p>
        </div>
      </div>
      <div className="card">
        <form className="filters filters--wrap" onSubmit={onSearch} role="search">
          <label className="field field--inline">
            <span>Workflow</span>
            <select
              name="workflow"
              value={filters.workflow}
              onChange={(e) => apply({ workflow: e.target.value })}
              disabled={workflows.loading && !workflows.data}
            >
              <option value="">All workflows</option>
              {workflows.data?.results.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
              {filters.workflow && workflows.data && !workflows.data.results.some((w) => w.id === filters.workflow) ? (
                <option value={filters.workflow}>Workflow {filters.workflow.slice(0, 8)}</option>
              ) : null}
            </select>
          </label>
          <label className="field field--inline">
            <span>Status</span>
            <select name="status" value={filters.status} onChange={(e) => apply({ status: e.target.value })}>
              <option value="">Any status</option>
              {statusIsList ? (
                <option value={filters.status}>{filters.status.split(',').map(humanize).join(' or ')}</option>
              ) : null}
              {RUN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline">
            <span>Error class</span>
            <select
              name="errorClass"
              value={filters.errorClass ?? ''}
              onChange={(e) => apply({ errorClass: e.target.value || undefined })}
            >
              <option value="">Any error</option>
              {ERROR_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {humanize(c)}
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline">
            <span>Created</span>
            <select
              name="range"
              value={filters.since ? (filters.until ? 'custom' : 'since') : ''}
              onChange={(e) => {
                const minutes = Number(e.target.value);
                if (e.target.value === '') apply({ since: undefined, until: undefined });
                else if (Number.isFinite(minutes)) apply({ since: sinceMinutesAgo(minutes), until: undefined });
              }}
            >
              <option value="">Any time</option>
              {filters.since ? (
                <option value={filters.until ? 'custom' : 'since'}>
                  {formatDateTime(filters.since)}
                  {filters.until ? ` – ${formatDateTime(filters.until)}` : ' – now'}
                </option>
              ) : null}
              {TIME_RANGES.map((r) => (
                <option key={r.minutes} value={r.minutes}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline field--grow">
            <span>Business key or run id</span>
            <input
              key={filters.search}
              name="search"
              type="search"
              defaultValue={filters.search}
              placeholder="e.g. XKBKNABJK"
            />
          </label>
          <button type="submit" className="button">
            Search
          </button>
          {filtered ? (
            <button
              type="button"
              className="button button--ghost"
              onClick={() => setParams(filtersToParams(EMPTY_FILTERS))}
            >
              Clear
            </button>
          ) : null}
          {filters.parent ? (
            <span className="chip" data-testid="parent-filter">
              Started by run <Link to={`/runs/${filters.parent}`}>{filters.parent.slice(0, 8)}</Link>
              <button
                type="button"
                className="chip__remove"
                aria-label="Show runs started by any run"
                onClick={() => apply({ parent: undefined })}
              >
                ×
              </button>
            </span>
          ) : null}
          {looksLikeBusinessKey(filters.search) ? (
            <Link className="button button--ghost" to={`/timeline?key=${encodeURIComponent(filters.search.trim())}`}>
              Open timeline
            </Link>
          ) : null}
        </form>

        {runs.loading ? (
          <Loading label="Loading runs…" />
        ) : runs.error && !runs.data ? (
          <ErrorState error={runs.error} onRetry={runs.reload} />
        ) : !runs.data || runs.data.results.length === 0 ? (
          <Empty title={filtered ? 'No runs match these filters' : 'No runs yet'}>
            {filtered
              ? 'Try another status or workflow, or clear the filters.'
              : 'Runs appear here as soon as a webhook, a schedule or a manual start triggers a workflow.'}
          </Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table table--clickable">
                <thead>
                  <tr>
                    <th>Status</th>
                    <th>Workflow</th>
                    <th>Version</th>
                    <th>Business key</th>
                    <th>Mode</th>
                    <th>Started</th>
                    <th className="numeric">Duration</th>
                    <th>Error</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.data.results.map((run) => (
                    <tr key={run.id} data-testid="run-row" onClick={() => navigate(`/runs/${run.id}`)}>
                      <td>
                        <StatusBadge status={run.status} />
                      </td>
                      <td>
                        <Link to={`/runs/${run.id}`} onClick={(e) => e.stopPropagation()} className="strong">
                          {run.workflowName}
                        </Link>
                      </td>
                      <td>
                        {run.versionNumber !== null ? <span className="version">v{run.versionNumber}</span> : '—'}
                      </td>
                      <td>{run.businessKey ? <code>{run.businessKey}</code> : <span className="muted">—</span>}</td>
                      <td>{humanize(run.mode)}</td>
                      <td className="nowrap">{formatDateTime(run.startedAt ?? run.createdAt)}</td>
                      <td className="numeric">{formatDuration(run.durationMs)}</td>
                      <td className="small">
                        {run.error?.code ? <code title={run.error.message}>{run.error.code}</code> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination
              page={filters.page}
              pages={pageCount(runs.data.count)}
              total={runs.data.count}
              onPage={(page) => setParams(filtersToParams({ ...filters, page }))}
            />
          </>
        )}
      </div>
    </>
  );
}
