// Turns a node type's config JSON Schema and UI hints into the list of fields the settings panel shows.
import type { NodeSpec } from '../api/designer';

export type Widget = 'text' | 'number' | 'select' | 'jsonata' | 'json' | 'keyValue' | 'code' | 'boolean' | 'textarea';

export interface Option {
  value: unknown;
  label: string;
}

export interface FieldModel {
  key: string;
  title: string;
  description: string;
  widget: Widget;
  required: boolean;
  options: Option[];
  optionsSource: string | null;
  placeholder: string;
  help: string;
  keyField: string | null;
  valueField: string | null;
  valueWidget: string | null;
  /** The schema's default, which applies while the field is left empty. */
  defaultValue: unknown;
}

interface PropertySchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  format?: string;
  default?: unknown;
}

const WIDGETS = new Set<Widget>(['text', 'number', 'select', 'jsonata', 'json', 'keyValue', 'code', 'textarea']);

function widgetFor(prop: PropertySchema, hint: Record<string, unknown>): Widget {
  if (typeof hint.widget === 'string' && WIDGETS.has(hint.widget as Widget)) return hint.widget as Widget;
  if (prop.enum || Array.isArray(hint.options) || typeof hint.optionsSource === 'string') return 'select';
  const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
  if (type === 'boolean') return 'boolean';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'object' || type === 'array' || type === undefined) return 'json';
  return 'text';
}

function optionsFor(prop: PropertySchema, hint: Record<string, unknown>): Option[] {
  if (Array.isArray(hint.options)) {
    return hint.options
      .filter((o): o is { value: unknown; label?: unknown } => typeof o === 'object' && o !== null && 'value' in o)
      .map((o) => ({ value: o.value, label: typeof o.label === 'string' ? o.label : String(o.value) }));
  }
  return (prop.enum ?? []).map((value) => ({ value, label: String(value) }));
}

/** Whether a field's `showWhen` condition holds for the current config. */
export function isShown(hint: Record<string, unknown> | undefined, config: Record<string, unknown>): boolean {
  const when = hint?.showWhen;
  if (!when || typeof when !== 'object') return true;
  return Object.entries(when as Record<string, unknown>).every(([field, value]) => config[field] === value);
}

export function formFields(spec: NodeSpec, config: Record<string, unknown>): FieldModel[] {
  const schema = spec.configSchema as { properties?: Record<string, PropertySchema>; required?: string[] };
  const required = new Set(schema.required ?? []);
  const fields: FieldModel[] = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const hint = spec.ui?.[key] ?? {};
    if (!isShown(hint, config)) continue;
    const str = (value: unknown): string => (typeof value === 'string' ? value : '');
    fields.push({
      key,
      title: prop.title ?? key,
      description: prop.description ?? '',
      widget: widgetFor(prop, hint),
      required: required.has(key),
      options: optionsFor(prop, hint),
      optionsSource: typeof hint.optionsSource === 'string' ? hint.optionsSource : null,
      placeholder: str(hint.placeholder),
      help: str(hint.help),
      keyField: typeof hint.keyField === 'string' ? hint.keyField : null,
      valueField: typeof hint.valueField === 'string' ? hint.valueField : null,
      valueWidget: typeof hint.valueWidget === 'string' ? hint.valueWidget : null,
      defaultValue: prop.default,
    });
  }
  return fields;
}

/** The credential types a node's connection picker offers; empty when the node takes no connection. */
export function acceptedCredentialTypes(spec: NodeSpec): string[] {
  const hint = spec.ui?.connection;
  if (hint && Array.isArray(hint.credentialTypes))
    return hint.credentialTypes.filter((t): t is string => typeof t === 'string');
  return spec.credentialType ? [spec.credentialType] : [];
}

export function connectionHelp(spec: NodeSpec): string {
  const help = spec.ui?.connection?.help;
  return typeof help === 'string' ? help : '';
}
