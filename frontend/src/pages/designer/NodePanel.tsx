// The side panel of the selected node: its settings, and the data of its last test run (pin it from here).
import { useState } from 'react';
import type { CredentialTypeSpec } from '../../api/designer';
import { FailureBox } from '../../components/FailureBox';
import { StatusBadge } from '../../components/StatusBadge';
import { SchemaForm } from '../../forms/SchemaForm';
import { specKey } from '../../lib/nodePorts';
import { firstInputItem } from '../../lib/stepData';
import { formatDuration } from '../../lib/format';
import { useDesigner } from '../../stores/designer';
import { DataView } from './DataView';

interface Props {
  nodeId: string;
  credentialTypes: CredentialTypeSpec[];
  testPayload: unknown;
  onClose(): void;
}

export function NodePanel({ nodeId, credentialTypes, testPayload, onClose }: Props) {
  const node = useDesigner((s) => s.nodes.find((n) => n.id === nodeId));
  const spec = useDesigner((s) =>
    node?.type === 'ferry' ? s.specs.get(specKey(node.data.type, node.data.typeVersion)) : undefined,
  );
  const problems = useDesigner((s) => s.problems[nodeId]);
  const run = useDesigner((s) => s.runs[nodeId]);
  const pinned = useDesigner((s) => s.pinned[nodeId]);
  const { updateNode, pin, unpin } = useDesigner.getState();
  const [tab, setTab] = useState<'settings' | 'data'>('settings');
  if (!node || node.type !== 'ferry') return null;
  const last = run?.steps[run.steps.length - 1];
  const sample = last ? firstInputItem(last.inputs) : spec?.kind === 'trigger' ? undefined : testPayload;

  return (
    <aside className="panel" aria-label="Node settings" data-testid="node-panel">
      <header className="panel__header">
        <div>
          <h2 className="panel__title">{node.data.name}</h2>
          <div className="muted small">
            <code>{node.id}</code> · {spec?.displayName ?? node.data.type} v{node.data.typeVersion}
          </div>
        </div>
        <button type="button" className="button button--small button--ghost" aria-label="Close panel" onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'settings'} onClick={() => setTab('settings')}>
          Settings{problems?.length ? ` (${problems.length})` : ''}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'data'} onClick={() => setTab('data')}>
          Data{run ? ` · ${run.status}` : ''}
        </button>
      </div>
      <div className="panel__body">
        {tab === 'settings' ? (
          spec ? (
            <>
              {spec.description ? <p className="muted small">{spec.description}</p> : null}
              <SchemaForm
                spec={spec}
                data={node.data}
                problems={problems ?? []}
                credentialTypes={credentialTypes}
                sample={sample}
                onChange={(patch) => updateNode(node.id, patch)}
              />
            </>
          ) : (
            <p className="field__error">
              This node's type ({node.data.type} v{node.data.typeVersion}) is not installed on this server.
            </p>
          )
        ) : (
          <>
            {pinned !== undefined ? (
              <div className="notice notice--info">
                Output pinned: test runs use it instead of running this node.{' '}
                <button type="button" className="button button--small" onClick={() => unpin(node.id)}>
                  Unpin
                </button>
              </div>
            ) : null}
            {!run ? (
              <p className="muted">Not run yet. Test the workflow to see what this node receives and sends.</p>
            ) : null}
            {run?.steps.map((step) => (
              <div key={String(step.id)} className="attempt" data-testid="node-attempt">
                <div className="attempt__head">
                  <StatusBadge status={step.status} />
                  <span className="muted small">
                    attempt {step.attempt} · {formatDuration(step.durationMs)}
                  </span>
                  {step.outputs && pinned === undefined ? (
                    <button type="button" className="button button--small" onClick={() => pin(node.id, step.outputs)}>
                      Pin output
                    </button>
                  ) : null}
                </div>
                {step.error ? <FailureBox failure={step.error} title="Error" /> : null}
                <DataView label="Input" value={step.inputs} />
                <DataView label="Output" value={step.outputs} />
              </div>
            ))}
          </>
        )}
      </div>
    </aside>
  );
}
