// The workflow designer: palette, canvas and side panels for one workflow, loaded from its latest version.
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useParams } from 'react-router';
import {
  credentialTypes as fetchCredentialTypes,
  getVersion,
  getWorkflow,
  nodeTypes as fetchNodeTypes,
  type CredentialTypeSpec,
  type NodeSpec,
} from '../../api/designer';
import type { Workflow } from '../../api/types';
import { DesignerCanvas } from '../../canvas/DesignerCanvas';
import { Palette } from '../../canvas/Palette';
import { useWorkflowStream } from '../../canvas/useWorkflowStream';
import { ErrorState, Loading } from '../../components/States';
import { isFerryNode } from '../../lib/flowTypes';
import { loadNotes, notesToMigrate } from '../../lib/stickyNotes';
import { emptyDocument } from '../../lib/workflowDocument';
import { fileNameFor, parseWorkflowFile, toWorkflowFile } from '../../lib/workflowFile';
import { useDesigner } from '../../stores/designer';
import { useTestRun } from '../../stores/testRun';
import { NodePanel } from './NodePanel';
import { TestPanel } from './TestPanel';
import { Toolbar, type SidePanel } from './Toolbar';
import { useSaveAndDeploy } from './useSaveAndDeploy';
import { VersionsPanel } from './VersionsPanel';
import { WorkflowSettingsPanel } from './WorkflowSettingsPanel';
import './designer.css';

interface Loaded {
  specs: NodeSpec[];
  credentialTypes: CredentialTypeSpec[];
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function DesignerPage() {
  const { workflowId = '' } = useParams();
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [panel, setPanel] = useState<SidePanel>(null);
  const selectedId = useDesigner((s) => s.selectedId);
  const fileInput = useRef<HTMLInputElement>(null);
  const actions = useSaveAndDeploy(workflow, setWorkflow);
  const { setBaseVersion, setBaseHash, save, deploy, banner, setBanner, conflict, setConflict } = actions;
  const onEvent = useTestRun((s) => s.onEvent);
  useWorkflowStream(workflow ? workflowId : undefined, onEvent);

  useEffect(() => {
    let live = true;
    useTestRun.getState().reset();
    (async () => {
      const [found, specs, credentialTypes] = await Promise.all([
        getWorkflow(workflowId),
        fetchNodeTypes(),
        fetchCredentialTypes(),
      ]);
      const version = found.latestVersion ? await getVersion(workflowId, found.latestVersion) : null;
      if (!live) return;
      const store = useDesigner.getState();
      store.setSpecs(specs);
      const document = version?.document ?? emptyDocument();
      const taken = new Set([...document.nodes.map((n) => n.id), ...(document.annotations ?? []).map((a) => a.id)]);
      store.load(document, notesToMigrate(loadNotes(workflowId), document.annotations ?? [], taken));
      setBaseVersion(version?.number ?? null);
      setBaseHash(version?.contentHash ?? null);
      setWorkflow(found);
      setLoaded({ specs, credentialTypes });
    })().catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [workflowId, attempt, setBaseVersion, setBaseHash]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent): void => {
      if (useDesigner.getState().isDirty()) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  // Selecting a node on the canvas opens its panel.
  useEffect(
    () =>
      useDesigner.subscribe((state, previous) => {
        if (state.selectedId && state.selectedId !== previous.selectedId) setPanel('node');
      }),
    [],
  );

  const onSave = useCallback(() => void save(), [save]);
  const openNode = useCallback(() => setPanel('node'), []);

  const onImportFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const parsed = parseWorkflowFile(await file.text(), file.name);
    if (typeof parsed === 'string') {
      setBanner({ tone: 'error', text: `Not imported: ${parsed}` });
      return;
    }
    useDesigner.getState().replaceDocument(parsed.document);
    setBanner({
      tone: 'info',
      text: `Imported “${parsed.name}”. Save to keep it as a new version; Ctrl+Z undoes the import.`,
    });
  };

  const onExport = (): void => {
    if (!workflow) return;
    const document = useDesigner.getState().document();
    download(
      fileNameFor(workflow.name),
      toWorkflowFile({ name: workflow.name, description: workflow.description, document }),
    );
  };

  if (error) {
    return (
      <div className="designer designer--state">
        <ErrorState
          error={error}
          onRetry={() => {
            setError(null);
            setLoaded(null);
            setAttempt((n) => n + 1);
          }}
        />
      </div>
    );
  }
  if (!workflow || !loaded) {
    return (
      <div className="designer designer--state">
        <Loading label="Opening the designer…" />
      </div>
    );
  }
  const selectedIsNode = useDesigner.getState().nodes.some((n) => n.id === selectedId && isFerryNode(n));

  return (
    <ReactFlowProvider>
      <div className="designer" data-testid="designer">
        <Toolbar
          workflow={workflow}
          baseVersion={actions.baseVersion}
          busy={actions.busy}
          panel={panel}
          onPanel={setPanel}
          onSave={onSave}
          onDeploy={() => actions.baseVersion && void deploy(actions.baseVersion)}
          onImport={() => fileInput.current?.click()}
          onExport={onExport}
        />
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => void onImportFile(e)}
          data-testid="import-file"
        />
        {conflict ? (
          <div className="notice notice--error" role="alert" data-testid="conflict">
            <strong>Someone else saved this workflow while you were editing.</strong> {conflict.detail} Nothing was
            overwritten; your changes are still here.
            <div className="row-actions">
              <button type="button" className="button button--small" onClick={() => setPanel('versions')}>
                Compare with their version
              </button>
              <button type="button" className="button button--small" onClick={() => void save({ force: true })}>
                Save mine as the newest version
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  setConflict(null);
                  setLoaded(null);
                  setAttempt((n) => n + 1);
                }}
              >
                Discard mine, open theirs
              </button>
            </div>
          </div>
        ) : null}
        {banner ? (
          <div
            className={`notice notice--${banner.tone}`}
            role={banner.tone === 'error' ? 'alert' : 'status'}
            data-testid="designer-banner"
          >
            {banner.text}
            <button
              type="button"
              className="button button--small button--ghost"
              aria-label="Dismiss"
              onClick={() => setBanner(null)}
            >
              ✕
            </button>
          </div>
        ) : null}
        <div className="designer__body">
          <Palette specs={loaded.specs} onAdd={(spec) => useDesigner.getState().addNode(spec)} />
          <DesignerCanvas onSave={onSave} onOpenNode={openNode} />
          {panel === 'node' && selectedId && selectedIsNode ? (
            <NodePanel
              nodeId={selectedId}
              credentialTypes={loaded.credentialTypes}
              testPayload={safePayload()}
              onClose={() => {
                useDesigner.getState().select(null);
                setPanel(null);
              }}
            />
          ) : null}
          {panel === 'test' ? <TestPanel workflowId={workflow.id} onClose={() => setPanel(null)} /> : null}
          {panel === 'settings' ? <WorkflowSettingsPanel onClose={() => setPanel(null)} /> : null}
          {panel === 'versions' ? (
            <VersionsPanel
              workflow={workflow}
              reloadKey={actions.savedCount}
              onClose={() => setPanel(null)}
              onDeploy={(n) => void deploy(n)}
              onOpen={(version) => {
                useDesigner.getState().replaceDocument(version.document);
                setBanner({
                  tone: 'info',
                  text: `Version ${version.number} is on the canvas. Save to make it the newest version.`,
                });
              }}
            />
          ) : null}
        </div>
      </div>
    </ReactFlowProvider>
  );
}

function safePayload(): unknown {
  try {
    return useTestRun.getState().payload();
  } catch {
    return undefined;
  }
}
