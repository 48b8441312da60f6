// A JSON value shown as a tree or as raw text, with a copy button.
import { useState } from 'react';
import { CopyButton } from './CopyButton';
import { JsonTree } from './JsonTree';

export function JsonView({ value, label }: { value: unknown; label: string }) {
  const [mode, setMode] = useState<'tree' | 'raw'>('tree');
  const raw = value === undefined ? '' : JSON.stringify(value, null, 2);

  return (
    <section className="json-view" aria-label={label}>
      <header className="json-view__header">
        <h4 className="json-view__title">{label}</h4>
        <div className="segmented" role="group" aria-label={`${label} view`}>
          <button type="button" aria-pressed={mode === 'tree'} onClick={() => setMode('tree')}>
            Tree
          </button>
          <button type="button" aria-pressed={mode === 'raw'} onClick={() => setMode('raw')}>
            Raw JSON
          </button>
        </div>
        {raw ? <CopyButton text={raw} label="Copy JSON" /> : null}
      </header>
      {value === undefined || value === null ? (
        <p className="muted">No data.</p>
      ) : mode === 'tree' ? (
        <JsonTree value={value} expandDepth={4} label={`${label} tree`} />
      ) : (
        <pre className="json-raw">{raw}</pre>
      )}
    </section>
  );
}
