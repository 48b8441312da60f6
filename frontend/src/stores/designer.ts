// The designer's state: the graph being edited, its undo history, problems, test results and pins.
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import type { ProblemField } from '../api/client';
import type { NodeSpec } from '../api/designer';
import type { Step } from '../api/types';
import { configProblems, groupByNode } from '../lib/configProblems';
import { refusalReason, specLookup } from '../lib/connectionRules';
import type { CanvasEdge, CanvasNode, FerryNodeData, StickyNode } from '../lib/flowTypes';
import {
  copySelection,
  documentToFlow,
  flowToDocument,
  newNodeFromSpec,
  newSticky,
  pasteContent,
  positionAfter,
  uniqueId,
} from '../lib/graphOps';
import { record, redo, undo, type History } from '../lib/history';
import { autoLayout } from '../lib/layout';
import { specKey } from '../lib/nodePorts';
import type { WorkflowDocument, WorkflowSettings } from '../lib/workflowDocument';

interface Snapshot {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

export type NodeRunStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'retry_wait' | 'pinned' | string;

export interface NodeRun {
  status: NodeRunStatus;
  steps: Step[];
}

interface DesignerState {
  specs: Map<string, NodeSpec>;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  settings: WorkflowSettings;
  history: History<Snapshot>;
  /** Problems by node id ('' for the workflow as a whole): the local checks plus the server's last answer. */
  problems: Record<string, ProblemField[]>;
  serverProblems: ProblemField[] | null;
  runs: Record<string, NodeRun>;
  pinned: Record<string, unknown>;
  selectedId: string | null;
  hint: string | null;
  /** Nodes marked on the canvas while a version is compared with it. */
  diffMarks: Record<string, 'added' | 'changed'>;
  /** A node just added by click, which the canvas brings into view. */
  focusId: string | null;
  savedJson: string;

