// /alerts/<incident id>: what an alert was about — the rule, its value, when it opened and
// resolved, whether it was sent, and links to the runs or connection it concerns.
import { Link, useParams } from 'react-router';
import { getIncident, getRule } from '../../api/ops';
import { useApi } from '../../api/useApi';
import { Empty, ErrorState, Loading } from '../../components/States';
import { formatDateTime, formatDuration } from '../../lib/format';
import { affectedRunsQuery, describeRule, ruleKindLabel } from '../../lib/ops';
import '../../ops/ops.css';

export function IncidentPage() {
  const { incidentId = '' } = useParams();
  const incident = useApi(`incident:${incidentId}`, (signal) => getIncident(incidentId, signal));
  const ruleId = incident.data?.ruleId ?? '';
  const rule = useApi(`rule:${ruleId}`, (signal) => (ruleId ? getRule(ruleId, signal) : Promise.resolve(undefined)));

  if (incident.loading || !incident.data) {
    return (
      <div className="card">
        {incident.loading ? (
          <Loading label="Loading the incident…" />
        ) : incident.error ? (
          <ErrorState error={incident.error} onRetry={incident.reload} />
        ) : (
          <Empty title="Incident not found" />
        )}
      </div>
    );
  }
  const item = incident.data;
  const runs = affectedRunsQuery(item, rule.data);
  const lasted = item.resolvedAt ? Date.parse(item.resolvedAt) - Date.parse(item.openedAt) : null;
  return (
    <>
      <div className="card run-header">
        <div className="run-header__top">
          <div>
            <div className="muted small">
              <Link to="/alerts">Alerts</Link> / incident <code>{item.id.slice(0, 8)}</code>
            </div>
            <h1 className="run-header__title">{item.ruleName}</h1>
          </div>
          <span className={`badge badge--${item.resolvedAt ? 'success' : 'danger'}`} data-testid="incident-state">
            <span className="badge__dot" aria-hidden="true" />
            {item.resolvedAt ? 'Resolved' : 'Firing'}
          </span>
        </div>
        <p className="incident-summary" data-testid="incident-summary">
          {item.summary}
        </p>
        <dl className="facts facts--compact incident-facts">
          <dt>Rule</dt>
          <dd>
            {ruleKindLabel(item.kind)}
            {rule.data ? ` — ${describeRule(rule.data)}` : ''}
          </dd>
          <dt>Value</dt>
          <dd>{item.lastValue}</dd>
          <dt>Opened</dt>
          <dd>{formatDateTime(item.openedAt)}</dd>
          <dt>Resolved</dt>
          <dd>
            {item.resolvedAt ? `${formatDateTime(item.resolvedAt)} (after ${formatDuration(lasted)})` : 'Still firing'}
          </dd>
          <dt>Alert sent</dt>
          <dd>{item.notified ? 'Yes' : 'No (inside the cool-down)'}</dd>
          <dt>Resolution sent</dt>
          <dd>{item.resolvedNotified ? 'Yes' : item.resolvedAt ? 'No' : '—'}</dd>
        </dl>
      </div>
      <div className="card">
        <h2 className="card__title">What to look at</h2>
        <div className="pad">
          {runs !== null ? (
            <p>
              <Link to={`/runs?${runs}`} data-testid="affected-runs">
                {item.resolvedAt ? 'The runs of the alert’s window' : 'The runs this alert counts'}
              </Link>
              {item.kind === 'failure_rate' || item.kind === 'dead_letters' ? (
                <>
                  {' · '}
                  <Link to={`/errors${item.workflow ? `?workflow=${item.workflow}` : ''}`}>The error console</Link>
                </>
              ) : null}
            </p>
          ) : (
            <p>
              <Link to="/connections">The connections and their health checks</Link>
            </p>
          )}
          {item.deliveryErrors.length > 0 ? (
            <>
              <h3 className="small">Deliveries that failed</h3>
              <ul className="audit">
                {item.deliveryErrors.map((d) => (
                  <li key={`${d.channel}-${d.at}`}>
                    {d.channel} · {formatDateTime(d.at)}: {d.error}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}
