// Every workflow with its deployed and latest versions, its last run and its webhook address.
import { Link, useSearchParams } from 'react-router';
import { listWorkflows } from '../api/endpoints';
import { useApi } from '../api/useApi';
import { CopyButton } from '../components/CopyButton';
import { Pagination } from '../components/Pagination';
import { Empty, ErrorState, Loading } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { formatRelative } from '../lib/format';
import { pageCount } from '../lib/runFilters';

const PAGE_SIZE = 50;

/** The API may answer a path or a full URL; people copy a full URL. */
export function absoluteUrl(url: string, origin: string = window.location.origin): string {
  try {
    return new URL(url, origin).toString();
  } catch {
    return url;
  }
}

/** The path is the part that differs between workflows; the host is the same on every row. */
export function hookPath(url: string): string {
  try {
    return new URL(url, 'http://ferry.invalid').pathname;
  } catch {
    return url;
  }
}

export function WorkflowsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = `?limit=${PAGE_SIZE}&offset=${(page - 1) * PAGE_SIZE}`;
  const { data, error, loading, reload } = useApi(query, (signal) => listWorkflows(query, signal));

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Workflows</h1>
          <p className="muted">What Ferry runs for you, and how each last went.</p>
        </div>
        <Link to="/workflows/new" className="button button--primary" data-testid="new-workflow">
          New workflow
        </Link>
      </div>
      <div className="card">
        {loading ? (
          <Loading label="Loading workflows…" />
        ) : error && !data ? (
          <ErrorState error={error} onRetry={reload} />
        ) : !data || data.results.length === 0 ? (
          <Empty title="No workflows yet">
            <Link to="/workflows/new">Create one in the designer</Link>, or run <code>python manage.py seed_demo</code>{' '}
            for a demo.
          </Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Deployed</th>
                    <th>Latest</th>
                    <th>State</th>
                    <th>Last run</th>
                    <th>Webhook URL</th>
                  </tr>
                </thead>
                <tbody>
                  {data.results.map((workflow) => (
                    <tr key={workflow.id} data-testid="workflow-row">
                      <td className="name-cell">
                        <Link to={`/runs?workflow=${encodeURIComponent(workflow.id)}`} className="strong">
                          {workflow.name}
                        </Link>
                        {workflow.description ? <div className="muted small">{workflow.description}</div> : null}
                        <Link to={`/workflows/${workflow.id}/design`} className="small" data-testid="open-designer">
                          Open in designer
                        </Link>
                      </td>
                      <td>
                        {workflow.activeVersion !== null ? (
                          <span className="version">v{workflow.activeVersion}</span>
                        ) : (
                          <span className="muted">Not deployed</span>
                        )}
                      </td>
                      <td>
                        {workflow.latestVersion !== null ? (
                          <span className="version">v{workflow.latestVersion}</span>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {workflow.paused ? (
                          <span className="badge badge--warning">Paused</span>
                        ) : (
                          <span className="badge badge--muted">Active</span>
                        )}
                      </td>
                      <td>
                        {workflow.lastRun ? (
                          <Link to={`/runs/${workflow.lastRun.id}`} className="last-run" data-testid="last-run-link">
                            <StatusBadge status={workflow.lastRun.status} />
                            <span className="muted small">{formatRelative(workflow.lastRun.createdAt)}</span>
                          </Link>
                        ) : (
                          <span className="muted">Never run</span>
                        )}
                      </td>
                      <td>
                        {workflow.hookUrl ? (
                          <div className="hook-url">
                            <code title={absoluteUrl(workflow.hookUrl)}>{hookPath(workflow.hookUrl)}</code>
                            <CopyButton text={absoluteUrl(workflow.hookUrl)} />
                          </div>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {data.count > PAGE_SIZE ? (
              <Pagination
                page={page}
                pages={pageCount(data.count, PAGE_SIZE)}
                total={data.count}
                onPage={(next) => setParams(next > 1 ? { page: String(next) } : {})}
              />
            ) : null}
          </>
        )}
      </div>
    </>
  );
}
