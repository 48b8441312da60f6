// Alerts: rules (the five kinds), channels with a test-send button, and incidents.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { listWorkflows } from '../../api/endpoints';
import {
  connectionsHealth,
  deleteChannel,
  deleteRule,
  listChannels,
  listIncidents,
  listRules,
  testChannel,
  type AlertChannel,
  type AlertRule,
} from '../../api/ops';
import { useApi } from '../../api/useApi';
import { userMessage } from '../../api/client';
import { Empty, ErrorState, Loading } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { describeRule, ruleKindLabel } from '../../lib/ops';
import { ConfirmDialog } from '../../ops/ConfirmDialog';
import { ChannelForm } from './ChannelForm';
import { NEW_RULE, RuleForm } from './RuleForm';
import '../../ops/ops.css';

type Tab = 'incidents' | 'rules' | 'channels';
const TABS: { value: Tab; label: string }[] = [
  { value: 'incidents', label: 'Incidents' },
  { value: 'rules', label: 'Rules' },
  { value: 'channels', label: 'Channels' },
];
const WORKFLOWS_QUERY = '?limit=200';

function Rules() {
  const rules = useApi('alert-rules', (signal) => listRules(signal));
  const channels = useApi('alert-channels', (signal) => listChannels(signal));
  const workflows = useApi(WORKFLOWS_QUERY, (signal) => listWorkflows(WORKFLOWS_QUERY, signal));
  const connections = useApi('connections-health', (signal) => connectionsHealth(signal));
  const [editing, setEditing] = useState<Partial<AlertRule> | null>(null);
  const [removing, setRemoving] = useState<AlertRule | null>(null);
  const names = new Map(workflows.data?.results.map((w) => [w.id, w.name]) ?? []);

  if (editing) {
    return (
      <RuleForm
        initial={editing}
        workflows={workflows.data?.results ?? []}
        connections={connections.data ?? []}
        channels={channels.data ?? []}
        onSaved={() => {
          setEditing(null);
          rules.reload();
        }}
        onCancel={() => setEditing(null)}
      />
    );
  }
  return (
    <div className="card">
      <div className="filters">
        <span className="muted field--grow">
          Rules are evaluated every housekeeping tick; one incident sends one alert.
        </span>
        <button type="button" className="button button--primary" onClick={() => setEditing({ ...NEW_RULE })}>
          New rule
        </button>
      </div>
      {rules.loading && !rules.data ? (
        <Loading label="Loading rules…" />
      ) : rules.error && !rules.data ? (
        <ErrorState error={rules.error} onRetry={rules.reload} />
      ) : !rules.data || rules.data.length === 0 ? (
        <Empty title="No alert rules">
          Create one to be told when runs fail, a shop goes silent or a connection is down.
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Kind</th>
                <th>Fires when</th>
                <th>Scope</th>
                <th>Cool-down</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.data.map((rule) => (
                <tr key={rule.id} data-testid="rule-row">
                  <td className="strong">{rule.name}</td>
                  <td>{ruleKindLabel(rule.kind)}</td>
                  <td>{describeRule(rule)}</td>
                  <td>
                    {rule.workflow
                      ? (names.get(rule.workflow) ?? 'One workflow')
                      : rule.kind === 'connection_down'
                        ? 'Connections'
                        : 'Global'}
                  </td>
                  <td>{rule.cooldownMinutes} min</td>
                  <td>
                    {!rule.enabled ? (
                      <span className="muted">Disabled</span>
                    ) : rule.openIncident ? (
                      <Link to={`/alerts/${rule.openIncident.id}`} className="text-danger">
                        Firing
                      </Link>
                    ) : (
                      <span className="ok-text">OK</span>
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="button button--small" onClick={() => setEditing(rule)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button--small button--ghost"
                        onClick={() => setRemoving(rule)}
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
      )}
      {removing ? (
        <ConfirmDialog
          title="Delete rule"
          message={`Delete the rule “${removing.name}” and its incidents?`}
          confirmLabel="Delete"
          danger
          onConfirm={async () => {
            await deleteRule(removing.id);
            setRemoving(null);
            rules.reload();
          }}
          onCancel={() => setRemoving(null)}
        />
      ) : null}
    </div>
  );
}

function Channels() {
  const channels = useApi('alert-channels', (signal) => listChannels(signal));
  const [editing, setEditing] = useState<Partial<AlertChannel> | null>(null);
  const [removing, setRemoving] = useState<AlertChannel | null>(null);
  const [results, setResults] = useState<Record<string, { ok: boolean; message: string } | 'busy'>>({});

  const test = async (channel: AlertChannel): Promise<void> => {
    setResults((r) => ({ ...r, [channel.id]: 'busy' }));
    try {
      const result = await testChannel(channel.id);
      setResults((r) => ({ ...r, [channel.id]: result }));
    } catch (error) {
      setResults((r) => ({ ...r, [channel.id]: { ok: false, message: userMessage(error) } }));
    }
  };

  if (editing) {
    return (
      <ChannelForm
        initial={editing}
        onSaved={() => {
          setEditing(null);
          channels.reload();
        }}
        onCancel={() => setEditing(null)}
      />
    );
  }
  return (
    <div className="card">
      <div className="filters">
        <span className="muted field--grow">Where alerts go. Secrets are stored encrypted and never shown again.</span>
        <button type="button" className="button button--primary" onClick={() => setEditing({ kind: 'email' })}>
          New channel
        </button>
      </div>
      {channels.loading && !channels.data ? (
        <Loading label="Loading channels…" />
      ) : channels.error && !channels.data ? (
        <ErrorState error={channels.error} onRetry={channels.reload} />
      ) : !channels.data || channels.data.length === 0 ? (
        <Empty title="No channels">Add an email address, a webhook, or a Slack or Teams channel.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Channel</th>
                <th>Kind</th>
                <th>Goes to</th>
                <th>Test</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {channels.data.map((channel) => {
                const result = results[channel.id];
                const target =
                  channel.config.to ?? channel.config.url ?? (channel.secretsSet.url ? 'stored webhook URL' : '');
                return (
                  <tr key={channel.id} data-testid="channel-row">
                    <td className="strong">{channel.name}</td>
                    <td>{channel.kind}</td>
                    <td>{Array.isArray(target) ? target.join(', ') : String(target)}</td>
                    <td>
                      {result === 'busy' ? (
                        <span className="muted">Sending…</span>
                      ) : result ? (
                        <span className={result.ok ? 'ok-text' : 'text-danger'} data-testid="test-result">
                          {result.message}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <div className="row-actions">
                        <button type="button" className="button button--small" onClick={() => void test(channel)}>
                          Send test
                        </button>
                        <button type="button" className="button button--small" onClick={() => setEditing(channel)}>
                          Edit
                        </button>
                        <button
                          type="button"
                          className="button button--small button--ghost"
                          onClick={() => setRemoving(channel)}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {removing ? (
        <ConfirmDialog
          title="Delete channel"
          message={`Delete the channel “${removing.name}”? Rules stop sending to it.`}
          confirmLabel="Delete"
          danger
          onConfirm={async () => {
            await deleteChannel(removing.id);
            setRemoving(null);
            channels.reload();
          }}
          onCancel={() => setRemoving(null)}
        />
      ) : null}
    </div>
  );
}

function Incidents() {
  const [openOnly, setOpenOnly] = useState(false);
  const query = `?limit=50${openOnly ? '&open=true' : ''}`;
  const incidents = useApi(`incidents:${query}`, (signal) => listIncidents(query, signal));
  return (
    <div className="card">
      <div className="filters">
        <label className="checks field--grow">
          <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> Only open
          incidents
        </label>
        <button type="button" className="button" onClick={incidents.reload}>
          Refresh
        </button>
      </div>
      {incidents.loading && !incidents.data ? (
        <Loading label="Loading incidents…" />
      ) : incidents.error && !incidents.data ? (
        <ErrorState error={incidents.error} onRetry={incidents.reload} />
      ) : !incidents.data || incidents.data.results.length === 0 ? (
        <Empty title={openOnly ? 'Nothing is firing' : 'No incidents yet'}>
          An incident opens when a rule’s condition starts and resolves when it clears.
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table--clickable">
            <thead>
              <tr>
                <th>State</th>
                <th>Rule</th>
                <th>Summary</th>
                <th>Opened</th>
                <th>Resolved</th>
              </tr>
            </thead>
            <tbody>
              {incidents.data.results.map((incident) => (
                <tr key={incident.id} data-testid="incident-row">
                  <td>
                    <span className={`badge badge--${incident.resolvedAt ? 'success' : 'danger'}`}>
                      <span className="badge__dot" aria-hidden="true" />
                      {incident.resolvedAt ? 'Resolved' : 'Firing'}
                    </span>
                  </td>
                  <td>
                    <Link to={`/alerts/${incident.id}`} className="strong">
                      {incident.ruleName}
                    </Link>
                  </td>
                  <td>{incident.summary}</td>
                  <td className="nowrap">{formatDateTime(incident.openedAt)}</td>
                  <td className="nowrap">{formatDateTime(incident.resolvedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const tab = (TABS.find((t) => t.value === params.get('tab'))?.value ?? 'incidents') as Tab;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Alerts</h1>
          <p className="muted">Rules watch runs, sources and connections; channels carry the alerts.</p>
        </div>
      </div>
      <nav className="tabs card" aria-label="Alert sections" style={{ marginBottom: 16 }}>
        {TABS.map((t) => (
          <button
            key={t.value}
            type="button"
            className={t.value === tab ? 'is-active' : ''}
            aria-current={t.value === tab ? 'page' : undefined}
            onClick={() => setParams({ tab: t.value })}
          >
            {t.label}
          </button>
        ))}
      </nav>
      {tab === 'rules' ? <Rules /> : tab === 'channels' ? <Channels /> : <Incidents />}
    </>
  );
}
