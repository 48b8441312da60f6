// A collapsible tree of any JSON value, for step inputs, outputs and error details.
import { useState } from 'react';

const CHILD_LIMIT = 100;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function entriesOf(value: Container): [string, unknown][] {
  return Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
}

function summary(value: Container): string {
  if (Array.isArray(value)) return `[${value.length} ${value.length === 1 ? 'item' : 'items'}]`;
  const keys = Object.keys(value).length;
  return `{${keys} ${keys === 1 ? 'key' : 'keys'}}`;
}

function Primitive({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  switch (typeof value) {
    case 'string':
      return <span className="json-string">{JSON.stringify(value)}</span>;
    case 'number':
      return <span className="json-number">{String(value)}</span>;
    case 'boolean':
      return <span className="json-boolean">{String(value)}</span>;
    default:
      return <span className="json-null">{value === undefined ? 'undefined' : String(value)}</span>;
  }
}

function Key({ name }: { name: string | undefined }) {
  if (name === undefined) return null;
  return (
    <>
      <span className="json-key">{name}</span>
      <span className="json-punct">: </span>
    </>
  );
}

function JsonNode({
  name,
  value,
  depth,
  expandDepth,
}: {
  name?: string;
  value: unknown;
  depth: number;
  expandDepth: number;
}) {
  const [open, setOpen] = useState(depth < expandDepth);
  const [showAll, setShowAll] = useState(false);

  if (!isContainer(value)) {
    return (
      <li className="json-row">
        <Key name={name} />
        <Primitive value={value} />
      </li>
    );
  }

  const entries = entriesOf(value);
  if (entries.length === 0) {
    return (
      <li className="json-row">
        <Key name={name} />
        <span className="json-punct">{Array.isArray(value) ? '[]' : '{}'}</span>
      </li>
    );
  }

  const shown = showAll ? entries : entries.slice(0, CHILD_LIMIT);
  return (
    <li className="json-row">
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="json-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <Key name={name} />
        <span className="json-summary">{summary(value)}</span>
      </button>
      {open ? (
        <ul className="json-children">
          {shown.map(([key, child]) => (
            <JsonNode key={key} name={key} value={child} depth={depth + 1} expandDepth={expandDepth} />
          ))}
          {entries.length > shown.length ? (
            <li className="json-row">
              <button type="button" className="json-more" onClick={() => setShowAll(true)}>
                Show {entries.length - shown.length} more
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

/** Levels above `expandDepth` start open; deeper ones start closed. */
export function JsonTree({ value, expandDepth = 2, label }: { value: unknown; expandDepth?: number; label?: string }) {
  return (
    <ul className="json-tree" aria-label={label}>
      <JsonNode value={value} depth={0} expandDepth={expandDepth} />
    </ul>
  );
}
