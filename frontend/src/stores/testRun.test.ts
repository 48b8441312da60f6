import { beforeEach, describe, expect, it } from 'vitest';
import { mockFetch, problem } from '../test/fetchMock';
import { SPECS } from '../test/nodeSpecs';
import { useDesigner } from './designer';
import { useTestRun } from './testRun';

const URL = '/api/v1/workflows/wf/test-run';
const step = (nodeId: string, status: string) => ({
  id: nodeId,
  nodeId,
  nodeName: nodeId,
  nodeType: 'x',
  attempt: 1,
  status,
  inputs: {},
  outputs: { main: [{ json: { ok: true } }] },
  error: null,
  startedAt: null,
  finishedAt: null,
  durationMs: 1,
});

describe('test runs', () => {
  beforeEach(() => {
    useDesigner.getState().setSpecs(SPECS);
    useDesigner.getState().load({
      schemaVersion: 1,
      nodes: [
        { id: 'hook', type: 'core.trigger.webhook', typeVersion: 1, config: {} },
        { id: 'map', type: 'core.jsonata.map', typeVersion: 1, config: { expression: '$' } },
      ],
      edges: [{ id: 'e', source: 'hook', target: 'map' }],
    });
    useTestRun.getState().reset();
    useTestRun.getState().setPayloadText('{"order": 1}');
  });

  it('sends the canvas, the payload, the node to stop after and the pins, and shows each node’s steps', async () => {
    const calls = mockFetch({
      [`POST ${URL}`]: {
        body: {
          status: 'succeeded',
          output: null,
          error: null,
          steps: [step('hook', 'succeeded'), step('map', 'succeeded')],
        },
      },
    });
    useDesigner.getState().pin('hook', { main: [{ json: { order: 2 } }] });
    await useTestRun.getState().run('wf', 'map');
    expect(calls[0]?.body).toMatchObject({
      payload: { order: 1 },
      stopAfter: 'map',
      pinned: { hook: { main: [{ json: { order: 2 } }] } },
      document: { nodes: [{ id: 'hook' }, { id: 'map' }] },
    });
    expect(useDesigner.getState().runs.map?.status).toBe('succeeded');
    expect(useTestRun.getState().result?.status).toBe('succeeded');
  });

  it('turns nodes running and finished from live events while a run is in flight', () => {
    useTestRun.setState({ running: true });
    useTestRun.getState().onEvent({ type: 'step.started', nodeId: 'map', runId: 'r1' });
    expect(useDesigner.getState().runs.map?.status).toBe('running');
    useTestRun.getState().onEvent({ type: 'step.finished', nodeId: 'map', status: 'failed', runId: 'r1' });
    expect(useDesigner.getState().runs.map?.status).toBe('failed');
  });

  it('lists runs as they start and finish', () => {
    useTestRun.getState().onEvent({ type: 'run.started', runId: 'r9', at: '2026-01-01T00:00:00Z' });
    useTestRun.getState().onEvent({ type: 'run.finished', runId: 'r9', status: 'succeeded' });
    expect(useTestRun.getState().liveRuns).toMatchObject([{ runId: 'r9', status: 'succeeded' }]);
  });

  it('keeps the mode and business key the run events carry', () => {
    const { onEvent } = useTestRun.getState();
    onEvent({ type: 'run.started', runId: 'r7', mode: 'webhook', businessKey: 'XKBKNABJK' });
    onEvent({ type: 'run.finished', runId: 'r7', status: 'failed' });
    onEvent({ type: 'run.started', runId: 'r8' });
    expect(useTestRun.getState().liveRuns).toMatchObject([
      { runId: 'r8', mode: null, businessKey: '' },
      { runId: 'r7', status: 'failed', mode: 'webhook', businessKey: 'XKBKNABJK' },
    ]);
  });

  it('refuses a payload that is not JSON without calling the server', async () => {
    const calls = mockFetch({});
    useTestRun.getState().setPayloadText('{oops');
    await useTestRun.getState().run('wf');
    expect(calls).toEqual([]);
    expect(useTestRun.getState().error).toBe('The sample payload is not valid JSON.');
  });

  it('puts the problems of an invalid workflow on its nodes', async () => {
    mockFetch({
      [`POST ${URL}`]: problem(400, 'The workflow is not valid.', {
        problems: [{ nodeId: 'map', field: 'config.expression', message: 'Bad.', code: 'expression' }],
      }),
    });
    await useTestRun.getState().run('wf');
    expect(useTestRun.getState().error).toBe('The workflow is not valid.');
    expect(useDesigner.getState().problems.map?.[0]?.message).toBe('Bad.');
  });
});
