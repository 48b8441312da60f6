// Key/value rows: a plain object of strings (headers), or a list of objects (switch rules, set fields).
import type { FieldModel } from '../lib/schemaForm';
import { JsonataEditor } from './JsonataEditor';

interface Props {
  field: FieldModel;
  value: unknown;
  onChange(value: unknown): void;
  sample?: unknown;
}

type Row = [string, string];

function rowsOf(field: FieldModel, value: unknown): Row[] {
  if (field.keyField && field.valueField) {
    const list = Array.isArray(value) ? value : [];
    return list.map((item) => {
      const record = (item ?? {}) as Record<string, unknown>;
      return [String(record[field.keyField as string] ?? ''), String(record[field.valueField as string] ?? '')];
    });
  }
  const record = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return Object.entries(record).map(([k, v]) => [k, String(v ?? '')]);
}

function valueOf(field: FieldModel, rows: Row[]): unknown {
  if (field.keyField && field.valueField) {
    return rows.map(([k, v]) => ({ [field.keyField as string]: k, [field.valueField as string]: v }));
  }
  // An object cannot hold an empty key twice; rows being typed keep their place with a blank key only once.
  return Object.fromEntries(rows);
}

export function KeyValueField({ field, value, onChange, sample }: Props) {
  const rows = rowsOf(field, value);
  const set = (index: number, row: Row): void =>
    onChange(
      valueOf(
        field,
        rows.map((r, i) => (i === index ? row : r)),
      ),
    );
  const keyLabel = field.keyField ? field.keyField : 'Name';
  const valueLabel = field.valueField ? field.valueField : 'Value';
  return (
    <div className="kv" data-testid={`kv-${field.key}`}>
      {rows.length === 0 ? <p className="muted small">None yet.</p> : null}
      {rows.map(([k, v], index) => (
        <div className="kv__row" key={index}>
          <input
            aria-label={`${keyLabel} ${index + 1}`}
            value={k}
            placeholder={keyLabel}
            onChange={(e) => set(index, [e.target.value, v])}
          />
          {field.valueWidget === 'jsonata' ? (
            <JsonataEditor
              id={`${field.key}-${index}`}
              value={v}
              onChange={(next) => set(index, [k, next])}
              sample={sample}
              preview={false}
            />
          ) : (
            <input
              aria-label={`${valueLabel} ${index + 1}`}
              value={v}
              placeholder={valueLabel}
              onChange={(e) => set(index, [k, e.target.value])}
            />
          )}
          <button
            type="button"
            className="button button--small button--ghost"
            aria-label={`Remove row ${index + 1}`}
            onClick={() =>
              onChange(
                valueOf(
                  field,
                  rows.filter((_, i) => i !== index),
                ),
              )
            }
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() =>
          onChange(
            valueOf(field, [
              ...rows,
              [rows.some(([k]) => k === '') && !field.keyField ? `key${rows.length + 1}` : '', ''],
            ]),
          )
        }
      >
        Add row
      </button>
    </div>
  );
}
