// Create or edit an alert rule: the five kinds with their own parameters, scope, cool-down, channels.
import { useState, type FormEvent } from 'react';
import { userMessage } from '../../api/client';
import { saveRule, type AlertChannel, type AlertRule, type ConnectionHealth, type RuleKind } from '../../api/ops';
import type { Workflow } from '../../api/types';
import { RULE_KINDS } from '../../lib/ops';
import { fieldErrors } from '../../ops/fieldErrors';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const NEW_RULE: Partial<AlertRule> = {
  name: '',
  kind: 'failure_rate',
  workflow: null,
  connection: null,
  threshold: 10,
  minutes: 15,
  minRuns: 5,
  businessDays: [0, 1, 2, 3, 4],
  businessStart: '08:00',
  businessEnd: '18:00',
  timeZone: 'UTC',
  cooldownMinutes: 60,
  enabled: true,
  channels: [],
};

/** The fields a kind uses; the others are left out of the request. */
export function ruleBody(rule: Partial<AlertRule>): Partial<AlertRule> {
  const common = {
    name: rule.name,
    kind: rule.kind,
    cooldownMinutes: rule.cooldownMinutes,
    enabled: rule.enabled,
    channels: rule.channels,
  };
  switch (rule.kind) {
    case 'failure_rate':
      return {
        ...common,
        workflow: rule.workflow,
        connection: null,
        threshold: rule.threshold,
        minutes: rule.minutes,
        minRuns: rule.minRuns,
      };
    case 'dead_letters':
    case 'stuck_run':
      return { ...common, workflow: rule.workflow, connection: null, threshold: rule.threshold, minutes: rule.minutes };
    case 'silence':
      return {
        ...common,
        workflow: rule.workflow,
        connection: null,
        minutes: rule.minutes,
        businessDays: rule.businessDays,
        businessStart: rule.businessStart,
        businessEnd: rule.businessEnd,
        timeZone: rule.timeZone,
      };
    case 'connection_down':
      return { ...common, workflow: null, connection: rule.connection };
    default:
      return common;
  }
}

export function RuleForm({
  initial,
  workflows,
  connections,
  channels,
  onSaved,
  onCancel,
}: {
  initial: Partial<AlertRule>;
  workflows: Workflow[];
  connections: ConnectionHealth[];
  channels: AlertChannel[];
  onSaved: (rule: AlertRule) => void;
  onCancel: () => void;
}) {
  const [rule, setRule] = useState<Partial<AlertRule>>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<AlertRule>): void => setRule((r) => ({ ...r, ...change }));
  const errors = fieldErrors(error);
  const kind = rule.kind as RuleKind;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(await saveRule(ruleBody(rule), initial.id));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const hint = (name: string) => (errors[name] ? <small className="text-danger">{errors[name]}</small> : null);
  const number = (name: 'threshold' | 'minutes' | 'minRuns' | 'cooldownMinutes', label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        min={0}
        step="any"
        name={name}
        value={rule[name] ?? ''}
        onChange={(e) => set({ [name]: e.target.value === '' ? undefined : Number(e.target.value) })}
      />
      {hint(name)}
    </label>
  );
  const toggle = (list: string[] | number[] | undefined, value: string | number, on: boolean) => {
    const current = (list ?? []) as (string | number)[];
    return on ? [...current, value] : current.filter((v) => v !== value);
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Alert rule" className="card">
      <h2 className="card__title">{initial.id ? `Edit rule “${initial.name}”` : 'New alert rule'}</h2>
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input name="name" value={rule.name ?? ''} onChange={(e) => set({ name: e.target.value })} required />
          {hint('name')}
        </label>
        <label className="field">
          <span>Kind</span>
          <select name="kind" value={kind} onChange={(e) => set({ kind: e.target.value as RuleKind })}>
            {RULE_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
          <small className="muted">{RULE_KINDS.find((k) => k.kind === kind)?.help}</small>
        </label>
        {kind === 'connection_down' ? (
          <label className="field">
            <span>Connection</span>
            <select
              name="connection"
              value={rule.connection ?? ''}
              onChange={(e) => set({ connection: e.target.value || null })}
            >
              <option value="">Every unpaused connection</option>
              {connections.map((c) => (
                <option key={c.connectionId} value={c.connectionId}>
                  {c.name}
                </option>
              ))}
            </select>
            {hint('connection')}
          </label>
        ) : (
          <label className="field">
            <span>Workflow</span>
            <select
              name="workflow"
              value={rule.workflow ?? ''}
              onChange={(e) => set({ workflow: e.target.value || null })}
            >
              <option value="">All workflows (global)</option>
              {workflows.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
            {hint('workflow')}
          </label>
        )}
        {kind === 'failure_rate' ? number('threshold', 'Failure rate above (%)') : null}
        {kind === 'dead_letters' ? number('threshold', 'More than (failed runs)') : null}
        {kind === 'stuck_run' ? number('threshold', 'More than (unfinished runs)') : null}
        {kind !== 'connection_down'
          ? number('minutes', kind === 'stuck_run' ? 'Older than (minutes)' : 'Over the last (minutes)')
          : null}
        {kind === 'failure_rate' ? number('minRuns', 'Once at least (runs ended)') : null}
        {kind === 'silence' ? (
          <>
            <fieldset className="field field--wide">
              <span>Business days</span>
              <div className="checks">
                {DAYS.map((day, index) => (
                  <label key={day}>
                    <input
                      type="checkbox"
                      checked={rule.businessDays?.includes(index) ?? false}
                      onChange={(e) =>
                        set({ businessDays: (toggle(rule.businessDays, index, e.target.checked) as number[]).sort() })
                      }
                    />{' '}
                    {day}
                  </label>
                ))}
              </div>
              {hint('businessDays')}
            </fieldset>
            <label className="field">
              <span>From</span>
              <input
                type="time"
                value={rule.businessStart ?? ''}
                onChange={(e) => set({ businessStart: e.target.value || null })}
              />
            </label>
            <label className="field">
              <span>Until</span>
              <input
                type="time"
                value={rule.businessEnd ?? ''}
                onChange={(e) => set({ businessEnd: e.target.value || null })}
              />
              {hint('businessEnd')}
            </label>
            <label className="field">
              <span>Time zone</span>
              <input
                value={rule.timeZone ?? ''}
                onChange={(e) => set({ timeZone: e.target.value })}
                placeholder="Europe/Paris"
              />
              {hint('timeZone')}
            </label>
          </>
        ) : null}
        {number('cooldownMinutes', 'Cool-down (minutes)')}
        <fieldset className="field field--wide">
          <span>Send to</span>
          <div className="checks">
            {channels.length === 0 ? <span className="muted">No channels yet: add one under Channels.</span> : null}
            {channels.map((c) => (
              <label key={c.id}>
                <input
                  type="checkbox"
                  checked={rule.channels?.includes(c.id) ?? false}
                  onChange={(e) => set({ channels: toggle(rule.channels, c.id, e.target.checked) as string[] })}
                />{' '}
                {c.name} ({c.kind})
              </label>
            ))}
          </div>
        </fieldset>
        <label className="checks">
          <input type="checkbox" checked={rule.enabled ?? true} onChange={(e) => set({ enabled: e.target.checked })} />{' '}
          Enabled
        </label>
      </div>
      {error ? (
        <p className="alert alert--danger" role="alert" style={{ margin: '0 16px 12px' }}>
          {userMessage(error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save rule'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
