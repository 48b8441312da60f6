// One run: its header, its steps in order, and the selected step's data; live while it is running.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { getRun } from '../../api/endpoints';
import { useRunStream } from '../../api/runStream';
import type { RunDetail, Step } from '../../api/types';
import { useApi } from '../../api/useApi';
import { FailureBox } from '../../components/FailureBox';
import { JsonView } from '../../components/JsonView';
import { Empty, ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, formatDuration, humanize, isFinished } from '../../lib/format';
import { StepDetail } from './StepDetail';
import { StepList } from './StepList';
import { ReplayPanel } from './ReplayPanel';
import { getVersion } from '../../api/ops';
import '../../ops/ops.css';

// The graph library is loaded only when a run page opens, not with every screen.
const RunGraph = lazy(() => import('./RunGraph'));

function GraphCard({ run, onSelect }: { run: RunDetail; onSelect: (stepId: string) => void }) {
  const number = run.versionNumber;
  const version = useApi(`version:${run.workflowId}:${number}`, (signal) =>
    number === null ? Promise.resolve(undefined) : getVersion(run.workflowId, number, signal),
  );
  if (number === null || version.error || (!version.loading && !version.data)) return null;
  return (
    <div className="card run-graph-card">
      <h2 className="card__title">Graph</h2>
      {version.data ? (
        <Suspense fallback={<Loading label="Drawing the graph…" />}>
          <RunGraph version={version.data} steps={run.steps} onSelect={onSelect} />
        </Suspense>
      ) : (
        <Loading label="Loading the graph…" />
      )}
    </div>
  );
}

const POLL_MS = 3000;
const EVENT_SETTLE_MS = 250;

/** The step the URL names, else the first failed one, else the first. */
export function pickStep(steps: Step[], wanted: string | null): Step | undefined {
  return steps.find((s) => String(s.id) === wanted) ?? steps.find((s) => s.status === 'failed') ?? steps[0];
}

function RunHeader({ run, live, onReplay }: { run: RunDetail; live: string; onReplay: () => void }) {
  return (
    <div className="card run-header">
      <div className="run-header__top">
        <div>
          <div className="muted small">
            <Link to="/runs">Runs</Link> / <code>{run.id}</code>
          </div>
          <h1 className="run-header__title">
            <Link to={`/runs?workflow=${encodeURIComponent(run.workflowId)}`}>{run.workflowName}</Link>
            {run.versionNumber !== null ? <span className="version">v{run.versionNumber}</span> : null}
          </h1>
        </div>
        <div className="run-header__status">
          <StatusBadge status={run.status} />
          {live ? <span className="live small">{live}</span> : null}
          {isFinished(run.status) ? (
            <button type="button" className="button button--small" onClick={onReplay}>
              Replay…
            </button>
          ) : null}
        </div>
      </div>
      <dl className="facts facts--row">
        <dt>Business key</dt>
        <dd>
          {run.businessKey ? (
            <>
              <code>{run.businessKey}</code>{' '}
              <Link to={`/timeline?key=${encodeURIComponent(run.businessKey)}`}>Timeline</Link>
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Mode</dt>
        <dd>{humanize(run.mode)}</dd>
        {run.parentRunId ? (
          <>
            <dt>Started by</dt>
            <dd>
              <Link to={`/runs/${run.parentRunId}`}>
                run <code>{run.parentRunId.slice(0, 8)}</code>
              </Link>
            </dd>
          </>
        ) : null}
        {run.startedRuns ? (
          <>
            <dt>Runs started</dt>
            <dd>
              <Link to={`/runs?parent=${encodeURIComponent(run.id)}`}>
                {run.startedRuns === 1 ? '1 run' : `${run.startedRuns} runs`}
              </Link>
            </dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>{formatDateTime(run.createdAt)}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(run.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(run.finishedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.durationMs)}</dd>
      </dl>
      {run.error ? <FailureBox failure={run.error} title="Run error" /> : null}
      {run.input !== undefined && run.input !== null ? (
        <details className="run-input">
          <summary>Trigger payload</summary>
          <JsonView value={run.input} label="Trigger payload" />
        </details>
      ) : null}
    </div>
  );
}

export function RunPage() {
  const { runId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { data: run, error, loading, reload } = useApi(`run:${runId}`, (signal) => getRun(runId, signal));
  const active = run !== undefined && !isFinished(run.status);
  const [replaying, setReplaying] = useState(false);

  // Events come in bursts (a step starts and finishes within milliseconds): refetch once they settle.
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stream = useRunStream(runId, active, () => {
    clearTimeout(settle.current);
    settle.current = setTimeout(reload, EVENT_SETTLE_MS);
  });
  useEffect(() => () => clearTimeout(settle.current), []);

  // Without a socket (proxy without websockets, server restarting) a running run still moves on screen.
  useEffect(() => {
    if (!active || stream === 'open') return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [active, stream, reload]);

  if (loading || !run) {
    return (
      <div className="card">
        {loading ? (
          <Loading label="Loading run…" />
        ) : error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : (
          <Empty title="Run not found" />
        )}
      </div>
    );
  }

  const selected = pickStep(run.steps, params.get('step'));
  const live = !active ? '' : stream === 'open' ? 'Live' : 'Refreshing every few seconds';

  return (
    <>
      <RunHeader run={run} live={live} onReplay={() => setReplaying(true)} />
      {replaying ? <ReplayPanel run={run} onClose={() => setReplaying(false)} /> : null}
      <GraphCard run={run} onSelect={(id) => setParams({ step: id }, { replace: true })} />
      <div className="run-body">
        <div className="card run-body__steps">
          <h2 className="card__title">Steps</h2>
          {run.steps.length === 0 ? (
            <Empty title={active ? 'No steps yet' : 'This run has no steps'}>
              {active ? 'Steps appear here as the run reaches them.' : null}
            </Empty>
          ) : (
            <StepList
              steps={run.steps}
              selectedId={selected ? String(selected.id) : null}
              onSelect={(id) => setParams({ step: id }, { replace: true })}
            />
          )}
        </div>
        <div className="card run-body__detail">
          {selected ? <StepDetail step={selected} /> : <Empty title="Select a step to see its data" />}
        </div>
      </div>
    </>
  );
}
