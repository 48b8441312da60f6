// Creating a workflow: a name, a description, and optionally a workflow file to start from.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, userMessage } from '../../api/client';
import { createWorkflow } from '../../api/designer';
import { parseWorkflowFile, type WorkflowFile } from '../../lib/workflowFile';

export function NewWorkflowPage() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [file, setFile] = useState<WorkflowFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFile = async (chosen: File | undefined): Promise<void> => {
    setError(null);
    if (!chosen) return setFile(null);
    const parsed = parseWorkflowFile(await chosen.text(), chosen.name.replace(/\.(ferry\.)?json$/, ''));
    if (typeof parsed === 'string') {
      setFile(null);
      setError(parsed);
      return;
    }
    setFile(parsed);
    if (!name) setName(parsed.name);
    if (!description) setDescription(parsed.description);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await createWorkflow({ name, description, ...(file ? { document: file.document } : {}) });
      navigate(`/workflows/${created.id}/design`);
    } catch (failure) {
      const problems =
        failure instanceof ApiError
          ? failure.problems.map((p) => `${p.nodeId ? `${p.nodeId}: ` : ''}${p.message}`)
          : [];
      setError([userMessage(failure), ...problems.slice(0, 5)].join(' '));
      setBusy(false);
    }
  };

  return (
    <div className="new-workflow">
      <div className="page-header">
        <div>
          <h1>New workflow</h1>
          <p className="muted">
            Name it, then build it on the canvas. You can also start from an exported workflow file.
          </p>
        </div>
      </div>
      <form className="card form-card" onSubmit={(e) => void submit(e)} aria-label="New workflow">
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            required
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Shop orders to M3"
            autoFocus
          />
        </label>
        <label className="field">
          <span>Description</span>
          <textarea value={description} rows={3} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label className="field">
          <span>Start from a workflow file (optional)</span>
          <input type="file" accept=".json,application/json" onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
        {file ? (
          <p className="muted small">
            {file.document.nodes.length} node(s) from “{file.name}”.
          </p>
        ) : null}
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="row-actions">
          <button type="submit" className="button button--primary" disabled={busy || !name.trim()}>
            {busy ? 'Creating…' : 'Create and open the designer'}
          </button>
          <Link to="/workflows" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
