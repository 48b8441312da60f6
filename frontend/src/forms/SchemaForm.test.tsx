import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockFetch, problem } from '../test/fetchMock';
import { spec } from '../test/nodeSpecs';
import { SchemaForm } from './SchemaForm';
import type { FerryNodeData } from '../lib/flowTypes';

const CONNECTIONS = {
  'GET /api/v1/connections/': {
    body: {
      count: 2,
      next: null,
      previous: null,
      results: [
        { id: 'c1', name: 'Infor bearer', credentialType: 'core.http.bearer', fields: {}, secretsSet: {} },
        { id: 'c2', name: 'Shop HMAC', credentialType: 'core.webhook.hmac', fields: {}, secretsSet: {} },
      ],
    },
  },
};

function request(config: Record<string, unknown>): FerryNodeData {
  return { type: 'core.http.request', typeVersion: 1, name: 'Call M3', config };
}

describe('SchemaForm', () => {
  it('draws each field with its widget and marks required ones', async () => {
    mockFetch(CONNECTIONS);
    render(
      <SchemaForm
        spec={spec('core.http.request')}
        data={request({ method: 'GET', bodyMode: 'none' })}
        problems={[]}
        credentialTypes={[]}
        onChange={() => undefined}
      />,
    );
    expect(screen.getByLabelText(/^Method/)).toHaveDisplayValue('GET');
    expect(screen.getByTestId('jsonata-url')).toBeInTheDocument();
    expect(screen.getByTestId('kv-headers')).toBeInTheDocument();
    expect(screen.queryByTestId('field-json')).not.toBeInTheDocument();
    expect(screen.getByTestId('field-url')).toHaveTextContent('URL (JSONata) *');
    // Only connections of the accepted credential types are offered.
    await waitFor(() => expect(screen.getByRole('option', { name: 'Infor bearer' })).toBeInTheDocument());
    expect(screen.queryByRole('option', { name: 'Shop HMAC' })).not.toBeInTheDocument();
  });

  it('shows a field only when its showWhen holds', () => {
    mockFetch(CONNECTIONS);
    render(
      <SchemaForm
        spec={spec('core.http.request')}
        data={request({ bodyMode: 'json' })}
        problems={[]}
        credentialTypes={[]}
        onChange={() => undefined}
      />,
    );
    expect(screen.getByTestId('field-json')).toBeInTheDocument();
  });

  it('shows the server’s problems under their fields', () => {
    mockFetch(CONNECTIONS);
    render(
      <SchemaForm
        spec={spec('core.http.request')}
        data={request({})}
        problems={[
          { nodeId: 'call', field: 'config.url', message: "'url' is a required property", code: 'config' },
          { nodeId: 'call', field: 'retry', message: 'Retry is odd.', code: 'schema' },
        ]}
        credentialTypes={[]}
        onChange={() => undefined}
      />,
    );
    expect(screen.getByTestId('field-url')).toHaveTextContent("'url' is a required property");
    expect(screen.getByText(/retry: Retry is odd\./)).toBeInTheDocument();
  });

  it('writes changes back as config patches', async () => {
    mockFetch(CONNECTIONS);
    const onChange = vi.fn();
    render(
      <SchemaForm
        spec={spec('core.http.request')}
        data={request({ method: 'GET' })}
        problems={[]}
        credentialTypes={[]}
        onChange={onChange}
      />,
    );
    await userEvent.selectOptions(screen.getByLabelText(/^Method/), 'POST');
    expect(onChange).toHaveBeenLastCalledWith({ config: { method: 'POST' } });
    await userEvent.click(screen.getByRole('button', { name: 'Add row' }));
    expect(onChange).toHaveBeenLastCalledWith({ config: { method: 'GET', headers: { '': '' } } });
  });

  it('overrides the retry attempts and the timeout of one node', async () => {
    mockFetch(CONNECTIONS);
    const onChange = vi.fn();
    render(
      <SchemaForm
        spec={spec('core.http.request')}
        data={request({})}
        problems={[]}
        credentialTypes={[]}
        onChange={onChange}
      />,
    );
    await userEvent.click(screen.getByText('Retries and timeout'));
    await userEvent.type(screen.getByLabelText(/^Attempts/), '5');
    expect(onChange).toHaveBeenLastCalledWith({ retry: { maximumAttempts: 5 } });
    await userEvent.type(screen.getByLabelText(/^Timeout in seconds/), '3');
    expect(onChange).toHaveBeenLastCalledWith({ timeoutSeconds: 3 });
  });

  it('previews a JSONata field on the sample, and shows an error with its position', async () => {
    mockFetch({
      ...CONNECTIONS,
      'POST /api/v1/expressions/evaluate': (req) =>
        (req.body as { expression: string }).expression === 'order.ref'
          ? { body: { result: 'XK1' } }
          : problem(400, 'JSONata S0201 at character 7: Syntax error', { position: 7 }),
    });
    const { rerender } = render(
      <SchemaForm
        spec={spec('core.jsonata.map')}
        data={{ type: 'core.jsonata.map', typeVersion: 1, name: 'Map', config: { expression: 'order.ref' } }}
        problems={[]}
        credentialTypes={[]}
        sample={{ order: { ref: 'XK1' } }}
        onChange={() => undefined}
      />,
    );
    expect(await screen.findByTestId('preview-expression')).toHaveTextContent('"XK1"');
    rerender(
      <SchemaForm
        spec={spec('core.jsonata.map')}
        data={{ type: 'core.jsonata.map', typeVersion: 1, name: 'Map', config: { expression: 'order.' } }}
        problems={[]}
        credentialTypes={[]}
        sample={{ order: { ref: 'XK1' } }}
        onChange={() => undefined}
      />,
    );
    expect(await screen.findByTestId('preview-error-expression')).toHaveTextContent('at character 7');
  });
});
