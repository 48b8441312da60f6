// Version history: every saved version, what changed against the canvas or the one before, deploy or roll back.
import { useEffect, useState } from 'react';
import { userMessage } from '../../api/client';
import { listVersions, type WorkflowVersion } from '../../api/designer';
import type { Workflow } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { diffDocuments, isEmptyDiff, type VersionDiff } from '../../lib/versionDiff';
import type { WorkflowDocument } from '../../lib/workflowDocument';
import { useDesigner } from '../../stores/designer';

interface Props {
  workflow: Workflow;
  reloadKey: number;
  onDeploy(version: number): void;
  onOpen(version: WorkflowVersion): void;
  onClose(): void;
}

function noteExcerpt(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  if (!line) return '(empty)';
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

export function DiffList({ diff }: { diff: VersionDiff }) {
  if (isEmptyDiff(diff)) return <p className="muted small">No differences.</p>;
  return (
    <ul className="diff" data-testid="version-diff">
      {diff.added.map((n) => (
        <li key={`a${n.id}`} className="diff__added">
          + {n.name ?? n.id} <span className="muted">({n.type})</span>
        </li>
      ))}
      {diff.removed.map((n) => (
        <li key={`r${n.id}`} className="diff__removed">
          − {n.name ?? n.id} <span className="muted">({n.type})</span>
        </li>
      ))}
      {diff.changed.map((c) => (
        <li key={`c${c.id}`} className="diff__changed">
          ~ {c.name}: <span className="muted">{c.fields.join(', ')}</span>
        </li>
      ))}
      {diff.moved.length ? <li className="muted">moved: {diff.moved.join(', ')}</li> : null}
      {diff.edgesAdded.map((e) => (
        <li key={`ea${e.id}`} className="diff__added">
          + {e.source} → {e.target}
        </li>
      ))}
      {diff.edgesRemoved.map((e) => (
        <li key={`er${e.id}`} className="diff__removed">
          − {e.source} → {e.target}
        </li>
      ))}
      {diff.notesAdded.map((n) => (
        <li key={`na${n.id}`} className="diff__added">
          + note added: <span className="muted">{noteExcerpt(n.text)}</span>
        </li>
      ))}
      {diff.notesRemoved.map((n) => (
        <li key={`nr${n.id}`} className="diff__removed">
          − note removed: <span className="muted">{noteExcerpt(n.text)}</span>
        </li>
      ))}
      {diff.notesChanged.map((c) => (
        <li key={`nc${c.id}`} className="diff__changed">
          ~ note changed ({c.id}): <span className="muted">{c.fields.join(', ')}</span>
        </li>
      ))}
    </ul>
  );
}

export function VersionsPanel({ workflow, reloadKey, onDeploy, onOpen, onClose }: Props) {
  const [versions, setVersions] = useState<WorkflowVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [against, setAgainst] = useState<'canvas' | 'previous'>('previous');
  const current = useDesigner((s) => s.document);

  useEffect(() => {
    let live = true;
    listVersions(workflow.id)
      .then((list) => {
        if (!live) return;
        setError(null);
        setVersions([...list].sort((a, b) => b.number - a.number));
      })
      .catch((failure: unknown) => live && setError(userMessage(failure)));
    return () => {
      live = false;
    };
  }, [workflow.id, reloadKey]);

  const selected = versions?.find((v) => v.number === chosen);
  const setDiffMarks = useDesigner((s) => s.setDiffMarks);

  // Comparing a version with the canvas marks the canvas's added and changed nodes.
  useEffect(() => {
    if (!selected || against !== 'canvas') {
      setDiffMarks({});
      return;
    }
    const diff = diffDocuments(selected.document, current());
    setDiffMarks({
      ...Object.fromEntries(diff.added.map((n) => [n.id, 'added' as const])),
      ...Object.fromEntries(diff.changed.map((c) => [c.id, 'changed' as const])),
    });
  }, [selected, against, current, setDiffMarks]);
  useEffect(() => () => setDiffMarks({}), [setDiffMarks]);
  const previous = versions?.find((v) => selected && v.number === selected.number - 1);
  const base: WorkflowDocument | null = selected
    ? against === 'canvas'
      ? selected.document
      : (previous?.document ?? { schemaVersion: 1, nodes: [], edges: [] })
    : null;
  const after: WorkflowDocument | null = selected ? (against === 'canvas' ? current() : selected.document) : null;

  return (
    <aside className="panel" aria-label="Versions" data-testid="versions-panel">
      <header className="panel__header">
        <h2 className="panel__title">Versions</h2>
        <button
          type="button"
          className="button button--small button--ghost"
          aria-label="Close versions"
          onClick={onClose}
        >
          ✕
        </button>
      </header>
      <div className="panel__body">
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        {versions === null && !error ? <p className="muted">Loading versions…</p> : null}
        {versions?.length === 0 ? <p className="muted">Nothing saved yet. Save to create version 1.</p> : null}
        <ul className="versions">
          {versions?.map((v) => (
            <li key={v.number}>
              <button
                type="button"
                className={`versions__item${v.number === chosen ? ' versions__item--on' : ''}`}
                onClick={() => setChosen(v.number)}
              >
                <span className="version">v{v.number}</span>
                {v.number === workflow.activeVersion ? <span className="badge badge--success">deployed</span> : null}
                <span className="versions__meta">
                  {v.message || <span className="muted">No message</span>}
                  <span className="muted small">
                    {formatDateTime(v.createdAt)}
                    {v.createdBy ? ` · ${v.createdBy}` : ''}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {selected && base && after ? (
          <div className="version-detail">
            <div className="segmented" role="group" aria-label="Compare">
              <button type="button" aria-pressed={against === 'previous'} onClick={() => setAgainst('previous')}>
                Changes in v{selected.number}
              </button>
              <button type="button" aria-pressed={against === 'canvas'} onClick={() => setAgainst('canvas')}>
                v{selected.number} → canvas
              </button>
            </div>
            {against === 'canvas' ? (
              <p className="muted small">
                Nodes added since v{selected.number} glow green on the canvas, changed ones amber.
              </p>
            ) : null}
            <DiffList diff={diffDocuments(base, after)} />
            <div className="row-actions">
              <button type="button" className="button button--small" onClick={() => onOpen(selected)}>
                Open on canvas
              </button>
              <button
                type="button"
                className="button button--small button--primary"
                disabled={selected.number === workflow.activeVersion}
                onClick={() => onDeploy(selected.number)}
              >
                {selected.number < (workflow.activeVersion ?? 0)
                  ? `Roll back to v${selected.number}`
                  : `Deploy v${selected.number}`}
              </button>
            </div>
          </div>
        ) : null}
      </div>
    </aside>
  );
}
