// Test runs from the designer: the sample payload, the run in flight, its result, and runs arriving live.
import { create } from 'zustand';
import { ApiError, userMessage } from '../api/client';
import { testRun, type TestRunResult } from '../api/designer';
import type { RunEvent } from '../api/types';
import { useDesigner } from './designer';

export interface LiveRun {
  runId: string;
  status: string;
  at: string;
  /** webhook, manual, schedule, test…; null when the event did not say. */
  mode: string | null;
  businessKey: string;
}

interface TestRunState {
  payloadText: string;
  running: boolean;
  result: TestRunResult | null;
  error: string | null;
  liveRuns: LiveRun[];
  setPayloadText(text: string): void;
  payload(): unknown;
  run(workflowId: string, stopAfter?: string): Promise<void>;
  onEvent(event: RunEvent): void;
  reset(): void;
}

export const SAMPLE_ORDER = {
  order: {
    id: 1042,
    reference: 'XKBKNABJK',
    currency: 'EUR',
    customer: { id: 7, email: 'ada@example.com' },
    lines: [{ sku: 'SKU-00001', quantity: 2, price: 19.9 }],
  },
};

export const useTestRun = create<TestRunState>()((set, get) => ({
  payloadText: JSON.stringify(SAMPLE_ORDER, null, 2),
  running: false,
  result: null,
  error: null,
  liveRuns: [],
  setPayloadText: (payloadText) => set({ payloadText }),
  payload: () => JSON.parse(get().payloadText) as unknown,
  run: async (workflowId, stopAfter) => {
    let payload: unknown;
    try {
      payload = get().payload();
    } catch {
      set({ error: 'The sample payload is not valid JSON.' });
      return;
    }
    const designer = useDesigner.getState();
    designer.clearRuns();
    set({ running: true, error: null, result: null });
    try {
      const pinned = designer.pinned;
      const result = await testRun(workflowId, {
        payload,
        document: designer.document(),
        ...(stopAfter ? { stopAfter } : {}),
        ...(Object.keys(pinned).length ? { pinned } : {}),
      });
      useDesigner.getState().applySteps(result.steps);
      set({ result, running: false });
    } catch (failure) {
      if (failure instanceof ApiError && failure.problems.length)
        useDesigner.getState().setServerProblems(failure.problems);
      set({ running: false, error: userMessage(failure) });
    }
  },
  onEvent: (event) => {
    if (get().running && event.nodeId && (event.type === 'step.started' || event.type === 'step.finished')) {
      useDesigner
        .getState()
        .stepEvent(event.nodeId, event.type === 'step.started' ? 'running' : (event.status ?? 'succeeded'));
    }
    if (!event.runId || (event.type !== 'run.started' && event.type !== 'run.finished')) return;
    const status = event.type === 'run.started' ? 'running' : (event.status ?? 'finished');
    const known = get().liveRuns.find((r) => r.runId === event.runId);
    const others = get().liveRuns.filter((r) => r.runId !== event.runId);
    const entry: LiveRun = {
      runId: event.runId,
      status,
      at: event.at ?? new Date().toISOString(),
      mode: event.mode || known?.mode || null,
      businessKey: event.businessKey || known?.businessKey || '',
    };
    set({ liveRuns: [entry, ...others].slice(0, 10) });
  },
  reset: () => set({ running: false, result: null, error: null, liveRuns: [] }),
}));
