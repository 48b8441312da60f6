// Create or edit an alert channel: email (SMTP), signed webhook, Slack or Teams incoming webhook.
import { useState, type FormEvent } from 'react';
import { userMessage } from '../../api/client';
import { saveChannel, type AlertChannel, type ChannelKind } from '../../api/ops';
import { fieldErrors } from '../../ops/fieldErrors';

interface SettingSpec {
  name: string;
  label: string;
  secret?: boolean;
  type?: string;
  placeholder?: string;
}

export const CHANNEL_SETTINGS: Record<ChannelKind, SettingSpec[]> = {
  email: [
    { name: 'host', label: 'SMTP host', placeholder: 'smtp.example.com' },
    { name: 'port', label: 'Port', type: 'number', placeholder: '587' },
    { name: 'security', label: 'Security (starttls, ssl, none)', placeholder: 'starttls' },
    { name: 'username', label: 'User name' },
    { name: 'password', label: 'Password', secret: true, type: 'password' },
    { name: 'from', label: 'From', placeholder: 'ferry@example.com' },
    { name: 'to', label: 'To (comma-separated)', placeholder: 'ops@example.com' },
  ],
  webhook: [
    { name: 'url', label: 'URL', placeholder: 'https://…' },
    { name: 'secret', label: 'Signing secret', secret: true, type: 'password' },
  ],
  slack: [{ name: 'url', label: 'Incoming webhook URL', secret: true, placeholder: 'https://hooks.slack.com/…' }],
  teams: [{ name: 'url', label: 'Incoming webhook URL', secret: true, placeholder: 'https://….webhook.office.com/…' }],
};

/** Form text to the API's config: numbers as numbers, recipients as a list, blanks left out. */
export function channelConfig(kind: ChannelKind, values: Record<string, string>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const spec of CHANNEL_SETTINGS[kind]) {
    const raw = (values[spec.name] ?? '').trim();
    if (!raw) continue;
    if (spec.name === 'to')
      config.to = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (spec.name === 'port') config.port = Number(raw);
    else config[spec.name] = raw;
  }
  return config;
}

function initialValues(channel: Partial<AlertChannel>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(channel.config ?? {})) {
    values[name] = Array.isArray(value) ? value.join(', ') : String(value ?? '');
  }
  return values;
}

export function ChannelForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: Partial<AlertChannel>;
  onSaved: (channel: AlertChannel) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial.name ?? '');
  const [kind, setKind] = useState<ChannelKind>(initial.kind ?? 'email');
  const [values, setValues] = useState<Record<string, string>>(initialValues(initial));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(await saveChannel({ name, kind, config: channelConfig(kind, values), enabled: true }, initial.id));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Alert channel" className="card">
      <h2 className="card__title">{initial.id ? `Edit channel “${initial.name}”` : 'New alert channel'}</h2>
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required />
          {errors.name ? <small className="text-danger">{errors.name}</small> : null}
        </label>
        <label className="field">
          <span>Kind</span>
          <select
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as ChannelKind)}
            disabled={Boolean(initial.id)}
          >
            <option value="email">Email (SMTP)</option>
            <option value="webhook">Webhook (signed)</option>
            <option value="slack">Slack</option>
            <option value="teams">Microsoft Teams</option>
          </select>
        </label>
        {CHANNEL_SETTINGS[kind].map((spec) => {
          const problem = errors[`config.${spec.name}`] ?? errors[spec.name];
          const stored = spec.secret && initial.secretsSet?.[spec.name];
          return (
            <label className="field" key={spec.name}>
              <span>{spec.label}</span>
              <input
                name={spec.name}
                type={spec.type ?? 'text'}
                value={values[spec.name] ?? ''}
                placeholder={stored ? 'Stored; leave empty to keep it' : spec.placeholder}
                onChange={(e) => setValues((v) => ({ ...v, [spec.name]: e.target.value }))}
              />
              {problem ? <small className="text-danger">{problem}</small> : null}
            </label>
          );
        })}
      </div>
      {error ? (
        <p className="alert alert--danger" role="alert" style={{ margin: '0 16px 12px' }}>
          {userMessage(error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save channel'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
