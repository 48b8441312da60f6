// A node's items as a tree, a table or raw JSON, port by port.
import { useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { JsonTree } from '../../components/JsonTree';
import { cellText, itemsTable, portsJson } from '../../lib/stepData';

type Mode = 'tree' | 'table' | 'json';

export function DataView({ label, value }: { label: string; value: unknown }) {
  const [mode, setMode] = useState<Mode>('tree');
  const ports = portsJson(value);
  const entries = Object.entries(ports);
  const raw = JSON.stringify(ports, null, 2);
  return (
    <section className="json-view" aria-label={label}>
      <header className="json-view__header">
        <h4 className="json-view__title">{label}</h4>
        <div className="segmented" role="group" aria-label={`${label} view`}>
          {(['tree', 'table', 'json'] as Mode[]).map((m) => (
            <button type="button" key={m} aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === 'json' ? 'JSON' : m[0]?.toUpperCase() + m.slice(1)}
            </button>
          ))}
        </div>
        {entries.length ? <CopyButton text={raw} label="Copy" /> : null}
      </header>
      {entries.length === 0 ? <p className="muted small">No items.</p> : null}
      {mode === 'json' && entries.length ? <pre className="json-raw">{raw}</pre> : null}
      {mode !== 'json'
        ? entries.map(([port, items]) => (
            <div key={port} className="port-data">
              <div className="muted small">
                {port} · {items.length} item{items.length === 1 ? '' : 's'}
              </div>
              {mode === 'tree' ? (
                <JsonTree value={items} expandDepth={3} label={`${label} ${port}`} />
              ) : (
                <ItemsTable items={items} />
              )}
            </div>
          ))
        : null}
    </section>
  );
}

function ItemsTable({ items }: { items: unknown[] }) {
  const table = itemsTable(items);
  return (
    <div className="table-wrap data-table">
      <table className="table">
        <thead>
          <tr>
            <th>#</th>
            {table.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              <td className="muted">{i + 1}</td>
              {row.map((cell, j) => (
                <td key={j}>{cellText(cell)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
