import { describe, expect, it } from 'vitest';
import type { AlertIncident, AlertRule, DeadLetterGroup } from '../api/ops';
import {
  affectedRunsQuery,
  confirmationText,
  describeRule,
  groupId,
  groupKey,
  groupTotals,
  milliseconds,
  percent,
} from './ops';
import { apiStatuses, filtersFromParams, runsApiQuery } from './runFilters';

const group: DeadLetterGroup = {
  workflowId: 'wf-1',
  workflowName: 'Orders',
  nodeId: 'm3',
  code: 'm3.item_missing',
  field: 'lines[0].sku',
  errorClass: 'not_found',
  reason: 'Item SKU-9 does not exist',
  count: 12,
  firstSeen: '2026-03-02T09:00:00Z',
  lastSeen: '2026-03-02T10:00:00Z',
  sampleId: 7,
};

describe('dead-letter groups', () => {
  it('names a group by workflow, node, code and field', () => {
    expect(groupKey(group)).toEqual({ workflow: 'wf-1', nodeId: 'm3', code: 'm3.item_missing', field: 'lines[0].sku' });
    expect(groupId(group)).not.toBe(groupId({ ...group, field: '' }));
  });

  it('adds up runs and causes', () => {
    expect(groupTotals([group, { ...group, count: 3, field: '' }])).toEqual({ runs: 15, causes: 2 });
    expect(groupTotals([])).toEqual({ runs: 0, causes: 0 });
  });
});

describe('confirmationText', () => {
  it('says how many runs a group action touches', () => {
    expect(confirmationText('retry-all', 12)).toBe(
      'Retry all 12 runs in this group? Each resumes at its failing step.',
    );
    expect(confirmationText('discard-all', 1)).toBe('Discard all 1 run in this group? They will never be retried.');
    expect(confirmationText('retry-one', 1)).toMatch(/^Retry this 1 run/);
  });
});

describe('formatting', () => {
  it('shows rates and latencies', () => {
    expect(percent(0.9917)).toBe('99.2%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('—');
    expect(milliseconds(180.4)).toBe('180 ms');
    expect(milliseconds(2210)).toBe('2.21 s');
    expect(milliseconds(null)).toBe('—');
  });

  it('describes a rule in one sentence', () => {
    expect(describeRule({ kind: 'failure_rate', threshold: 10, minutes: 15, minRuns: 5 })).toBe(
      'Failure rate above 10% over 15 min (at least 5 runs)',
    );
  });
});

const incident: AlertIncident = {
  id: 'inc-1',
  ruleId: 'rule-1',
  ruleName: 'Orders failing',
  kind: 'failure_rate',
  workflow: 'wf-1',
  openedAt: '2026-03-02T10:30:00Z',
  resolvedAt: '2026-03-02T10:45:00Z',
  lastValue: 40,
  summary: '40% failed',
  notified: true,
  resolvedNotified: true,
  deliveryErrors: [],
  url: '',
};

describe('affectedRunsQuery', () => {
  it('points failure alerts at the failed runs of the rule window, every run once resolved', () => {
    const firing = new URLSearchParams(
      affectedRunsQuery({ ...incident, resolvedAt: null }, { minutes: 15 } as AlertRule) ?? '',
    );
    expect(firing.get('status')).toBe('failed');
    const query = new URLSearchParams(affectedRunsQuery(incident, { minutes: 15 } as AlertRule) ?? '');
    expect(query.get('status')).toBeNull();
    expect(query.get('workflow')).toBe('wf-1');
    expect(query.get('since')).toBe('2026-03-02T10:15:00.000Z');
    expect(query.get('until')).toBe('2026-03-02T10:45:00Z');
  });

  it('points stuck-run alerts at unfinished runs and connection alerts nowhere', () => {
    const stuck = new URLSearchParams(
      affectedRunsQuery({ ...incident, kind: 'stuck_run', workflow: null }, { minutes: 30 } as AlertRule) ?? '',
    );
    expect(stuck.get('status')).toBe('queued,running,retry_wait');
    expect(affectedRunsQuery({ ...incident, kind: 'connection_down' }, undefined)).toBeNull();
  });
});

describe('run filters from alert links', () => {
  it('reads dead_lettered as failed and keeps time and error class filters', () => {
    expect(apiStatuses('failed,dead_lettered')).toBe('failed');
    const filters = filtersFromParams(
      new URLSearchParams('status=failed,dead_lettered&errorClass=validation&since=2026-01-01T00:00:00Z'),
    );
    const query = new URLSearchParams(runsApiQuery(filters).slice(1));
    expect(query.get('status')).toBe('failed');
    expect(query.get('errorClass')).toBe('validation');
    expect(query.get('since')).toBe('2026-01-01T00:00:00Z');
  });
});
