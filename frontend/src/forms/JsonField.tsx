// A JSON value typed as text; it is only written back once it parses, and says why while it does not.
import { useState } from 'react';

export function JsonField({ id, value, onChange }: { id: string; value: unknown; onChange(value: unknown): void }) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <textarea
        id={id}
        className="code-input"
        rows={6}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
            setError(null);
          } catch {
            setError('Not valid JSON yet; the last valid value is kept.');
          }
        }}
      />
      {error ? <p className="field__error">{error}</p> : null}
    </>
  );
}
