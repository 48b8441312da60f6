// One config field, drawn with the widget its schema and UI hints ask for.
import type { FieldModel } from '../lib/schemaForm';
import { JsonField } from './JsonField';
import { JsonataEditor } from './JsonataEditor';
import { KeyValueField } from './KeyValueField';
import { useDynamicOptions } from './useDynamicOptions';

interface Props {
  field: FieldModel;
  value: unknown;
  onChange(value: unknown): void;
  sample?: unknown;
  invalid: boolean;
}

function SelectInput({ field, value, onChange, id }: Props & { id: string }) {
  const dynamic = useDynamicOptions(field.optionsSource);
  const options = field.optionsSource ? dynamic.options : field.options;
  const index = options.findIndex((o) => o.value === value);
  const fallback = options.find((o) => o.value === field.defaultValue);
  const emptyLabel = fallback ? `Default: ${fallback.label}` : 'Choose…';
  return (
    <>
      <select
        id={id}
        value={index === -1 ? '' : String(index)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : options[Number(e.target.value)]?.value)}
      >
        <option value="">{dynamic.loading ? 'Loading…' : emptyLabel}</option>
        {options.map((option, i) => (
          <option key={i} value={String(i)}>
            {option.label}
          </option>
        ))}
      </select>
      {dynamic.error ? <p className="field__error">{dynamic.error}</p> : null}
    </>
  );
}

export function FieldInput(props: Props) {
  const { field, value, onChange, sample, invalid } = props;
  const id = `field-${field.key}`;
  switch (field.widget) {
    case 'select':
      return <SelectInput {...props} id={id} />;
    case 'boolean':
      return <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'number':
      return (
        <input
          id={id}
          type="number"
          value={typeof value === 'number' ? value : ''}
          placeholder={field.placeholder}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'jsonata':
      return (
        <JsonataEditor
          id={field.key}
          value={typeof value === 'string' ? value : ''}
          onChange={onChange}
          sample={sample}
          placeholder={field.placeholder}
          invalid={invalid}
        />
      );
    case 'keyValue':
      return <KeyValueField field={field} value={value} onChange={onChange} sample={sample} />;
    case 'json':
      return <JsonField id={id} value={value} onChange={onChange} />;
    case 'code':
    case 'textarea':
      return (
        <textarea
          id={id}
          className="code-input"
          rows={6}
          spellCheck={false}
          value={typeof value === 'string' ? value : ''}
          placeholder={field.placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    default:
      return (
        <input
          id={id}
          type="text"
          value={typeof value === 'string' ? value : ''}
          placeholder={field.placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}
