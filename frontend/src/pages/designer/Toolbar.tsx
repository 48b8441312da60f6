// The designer's top bar: the workflow's name and state, editing tools, and save / test / deploy.
import { useReactFlow } from '@xyflow/react';
import { Link } from 'react-router';
import type { Workflow } from '../../api/types';
import { SHORTCUTS } from '../../canvas/useCanvasShortcuts';
import { useDesigner } from '../../stores/designer';

export type SidePanel = 'node' | 'test' | 'versions' | 'settings' | null;

interface Props {
  workflow: Workflow;
  baseVersion: number | null;
  busy: 'save' | 'deploy' | null;
  panel: SidePanel;
  onPanel(panel: SidePanel): void;
  onSave(): void;
  onDeploy(): void;
  onImport(): void;
  onExport(): void;
}

export function Toolbar({ workflow, baseVersion, busy, panel, onPanel, onSave, onDeploy, onImport, onExport }: Props) {
  const flow = useReactFlow();
  const dirty = useDesigner((s) => s.isDirty());
  const canUndo = useDesigner((s) => s.history.past.length > 0);
  const canRedo = useDesigner((s) => s.history.future.length > 0);
  const { undo, redo, layout, addSticky } = useDesigner.getState();
  const deployed = workflow.activeVersion !== null && workflow.activeVersion === baseVersion && !dirty;
  const toggle = (p: SidePanel): void => onPanel(panel === p ? null : p);
  const addNote = (): void => {
    const centre = flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
    addSticky(centre);
  };
  return (
    <div className="dtoolbar">
      <div className="dtoolbar__title">
        <Link
          to="/workflows"
          className="dtoolbar__back"
          title="Back to the workflows"
          aria-label="Back to the workflows"
        >
          ←
        </Link>
        <h1 title={workflow.name}>{workflow.name}</h1>
        <span className="version" data-testid="designer-version">
          {baseVersion ? `v${baseVersion}` : 'new'}
        </span>
        {dirty ? (
          <span className="badge badge--warning" data-testid="unsaved">
            unsaved
          </span>
        ) : null}
        {workflow.activeVersion ? (
          <span className={`badge ${deployed ? 'badge--success' : 'badge--muted'}`}>
            v{workflow.activeVersion} deployed
          </span>
        ) : null}
      </div>
      <div className="dtoolbar__group" role="group" aria-label="Edit">
        <button
          type="button"
          className="icon-button"
          title="Undo (Ctrl+Z)"
          aria-label="Undo"
          disabled={!canUndo}
          onClick={undo}
        >
          ↶
        </button>
        <button
          type="button"
          className="icon-button"
          title="Redo (Ctrl+Shift+Z)"
          aria-label="Redo"
          disabled={!canRedo}
          onClick={redo}
        >
          ↷
        </button>
        <button
          type="button"
          className="icon-button"
          title="Auto-layout (Shift+L)"
          aria-label="Auto-layout"
          onClick={layout}
        >
          ⇶
        </button>
        <button
          type="button"
          className="icon-button"
          title="Fit to view (Shift+1)"
          aria-label="Fit to view"
          onClick={() => void flow.fitView({ duration: 200 })}
        >
          ⤢
        </button>
        <button
          type="button"
          className="icon-button"
          title="Add a sticky note"
          aria-label="Add a sticky note"
          onClick={addNote}
        >
          ⊡
        </button>
        <button
          type="button"
          className="icon-button"
          title={SHORTCUTS.map(([k, v]) => `${k}: ${v}`).join('\n')}
          aria-label="Keyboard shortcuts"
        >
          ⌨
        </button>
      </div>
      <div className="dtoolbar__group" role="group" aria-label="File">
        <button type="button" className="button button--small" onClick={onImport}>
          Import
        </button>
        <button type="button" className="button button--small" onClick={onExport}>
          Export
        </button>
        <button
          type="button"
          className="button button--small"
          aria-pressed={panel === 'settings'}
          onClick={() => toggle('settings')}
        >
          Settings
        </button>
        <button
          type="button"
          className="button button--small"
          aria-pressed={panel === 'versions'}
          onClick={() => toggle('versions')}
        >
          Versions
        </button>
        <button
          type="button"
          className="button button--small"
          aria-pressed={panel === 'test'}
          onClick={() => toggle('test')}
          data-testid="open-test"
        >
          Test
        </button>
      </div>
      <div className="dtoolbar__group">
        <button
          type="button"
          className="button button--small"
          disabled={busy !== null || (!dirty && baseVersion !== null)}
          onClick={onSave}
          data-testid="save"
        >
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="button button--small button--primary"
          disabled={busy !== null || dirty || baseVersion === null || deployed}
          title={dirty ? 'Save first: only saved versions are deployed.' : undefined}
          onClick={onDeploy}
          data-testid="deploy"
        >
          {busy === 'deploy' ? 'Deploying…' : deployed ? 'Deployed' : `Deploy${baseVersion ? ` v${baseVersion}` : ''}`}
        </button>
      </div>
    </div>
  );
}
