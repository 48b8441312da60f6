// The steps of a run in the order they ran; one is selected.
import type { Step } from '../../api/types';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDuration } from '../../lib/format';

export function StepList({
  steps,
  selectedId,
  onSelect,
}: {
  steps: Step[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <ol className="steps" aria-label="Steps">
      {steps.map((step, index) => {
        const id = String(step.id);
        const selected = id === selectedId;
        return (
          <li key={id}>
            <button
              type="button"
              className={`step${selected ? ' step--selected' : ''}`}
              aria-current={selected ? 'true' : undefined}
              onClick={() => onSelect(id)}
              data-testid="step"
            >
              <span className="step__index">{index + 1}</span>
              <span className="step__main">
                <span className="step__name" title={step.nodeName || step.nodeId}>
                  {step.nodeName || step.nodeId}
                </span>
                <span className="step__type">
                  {step.nodeType}
                  {step.attempt > 1 ? ` · attempt ${step.attempt}` : ''}
                </span>
              </span>
              <span className="step__side">
                <StatusBadge status={step.status} />
                <span className="step__duration">{formatDuration(step.durationMs)}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
