import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertChannel, AlertIncident } from '../../api/ops';
import { mockFetch, problem } from '../../test/fetchMock';
import { AlertsPage } from './AlertsPage';
import { channelConfig } from './ChannelForm';
import { IncidentPage } from './IncidentPage';
import { ruleBody } from './RuleForm';

afterEach(() => vi.unstubAllGlobals());

const incident: AlertIncident = {
  id: '5b0c0000-0000-0000-0000-000000000001',
  ruleId: 'rule-1',
  ruleName: 'Orders failing',
  kind: 'failure_rate',
  workflow: 'wf-1',
  openedAt: '2026-03-02T10:30:00Z',
  resolvedAt: null,
  lastValue: 40,
  summary: '40% of 10 runs failed in 15 minutes',
  notified: true,
  resolvedNotified: false,
  deliveryErrors: [],
  url: '',
};
const channel: AlertChannel = {
  id: 'ch-1',
  name: 'Ops mail',
  kind: 'email',
  config: { host: 'smtp.local', to: ['ops@example.com'] },
  enabled: true,
  secretsSet: { password: false },
};
const empty = { count: 0, next: null, previous: null, results: [] };

describe('alert rule and channel forms', () => {
  it('sends only the fields the rule kind uses', () => {
    const body = ruleBody({
      name: 'Down',
      kind: 'connection_down',
      workflow: 'wf-1',
      connection: 'c-1',
      threshold: 4,
      minutes: 3,
    });
    expect(body).toMatchObject({ kind: 'connection_down', workflow: null, connection: 'c-1' });
    expect(body).not.toHaveProperty('threshold');
    expect(ruleBody({ kind: 'failure_rate', threshold: 10, minutes: 15, minRuns: 5, workflow: null })).toMatchObject({
      threshold: 10,
      minutes: 15,
      minRuns: 5,
    });
  });

  it('turns the channel form into the API config', () => {
    expect(channelConfig('email', { host: ' smtp ', port: '2525', to: 'a@x.io, b@x.io', password: '' })).toEqual({
      host: 'smtp',
      port: 2525,
      to: ['a@x.io', 'b@x.io'],
    });
  });
});

describe('IncidentPage', () => {
  it('explains the alert and links to the runs it counted', async () => {
    mockFetch({
      [`GET /api/v1/alert-incidents/${incident.id}/`]: { body: incident },
      'GET /api/v1/alert-rules/rule-1/': {
        body: { id: 'rule-1', kind: 'failure_rate', threshold: 10, minutes: 15, minRuns: 5 },
      },
    });
    render(
      <MemoryRouter initialEntries={[`/alerts/${incident.id}`]}>
        <Routes>
          <Route path="/alerts/:incidentId" element={<IncidentPage />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByTestId('incident-summary')).toHaveTextContent(incident.summary);
    expect(screen.getByTestId('incident-state')).toHaveTextContent('Firing');
    expect(await screen.findByText(/Failure rate above 10% over 15 min/)).toBeInTheDocument();
    const link = screen.getByTestId('affected-runs');
    expect(link.getAttribute('href')).toContain('status=failed');
    expect(link.getAttribute('href')).toContain('workflow=wf-1');
  });

  it('says when the incident does not exist', async () => {
    mockFetch({
      [`GET /api/v1/alert-incidents/${incident.id}/`]: problem(404, 'No alert incident matches the given query.'),
    });
    render(
      <MemoryRouter initialEntries={[`/alerts/${incident.id}`]}>
        <Routes>
          <Route path="/alerts/:incidentId" element={<IncidentPage />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('No alert incident matches');
  });
});

describe('AlertsPage', () => {
  it('lists incidents and sends a test alert through a channel', async () => {
    const calls = mockFetch({
      'GET /api/v1/alert-incidents/': { body: { ...empty, count: 1, results: [incident] } },
      'GET /api/v1/alert-channels/': { body: [channel] },
      'POST /api/v1/alert-channels/ch-1/test': { body: { ok: true, message: 'The test alert went to Ops mail.' } },
    });
    render(
      <MemoryRouter initialEntries={['/alerts']}>
        <AlertsPage />
      </MemoryRouter>,
    );
    expect(await screen.findByTestId('incident-row')).toHaveTextContent('Orders failing');

    await userEvent.click(screen.getByRole('button', { name: 'Channels' }));
    const row = await screen.findByTestId('channel-row');
    expect(row).toHaveTextContent('ops@example.com');
    await userEvent.click(within(row).getByRole('button', { name: 'Send test' }));
    expect(await within(row).findByTestId('test-result')).toHaveTextContent('The test alert went to Ops mail.');
    expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/ch-1/test'))).toBe(true);
  });

  it('creates a rule and shows the field the server refused', async () => {
    mockFetch({
      'GET /api/v1/alert-incidents/': { body: empty },
      'GET /api/v1/alert-rules/': { body: [] },
      'GET /api/v1/alert-channels/': { body: [channel] },
      'GET /api/v1/workflows/': { body: empty },
      'GET /api/v1/connections/health': { body: [] },
      'POST /api/v1/alert-rules/': problem(400, 'minutes: Failures are counted over at most 1440 minutes.', {
        problems: [{ field: 'minutes', message: 'Failures are counted over at most 1440 minutes.' }],
      }),
    });
    render(
      <MemoryRouter initialEntries={['/alerts?tab=rules']}>
        <AlertsPage />
      </MemoryRouter>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'New rule' }));
    await userEvent.type(screen.getByLabelText('Name'), 'Orders failing');
    await userEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(await screen.findByText('Failures are counted over at most 1440 minutes.')).toBeInTheDocument();
  });
});
