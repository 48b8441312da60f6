// Testing from the designer: a sample payload (typed, or a past run's input), run all or up to a node.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { userMessage } from '../../api/client';
import { recentRuns, runDetail } from '../../api/designer';
import { FailureBox } from '../../components/FailureBox';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, humanize } from '../../lib/format';
import { useDesigner } from '../../stores/designer';
import { useTestRun } from '../../stores/testRun';

type PastRun = { id: string; status: string; mode: string; businessKey: string; createdAt: string };

export function TestPanel({ workflowId, onClose }: { workflowId: string; onClose(): void }) {
  const { payloadText, running, result, error, liveRuns, setPayloadText, run } = useTestRun();
  const selectedId = useDesigner((s) => s.selectedId);
  const selectedName = useDesigner((s) => {
    const node = s.nodes.find((n) => n.id === s.selectedId);
    return node?.type === 'ferry' ? node.data.name : null;
  });
  const pinnedCount = useDesigner((s) => Object.keys(s.pinned).length);
  const [past, setPast] = useState<PastRun[] | null>(null);
  const [pastError, setPastError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    recentRuns(workflowId)
      .then((page) => live && setPast(page.results))
      .catch((failure: unknown) => live && setPastError(userMessage(failure)));
    return () => {
      live = false;
    };
  }, [workflowId, liveRuns.length]);

  const loadPastInput = async (runId: string): Promise<void> => {
    try {
      const detail = await runDetail(runId);
      setPayloadText(JSON.stringify(detail.input ?? null, null, 2));
    } catch (failure) {
      setPastError(userMessage(failure));
    }
  };

  return (
    <aside className="panel" aria-label="Test the workflow" data-testid="test-panel">
      <header className="panel__header">
        <h2 className="panel__title">Test</h2>
        <button
          type="button"
          className="button button--small button--ghost"
          aria-label="Close test panel"
          onClick={onClose}
        >
          ✕
        </button>
      </header>
      <div className="panel__body">
        <label className="field">
          <span>Sample payload (JSON)</span>
          <textarea
            className="code-input"
            rows={9}
            spellCheck={false}
            value={payloadText}
            onChange={(e) => setPayloadText(e.target.value)}
            data-testid="test-payload"
          />
        </label>
        <label className="field">
          <span>Or use the input of a past run</span>
          <select
            value=""
            onChange={(e) => e.target.value && void loadPastInput(e.target.value)}
            disabled={!past?.length}
          >
            <option value="">{past === null ? 'Loading runs…' : past.length ? 'Choose a run…' : 'No runs yet'}</option>
            {(past ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {formatDateTime(r.createdAt)} · {r.mode} · {r.status}
                {r.businessKey ? ` · ${r.businessKey}` : ''}
              </option>
            ))}
          </select>
        </label>
        {pastError ? <p className="field__error">{pastError}</p> : null}
        <div className="row-actions">
          <button
            type="button"
            className="button button--primary"
            disabled={running}
            onClick={() => void run(workflowId)}
            data-testid="run-test"
          >
            {running ? 'Running…' : 'Run workflow'}
          </button>
          <button
            type="button"
            className="button"
            disabled={running || !selectedId || !selectedName}
            onClick={() => selectedId && void run(workflowId, selectedId)}
          >
            {selectedName ? `Run up to “${selectedName}”` : 'Run up to a node (select one)'}
          </button>
        </div>
        {pinnedCount ? (
          <p className="muted small">{pinnedCount} pinned node output(s) are used instead of running those nodes.</p>
        ) : null}
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        {result ? (
          <div className="test-result" data-testid="test-result">
            <div className="attempt__head">
              <StatusBadge status={result.status} />
              <span className="muted small">{result.steps.length} step(s). Click a node to see its data.</span>
            </div>
            {result.error ? <FailureBox failure={result.error} title="Run error" /> : null}
          </div>
        ) : null}
        <h3 className="panel__subtitle">Live runs</h3>
        {liveRuns.length === 0 ? <p className="muted small">Runs of this workflow appear here as they start.</p> : null}
        <ul className="live-runs" data-testid="live-runs">
          {liveRuns.map((r) => (
            <li key={r.runId}>
              <StatusBadge status={r.status} /> <Link to={`/runs/${r.runId}`}>{r.runId.slice(0, 8)}</Link>{' '}
              {r.mode ? (
                <span className="live-runs__mode" data-testid={`live-run-mode-${r.runId}`}>
                  {humanize(r.mode)}
                </span>
              ) : null}{' '}
              {r.businessKey ? <span className="small">{r.businessKey}</span> : null}{' '}
              <span className="muted small">{formatDateTime(r.at)}</span>
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
