// Replay a run: from its trigger or a chosen step, on the version it ran or the active one, with
// a dry run that stops before the first side effect and shows what it would send.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { userMessage } from '../../api/client';
import { replayRun, type ReplayRequest, type ReplayResult } from '../../api/ops';
import type { RunDetail } from '../../api/types';
import { FailureBox } from '../../components/FailureBox';
import { JsonView } from '../../components/JsonView';

/** The steps a replay can start from: each node once, in the order the run reached them. */
export function replayStarts(run: RunDetail): { nodeId: string; name: string }[] {
  const seen = new Set<string>();
  const starts: { nodeId: string; name: string }[] = [];
  for (const step of run.steps) {
    if (seen.has(step.nodeId)) continue;
    seen.add(step.nodeId);
    starts.push({ nodeId: step.nodeId, name: step.nodeName || step.nodeId });
  }
  return starts;
}

function DryRun({ result }: { result: ReplayResult }) {
  const output = (result.output ?? {}) as { stoppedAt?: string; wouldSend?: unknown };
  return (
    <div data-testid="dry-run-result">
      {output.stoppedAt ? (
        <p>
          The dry run stopped before <code>{output.stoppedAt}</code>, the first step that changes something outside
          Ferry. It would send:
        </p>
      ) : (
        <p>The dry run reached the end without a side-effecting step ({result.status}).</p>
      )}
      {result.error ? <FailureBox failure={result.error} title="Dry run error" /> : null}
      <JsonView value={output.wouldSend ?? result.output} label="Would send" />
    </div>
  );
}

export function ReplayPanel({ run, onClose }: { run: RunDetail; onClose: () => void }) {
  const [request, setRequest] = useState<ReplayRequest>({
    fromNode: '',
    version: 'original',
    dryRun: true,
    forceNewEffects: false,
    reason: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const set = (change: Partial<ReplayRequest>): void => setRequest((r) => ({ ...r, ...change }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await replayRun(run.id, request));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card replay" onSubmit={(e) => void submit(e)} aria-label="Replay">
      <h2 className="card__title" style={{ paddingLeft: 0 }}>
        Replay this run
      </h2>
      <div className="form-grid">
        <label className="field">
          <span>Start from</span>
          <select name="fromNode" value={request.fromNode} onChange={(e) => set({ fromNode: e.target.value })}>
            <option value="">The trigger (whole run)</option>
            {replayStarts(run).map((s) => (
              <option key={s.nodeId} value={s.nodeId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Version</span>
          <select
            name="version"
            value={request.version}
            onChange={(e) => set({ version: e.target.value as ReplayRequest['version'] })}
          >
            <option value="original">
              The version it ran{run.versionNumber !== null ? ` (v${run.versionNumber})` : ''}
            </option>
            <option value="active">The active version</option>
          </select>
        </label>
        <label className="field">
          <span>Reason (audit trail)</span>
          <input name="reason" value={request.reason} onChange={(e) => set({ reason: e.target.value })} />
        </label>
        <label className="check">
          <input type="checkbox" checked={request.dryRun} onChange={(e) => set({ dryRun: e.target.checked })} /> Dry
          run: stop before the first side effect and show what would be sent
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={request.forceNewEffects}
            disabled={request.dryRun}
            onChange={(e) => set({ forceNewEffects: e.target.checked })}
          />{' '}
          Perform effects this run already performed again
        </label>
      </div>
      {error ? (
        <p className="alert alert--danger" role="alert">
          {userMessage(error)}
        </p>
      ) : null}
      {result && result.dryRun ? <DryRun result={result} /> : null}
      {result && !result.dryRun ? (
        <p className="alert alert--success" role="status">
          Replay started as run <Link to={`/runs/${result.runId}`}>{result.runId.slice(0, 8)}</Link> on v
          {result.versionNumber}.
        </p>
      ) : null}
      <div className="toolbar">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Replaying…' : request.dryRun ? 'Dry run' : 'Replay'}
        </button>
        <button type="button" className="button button--ghost" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
