// The node's connection: pick one of the connections of an accepted credential type, or create one here.
import { useEffect, useState, type FormEvent } from 'react';
import { userMessage } from '../api/client';
import { createConnection, listConnections, type Connection, type CredentialTypeSpec } from '../api/designer';

interface Props {
  value: string | null | undefined;
  accepted: string[];
  credentialTypes: CredentialTypeSpec[];
  help: string;
  onChange(id: string | null): void;
}

function NewConnectionForm({
  types,
  onCreated,
  onCancel,
}: {
  types: CredentialTypeSpec[];
  onCreated(c: Connection): void;
  onCancel(): void;
}) {
  const [typeId, setTypeId] = useState(types[0]?.typeId ?? '');
  const [name, setName] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const type = types.find((t) => t.typeId === typeId);
  const properties = (type?.fieldsSchema.properties ?? {}) as Record<string, { title?: string; writeOnly?: boolean }>;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await createConnection({ name, credentialType: typeId, fields }));
    } catch (failure) {
      setError(userMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="subform" onSubmit={(e) => void submit(e)} aria-label="New connection">
      {types.length > 1 ? (
        <div className="field">
          <label htmlFor="new-connection-type">Type</label>
          <select id="new-connection-type" value={typeId} onChange={(e) => setTypeId(e.target.value)}>
            {types.map((t) => (
              <option key={t.typeId} value={t.typeId}>
                {t.displayName}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <label className="field">
        <span>Name</span>
        <input value={name} required onChange={(e) => setName(e.target.value)} placeholder="e.g. Infor production" />
      </label>
      {Object.entries(properties).map(([key, prop]) => (
        <label className="field" key={key}>
          <span>{prop.title ?? key}</span>
          <input
            type={prop.writeOnly ? 'password' : 'text'}
            autoComplete="off"
            value={fields[key] ?? ''}
            onChange={(e) => setFields({ ...fields, [key]: e.target.value })}
          />
        </label>
      ))}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row-actions">
        <button type="submit" className="button button--primary button--small" disabled={busy || !name}>
          Create connection
        </button>
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ConnectionPicker({ value, accepted, credentialTypes, help, onChange }: Props) {
  const [connections, setConnections] = useState<Connection[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let live = true;
    listConnections()
      .then((all) => live && setConnections(all))
      .catch((failure: unknown) => live && setError(userMessage(failure)));
    return () => {
      live = false;
    };
  }, []);

  const offered = (connections ?? []).filter((c) => accepted.includes(c.credentialType));
  const types = credentialTypes.filter((t) => accepted.includes(t.typeId));
  return (
    <div className="field">
      <span id="connection-label">Connection</span>
      {error ? <p className="field__error">{error}</p> : null}
      <select
        aria-labelledby="connection-label"
        value={value ?? ''}
        disabled={connections === null}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">{connections === null ? 'Loading connections…' : 'No connection'}</option>
        {offered.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
        {value && connections && !offered.some((c) => c.id === value) ? (
          <option value={value}>Missing connection ({value.slice(0, 8)}…)</option>
        ) : null}
      </select>
      {help ? <p className="field__help">{help}</p> : null}
      {creating ? (
        <NewConnectionForm
          types={types}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setConnections([...(connections ?? []), created]);
            onChange(created.id);
            setCreating(false);
          }}
        />
      ) : (
        <button
          type="button"
          className="button button--small button--link"
          onClick={() => setCreating(true)}
          disabled={!types.length}
        >
          + New connection
        </button>
      )}
    </div>
  );
}
