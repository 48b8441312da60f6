// One step in full: what it is, when it ran, its error, and its inputs and outputs as JSON.
import type { Step } from '../../api/types';
import { FailureBox } from '../../components/FailureBox';
import { JsonView } from '../../components/JsonView';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, formatDuration } from '../../lib/format';

export function StepDetail({ step }: { step: Step }) {
  return (
    <div className="step-detail" data-testid="step-detail">
      <header className="step-detail__header">
        <div>
          <h3>{step.nodeName || step.nodeId}</h3>
          <div className="muted small">
            <code>{step.nodeId}</code> · {step.nodeType} · attempt {step.attempt}
          </div>
        </div>
        <StatusBadge status={step.status} />
      </header>
      <dl className="facts facts--row">
        <dt>Started</dt>
        <dd>{formatDateTime(step.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(step.finishedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(step.durationMs)}</dd>
      </dl>
      {step.error ? <FailureBox failure={step.error} title="Step error" /> : null}
      <JsonView value={step.inputs} label="Inputs" />
      <JsonView value={step.outputs} label="Outputs" />
    </div>
  );
}
