import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelative, humanize, isFinished } from './format';
import { BACKOFF_MAX_MS, reconnectDelay } from './backoff';

describe('formatDuration', () => {
  it('reads milliseconds, seconds, minutes and hours', () => {
    expect(formatDuration(245)).toBe('245 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(42_500)).toBe('42.5 s');
    expect(formatDuration(192_000)).toBe('3 min 12 s');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
  });

  it('shows a dash when there is no duration yet', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatRelative', () => {
  it('counts back from now', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatRelative('2026-01-01T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2026-01-01T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2026-01-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2025-12-30T12:00:00Z', now)).toBe('2 d ago');
    expect(formatRelative('not a date', now)).toBe('—');
  });
});

describe('humanize and isFinished', () => {
  it('turn status ids into words and know which are final', () => {
    expect(humanize('retry_wait')).toBe('Retry wait');
    expect(isFinished('succeeded')).toBe(true);
    expect(isFinished('retry_wait')).toBe(false);
  });
});

describe('reconnectDelay', () => {
  it('doubles from one second and stops growing at the cap', () => {
    const top = () => 1;
    expect(reconnectDelay(0, top)).toBe(1000);
    expect(reconnectDelay(1, top)).toBe(2000);
    expect(reconnectDelay(3, top)).toBe(8000);
    expect(reconnectDelay(20, top)).toBe(BACKOFF_MAX_MS);
  });

  it('waits at least half of the ceiling', () => {
    expect(reconnectDelay(2, () => 0)).toBe(2000);
  });
});
