// The node settings form, generated from the node type's config schema and UI hints, with problems inline.
import type { ProblemField } from '../api/client';
import type { CredentialTypeSpec, NodeSpec } from '../api/designer';
import type { FerryNodeData } from '../lib/flowTypes';
import { acceptedCredentialTypes, connectionHelp, formFields } from '../lib/schemaForm';
import { ConnectionPicker } from './ConnectionPicker';
import { FieldInput } from './FieldInput';

interface Props {
  spec: NodeSpec;
  data: FerryNodeData;
  problems: ProblemField[];
  credentialTypes: CredentialTypeSpec[];
  sample?: unknown;
  onChange(patch: Partial<FerryNodeData>): void;
}

function messagesFor(problems: ProblemField[], field: string): string[] {
  return problems.filter((p) => p.field === field || p.field?.startsWith(`${field}.`)).map((p) => p.message);
}

export function SchemaForm({ spec, data, problems, credentialTypes, sample, onChange }: Props) {
  const fields = formFields(spec, data.config);
  const accepted = acceptedCredentialTypes(spec);
  const shownFields = new Set(['name', 'connection', ...fields.map((f) => `config.${f.key}`)]);
  const other = problems.filter(
    (p) =>
      !p.field ||
      !shownFields.has(
        p.field
          .split('.')
          .slice(0, p.field.startsWith('config.') ? 2 : 1)
          .join('.'),
      ),
  );
  return (
    <div className="schema-form">
      <label className="field">
        <span>Name</span>
        <input value={data.name} onChange={(e) => onChange({ name: e.target.value })} />
      </label>
      {accepted.length ? (
        <ConnectionPicker
          value={data.connection}
          accepted={accepted}
          credentialTypes={credentialTypes}
          help={connectionHelp(spec)}
          onChange={(connection) => onChange({ connection })}
        />
      ) : null}
      {fields.map((field) => {
        const errors = messagesFor(problems, `config.${field.key}`);
        return (
          <div
            className={`field${errors.length ? ' field--invalid' : ''}`}
            key={field.key}
            data-testid={`field-${field.key}`}
          >
            <label htmlFor={`field-${field.key}`} id={`${field.key}-label`}>
              {field.title}
              {field.required ? <span className="field__required"> *</span> : null}
            </label>
            <FieldInput
              field={field}
              value={data.config[field.key]}
              invalid={errors.length > 0}
              sample={sample}
              onChange={(value) => {
                const config = { ...data.config };
                if (value === undefined) delete config[field.key];
                else config[field.key] = value;
                onChange({ config });
              }}
            />
            {errors.map((message, i) => (
              <p className="field__error" key={i} role="alert">
                {message}
              </p>
            ))}
            {field.help || field.description ? <p className="field__help">{field.help || field.description}</p> : null}
          </div>
        );
      })}
      {other.map((p, i) => (
        <p className="field__error" key={`o${i}`} role="alert">
          {p.field ? `${p.field}: ` : ''}
          {p.message}
        </p>
      ))}
      <details className="advanced">
        <summary>Retries and timeout</summary>
        <label className="field">
          <span>Attempts (type default: {String(spec.retry?.maximumAttempts ?? 1)})</span>
          <input
            type="number"
            min={1}
            max={100}
            value={typeof data.retry?.maximumAttempts === 'number' ? data.retry.maximumAttempts : ''}
            onChange={(e) => {
              const retry = { ...(data.retry ?? {}) };
              if (e.target.value) retry.maximumAttempts = Number(e.target.value);
              else delete retry.maximumAttempts;
              onChange({ retry: Object.keys(retry).length ? retry : null });
            }}
          />
        </label>
        <label className="field">
          <span>Timeout in seconds (at most the type's {String(spec.timeoutSeconds ?? '')})</span>
          <input
            type="number"
            min={0}
            step="any"
            value={data.timeoutSeconds ?? ''}
            onChange={(e) => onChange({ timeoutSeconds: e.target.value ? Number(e.target.value) : null })}
          />
        </label>
      </details>
      <label className="field-check">
        <input
          type="checkbox"
          checked={data.disabled === true}
          onChange={(e) => onChange({ disabled: e.target.checked })}
        />
        <span>Disabled (runs pass items straight through)</span>
      </label>
      <label className="field">
        <span>Notes</span>
        <textarea rows={2} value={data.notes ?? ''} onChange={(e) => onChange({ notes: e.target.value })} />
      </label>
    </div>
  );
}
