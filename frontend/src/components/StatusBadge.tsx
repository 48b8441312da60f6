// A run or step status as a small coloured pill.
import { humanize } from '../lib/format';

export type Tone = 'success' | 'danger' | 'info' | 'warning' | 'neutral' | 'muted';

const TONES: Record<string, Tone> = {
  succeeded: 'success',
  failed: 'danger',
  crashed: 'danger',
  running: 'info',
  queued: 'neutral',
  retry_wait: 'warning',
  waiting: 'warning',
  cancelled: 'muted',
  skipped: 'muted',
};

export function statusTone(status: string): Tone {
  return TONES[status] ?? 'neutral';
}

export function StatusBadge({ status }: { status: string }) {
  const tone = statusTone(status);
  return (
    <span className={`badge badge--${tone}`} data-status={status}>
      <span className="badge__dot" aria-hidden="true" />
      {humanize(status)}
    </span>
  );
}
