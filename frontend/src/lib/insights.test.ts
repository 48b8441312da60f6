import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../api/insights';
import {
  countByKind,
  currentTourStep,
  defaultPeriod,
  entryLabel,
  entryTone,
  firstItem,
  groupByDay,
  looksLikeBusinessKey,
  mappingStep,
  preview,
  timeOfDay,
  tourSteps,
} from './insights';

function entry(kind: string, at: string | null, details: Record<string, unknown> = {}): TimelineEntry {
  return { kind, at, title: kind, runId: null, workflowId: null, workflowName: null, details };
}

describe('timeline helpers', () => {
  it('labels known kinds and audit actions', () => {
    expect(entryLabel('step.retry')).toBe('Retry');
    expect(entryLabel('audit.retry_all')).toBe('Audit: retry all');
    expect(entryLabel('something.new')).toBe('something.new');
  });

  it('colours failures, retries and successes', () => {
    expect(entryTone(entry('deadletter.parked', null))).toBe('danger');
    expect(entryTone(entry('step', null, { status: 'failed' }))).toBe('danger');
    expect(entryTone(entry('step', null, { status: 'retry_wait' }))).toBe('warning');
    expect(entryTone(entry('binding.recorded', null))).toBe('success');
    expect(entryTone(entry('step', null, { status: 'succeeded' }))).toBe('neutral');
  });

  it('groups entries by day in their order', () => {
    const groups = groupByDay([
      entry('a', '2026-01-05T10:00:00Z'),
      entry('b', '2026-01-05T11:00:00Z'),
      entry('c', '2026-01-06T09:00:00Z'),
      entry('d', null),
    ]);
    expect(groups.map((g) => [g.day, g.entries.length])).toEqual([
      ['2026-01-05', 2],
      ['2026-01-06', 1],
      ['unknown', 1],
    ]);
  });

  it('tells business keys from run ids', () => {
    expect(looksLikeBusinessKey('XKBKNABJK')).toBe(true);
    expect(looksLikeBusinessKey('ada@example.com')).toBe(true);
    expect(looksLikeBusinessKey('6e81619a-1b2c-4d5e-8f90-123456789abc')).toBe(false);
    expect(looksLikeBusinessKey('   ')).toBe(false);
  });
});

describe('reconciliation helpers', () => {
  it('counts mismatches by kind, known kinds first', () => {
    expect(countByKind(['zzz', 'invoiced_unpaid', 'missing_in_infor', 'missing_in_infor'])).toEqual([
      { kind: 'missing_in_infor', count: 2 },
      { kind: 'invoiced_unpaid', count: 1 },
      { kind: 'zzz', count: 1 },
    ]);
  });

  it('proposes the last seven days', () => {
    expect(defaultPeriod(new Date('2026-03-10T12:00:00Z'))).toEqual({ from: '2026-03-04', to: '2026-03-10' });
  });
});

describe('tour steps', () => {
  const start = { reference: null, orderRunStatus: null, orderNumber: null, shipRequested: false, trackingNumber: '' };

  it('starts at placing the order and ends when the tracking number is in the shop', () => {
    expect(currentTourStep(start)).toBe('place');
    expect(currentTourStep({ ...start, reference: 'ABC', orderRunStatus: 'running' })).toBe('map');
    expect(
      currentTourStep({ ...start, reference: 'ABC', orderRunStatus: 'succeeded', orderNumber: '1000000001' }),
    ).toBe('ship');
    const done = {
      reference: 'ABC',
      orderRunStatus: 'succeeded',
      orderNumber: '1',
      shipRequested: true,
      trackingNumber: 'JD1',
    };
    expect(currentTourStep(done)).toBeNull();
    expect(Object.values(tourSteps(done)).every(Boolean)).toBe(true);
  });
});

describe('tour mapping step', () => {
  it('prefers the toOrder map and falls back to the last successful map', () => {
    const steps = [
      { nodeId: 'shape', nodeType: 'core.jsonata.map', status: 'succeeded' },
      { nodeId: 'check', nodeType: 'core.jsonata.map', status: 'succeeded' },
      { nodeId: 'send', nodeType: 'infor.m3.sales_order.create', status: 'succeeded' },
    ];
    expect(mappingStep(steps)?.nodeId).toBe('check');
    expect(
      mappingStep([...steps, { nodeId: 'toOrder', nodeType: 'core.jsonata.map', status: 'succeeded' }])?.nodeId,
    ).toBe('toOrder');
    expect(mappingStep([])).toBeNull();
  });

  it('cuts long previews', () => {
    expect(preview({ a: 'x'.repeat(50) }, 20)).toHaveLength(20);
    expect(preview(undefined)).toBe('');
  });
});

describe('step data helpers', () => {
  it('unwraps the first item of the first port with items', () => {
    expect(firstItem({ true: [], main: [{ json: { a: 1 }, sourceNode: 'x' }] })).toEqual({ a: 1 });
    expect(firstItem({ main: [] })).toEqual({ main: [] });
    expect(firstItem(null)).toBeNull();
  });

  it('shows the time of day, and bad instants as they are', () => {
    expect(timeOfDay('2026-01-05T08:00:03Z')).toMatch(/^\d\d:\d\d:03$/);
    expect(timeOfDay('soon')).toBe('soon');
    expect(timeOfDay(null)).toBe('');
  });
});