  setSpecs(specs: NodeSpec[]): void;
  /** Opens a saved version; `stickies` are notes from elsewhere (an older browser store) to add to it. */
  load(document: WorkflowDocument, stickies?: StickyNode[]): void;
  markSaved(): void;
  /** Puts another document (with its notes) on the canvas as an edit (import, an old version): undoable, unsaved. */
  replaceDocument(document: WorkflowDocument): void;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  checkConnection(connection: Connection | CanvasEdge): boolean;
  connect(connection: Connection): void;
  /** Shows why a connection dropped on a port was refused (the canvas only marks it while dragging). */
  explainRefusal(connection: Connection): void;
  remember(): void;
  undo(): void;
  redo(): void;
  addNode(spec: NodeSpec, position?: { x: number; y: number }): string;
  addSticky(position: { x: number; y: number }): void;
  updateNode(id: string, patch: Partial<FerryNodeData>): void;
  updateSticky(id: string, text: string): void;
  select(id: string | null): void;
  deleteSelected(): void;
  copy(): string | null;
  paste(text: string): boolean;
  layout(): void;
  setSettings(settings: WorkflowSettings): void;
  setServerProblems(problems: ProblemField[] | null): void;
  setHint(hint: string | null): void;
  setDiffMarks(marks: Record<string, 'added' | 'changed'>): void;
  clearRuns(): void;
  stepEvent(nodeId: string, status: NodeRunStatus): void;
  applySteps(steps: Step[]): void;
  pin(nodeId: string, output: unknown): void;
  unpin(nodeId: string): void;
  document(): WorkflowDocument;
  isDirty(): boolean;
}

function localProblems(nodes: CanvasNode[], specs: Map<string, NodeSpec>): Record<string, ProblemField[]> {
  const found: ProblemField[] = [];
  for (const node of nodes) {
    if (node.type === 'ferry')
      found.push(...configProblems(node, specs.get(specKey(node.data.type, node.data.typeVersion))));
  }
  return groupByNode(found);
}

function merged(local: Record<string, ProblemField[]>, server: ProblemField[] | null): Record<string, ProblemField[]> {
  if (!server) return local;
  const all = Object.values(local).flat();
  const seen = new Set(all.map((p) => `${p.nodeId ?? ''}|${p.field ?? ''}`));
  return groupByNode([...all, ...server.filter((p) => !seen.has(`${p.nodeId ?? ''}|${p.field ?? ''}`))]);
}

function docJson(nodes: CanvasNode[], edges: CanvasEdge[], settings: WorkflowSettings): string {
  return JSON.stringify(flowToDocument(nodes, edges, settings));
}

export const useDesigner = create<DesignerState>()((set, get) => {
  /** Every structural edit goes through here: history first, then problems recomputed. */
  const edit = (next: Partial<Snapshot> & Partial<DesignerState>): void => {
    const { nodes, edges, history, specs, serverProblems } = get();
    const nodesAfter = next.nodes ?? nodes;
    set({
      ...next,
      history: record(history, { nodes, edges }),
      problems: merged(localProblems(nodesAfter, specs), next.serverProblems ?? serverProblems),
    });
  };
  const refreshProblems = (): void => {
    const { nodes, specs, serverProblems } = get();
    set({ problems: merged(localProblems(nodes, specs), serverProblems) });
  };

  return {
    specs: new Map(),
    nodes: [],
    edges: [],
    settings: {},
    history: { past: [], future: [] },
    problems: {},
    serverProblems: null,
    runs: {},
    pinned: {},
    selectedId: null,
    hint: null,
    focusId: null,
    diffMarks: {},
    savedJson: '',

    setSpecs: (list) => {
      set({ specs: new Map(list.map((s) => [specKey(s.typeId, s.version), s])) });
      refreshProblems();
    },
    load: (document, stickies = []) => {
      const flow = documentToFlow(document);
      const nodes: CanvasNode[] = [...flow.nodes, ...stickies];
      const settings = document.settings ?? {};
      set({
        nodes,
        edges: flow.edges,
        settings,
        history: { past: [], future: [] },
        serverProblems: null,
        runs: {},
        pinned: {},
        selectedId: null,
        hint: null,
        // Notes brought in from elsewhere are not in the saved version yet: they make it unsaved.
        savedJson: docJson(flow.nodes, flow.edges, settings),
      });
      refreshProblems();
    },
    replaceDocument: (document) => {
      const flow = documentToFlow(document);
      edit({
        nodes: flow.nodes,
        edges: flow.edges,
        settings: document.settings ?? {},
        selectedId: null,
      });
    },
    markSaved: () => {
      const { nodes, edges, settings } = get();
      set({ savedJson: docJson(nodes, edges, settings) });
    },
    onNodesChange: (changes) => {
      if (changes.some((c) => c.type === 'remove')) get().remember();
      const nodes = applyNodeChanges(changes, get().nodes);
      const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
      const selectedId = get().selectedId;
      set({ nodes, selectedId: selectedId && removed.has(selectedId) ? null : selectedId });
      if (removed.size) refreshProblems();
    },
    onEdgesChange: (changes) => {
      if (changes.some((c) => c.type === 'remove')) get().remember();
      set({ edges: applyEdgeChanges(changes, get().edges) });
    },
    checkConnection: (connection) => {
      const { nodes, edges, specs } = get();
      return refusalReason(connection, nodes, edges, specLookup(specs)) === null;
    },
    explainRefusal: (connection) => {
      const { nodes, edges, specs } = get();
      set({ hint: refusalReason(connection, nodes, edges, specLookup(specs)) });
    },
    connect: (connection) => {
      const { nodes, edges, specs } = get();
      const reason = refusalReason(connection, nodes, edges, specLookup(specs));
      if (reason) {
        set({ hint: reason });
        return;
      }
      const taken = new Set(edges.map((e) => e.id));
      const edge: CanvasEdge = {
        id: uniqueId(`e_${connection.source}_${connection.target}`, taken),
        source: connection.source,
        target: connection.target,
        sourceHandle: connection.sourceHandle ?? 'main',
        targetHandle: connection.targetHandle ?? 'main',
      };
      edit({ edges: [...edges, edge], hint: null });
    },
    remember: () => {
      const { nodes, edges, history } = get();
      set({ history: record(history, { nodes, edges }) });
    },
    undo: () => {
      const { history, nodes, edges } = get();
      const step = undo(history, { nodes, edges });
      if (!step) return;
      set({ history: step.history, nodes: step.present.nodes, edges: step.present.edges });
      refreshProblems();
    },
    redo: () => {
      const { history, nodes, edges } = get();
      const step = redo(history, { nodes, edges });
      if (!step) return;
      set({ history: step.history, nodes: step.present.nodes, edges: step.present.edges });
      refreshProblems();
    },
    addNode: (spec, position) => {
      const { nodes, edges, selectedId, specs } = get();
      const anchor = nodes.find((n) => n.id === selectedId);
      const node = newNodeFromSpec(spec, position ?? positionAfter(anchor, nodes), new Set(nodes.map((n) => n.id)));
      let nextEdges = edges;
      if (!position && anchor && anchor.type === 'ferry') {
        // Click-to-add after the selected node joins them when the ports allow it.
        const proposal = { source: anchor.id, sourceHandle: 'main', target: node.id, targetHandle: 'main' };
        const withNode = [...nodes, node];
        if (!refusalReason(proposal, withNode, edges, specLookup(specs))) {
          nextEdges = [
            ...edges,
            { id: uniqueId(`e_${anchor.id}_${node.id}`, new Set(edges.map((e) => e.id))), ...proposal },
          ];
        }
      }
      edit({
        nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }],
        edges: nextEdges,
        selectedId: node.id,
        focusId: position ? null : node.id,
      });
      return node.id;
    },
    addSticky: (position) => {
      const { nodes } = get();
      edit({ nodes: [...nodes, newSticky(position, new Set(nodes.map((n) => n.id)))] });
    },
    updateNode: (id, patch) => {
      const nodes = get().nodes.map((n) =>
        n.id === id && n.type === 'ferry' ? { ...n, data: { ...n.data, ...patch } } : n,
      );
      // The server's verdict on this node is stale once it changes; the next save checks it again.
      const server = get().serverProblems;
      edit({ nodes, serverProblems: server ? server.filter((p) => p.nodeId !== id) : null });
    },
    updateSticky: (id, text) => {
      set({
        nodes: get().nodes.map((n) => (n.id === id && n.type === 'sticky' ? { ...n, data: { ...n.data, text } } : n)),
      });
    },
    select: (id) => set({ selectedId: id }),
    deleteSelected: () => {
      const { nodes, edges, selectedId } = get();
      const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
      const keptEdges = edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
      if (!gone.size && keptEdges.length === edges.length) return;
      edit({
        nodes: nodes.filter((n) => !gone.has(n.id)),
        edges: keptEdges,
        selectedId: selectedId && gone.has(selectedId) ? null : selectedId,
      });
    },
    copy: () => copySelection(get().nodes, get().edges),
    paste: (text) => {
      const { nodes, edges } = get();
      const pasted = pasteContent(text, new Set([...nodes.map((n) => n.id), ...edges.map((e) => e.id)]), {
        x: 40,
        y: 40,
      });
      if (!pasted || !pasted.nodes.length) return false;
      edit({
        nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes],
        edges: [...edges, ...pasted.edges],
      });
      return true;
    },
    layout: () => edit({ nodes: autoLayout(get().nodes, get().edges) }),
    setSettings: (settings) => set({ settings }),
    setServerProblems: (problems) => {
      set({ serverProblems: problems });
      refreshProblems();
    },
    setHint: (hint) => set({ hint }),
    setDiffMarks: (diffMarks) => set({ diffMarks }),
    clearRuns: () => set({ runs: {} }),
    stepEvent: (nodeId, status) => {
      const runs = get().runs;
      set({ runs: { ...runs, [nodeId]: { status, steps: runs[nodeId]?.steps ?? [] } } });
    },
    applySteps: (steps) => {
      const runs: Record<string, NodeRun> = {};
      for (const step of steps) {
        const entry = (runs[step.nodeId] ??= { status: step.status, steps: [] });
        entry.steps.push(step);
        entry.status = step.status;
      }
      set({ runs });
    },
    pin: (nodeId, output) => set({ pinned: { ...get().pinned, [nodeId]: output } }),
    unpin: (nodeId) => {
      const pinned = { ...get().pinned };
      delete pinned[nodeId];
      set({ pinned });
    },
    document: () => flowToDocument(get().nodes, get().edges, get().settings),
    isDirty: () => {
      const { nodes, edges, settings, savedJson } = get();
      return docJson(nodes, edges, settings) !== savedJson;
    },
  };
});
