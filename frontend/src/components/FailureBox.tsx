// A node failure spelled out: code, message, the field at fault, and any details.
import type { NodeFailure } from '../api/types';
import { JsonTree } from './JsonTree';

export function FailureBox({ failure, title = 'Error' }: { failure: NodeFailure; title?: string }) {
  const hasDetails =
    failure.details !== undefined &&
    failure.details !== null &&
    !(typeof failure.details === 'object' && Object.keys(failure.details).length === 0);
  return (
    <div className="failure" role="group" aria-label={title}>
      <div className="failure__title">{title}</div>
      <p className="failure__message">{failure.message || 'The step failed without a message.'}</p>
      <dl className="facts facts--compact">
        {failure.code ? (
          <>
            <dt>Code</dt>
            <dd>
              <code>{failure.code}</code>
            </dd>
          </>
        ) : null}
        {failure.field ? (
          <>
            <dt>Field</dt>
            <dd>
              <code>{failure.field}</code>
            </dd>
          </>
        ) : null}
        {failure.nodeId ? (
          <>
            <dt>Node</dt>
            <dd>
              <code>{failure.nodeId}</code>
            </dd>
          </>
        ) : null}
        {failure.retryable !== undefined ? (
          <>
            <dt>Retryable</dt>
            <dd>{failure.retryable ? 'Yes' : 'No'}</dd>
          </>
        ) : null}
      </dl>
      {hasDetails ? (
        <details className="failure__details">
          <summary>Details</summary>
          <JsonTree value={failure.details} label="Error details" />
        </details>
      ) : null}
    </div>
  );
}
