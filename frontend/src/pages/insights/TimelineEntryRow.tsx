// One line of a timeline: when, what, which run and workflow, and the call's request and response.
import { Link } from 'react-router';
import type { TimelineEntry } from '../../api/insights';
import { entryLabel, entryTone, timeOfDay } from '../../lib/insights';

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
}

export function TimelineEntryRow({ entry }: { entry: TimelineEntry }) {
  const d = entry.details;
  const mappings = Array.isArray(d.mappings)
    ? (d.mappings as { nodeId: string; name: string; configHash: string }[])
    : [];
  const stepLink = entry.runId && d.stepId ? `/runs/${entry.runId}?step=${text(d.stepId)}` : null;
  return (
    <li className={`timeline__entry timeline__entry--${entryTone(entry)}`} data-kind={entry.kind}>
      <div className="timeline__when" title={entry.at ?? undefined}>
        {timeOfDay(entry.at)}
      </div>
      <div className="timeline__body">
        <div className="timeline__head">
          <span className={`badge badge--${entryTone(entry)}`}>{entryLabel(entry.kind)}</span>
          <span className="timeline__title">{entry.title}</span>
        </div>
        <div className="timeline__links muted">
          {entry.workflowId ? (
            <Link to={`/workflows/${entry.workflowId}/design`}>{entry.workflowName ?? 'Workflow'} on the canvas</Link>
          ) : null}
          {entry.runId ? (
            <Link to={stepLink ?? `/runs/${entry.runId}`}>
              {stepLink ? 'step' : 'run'} {entry.runId.slice(0, 8)}
            </Link>
          ) : null}
          {d.nodeType ? <code>{text(d.nodeType)}</code> : null}
        </div>
        {mappings.length > 0 ? (
          <p className="timeline__detail">
            Mappings:{' '}
            {mappings.map((m) => (
              <code key={m.nodeId} title={`config ${m.configHash}`}>
                {m.name || m.nodeId}@{m.configHash.slice(0, 6)}
              </code>
            ))}
          </p>
        ) : null}
        {d.request || d.response ? (
          <details className="timeline__detail">
            <summary>Request and response</summary>
            <pre>→ {text(d.request)}</pre>
            <pre>← {text(d.response)}</pre>
          </details>
        ) : null}
        {d.error ? (
          <pre className="timeline__error">{text((d.error as { message?: string }).message ?? d.error)}</pre>
        ) : null}
      </div>
    </li>
  );
}
