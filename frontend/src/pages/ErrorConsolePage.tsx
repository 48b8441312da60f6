// The error console: parked runs grouped by cause, with a sample to inspect, edit and retry, and
// retry-all / discard-all per group behind a confirmation that says how many runs it touches.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { listWorkflows } from '../api/endpoints';
import {
  deadLetterGroups,
  discardDeadLetter,
  discardGroup,
  getDeadLetter,
  listDeadLetters,
  retryDeadLetter,
  retryGroup,
  type DeadLetterDetail,
  type DeadLetterGroup,
} from '../api/ops';
import { useApi } from '../api/useApi';
import { FailureBox } from '../components/FailureBox';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatDateTime, formatRelative, humanize } from '../lib/format';
import { confirmationText, groupId, groupKey, groupTotals, plural, type GroupAction } from '../lib/ops';
import { ConfirmDialog } from '../ops/ConfirmDialog';
import { useLiveReload } from '../ops/useWorkflowsEvents';
import '../ops/ops.css';

const ERROR_CLASSES = ['connection', 'auth', 'validation', 'not_found', 'conflict', 'timeout', 'bug'];
const WORKFLOWS_QUERY = '?limit=200';
/** Open letters wait for a person; retried and discarded ones keep their audit trail. */
const STATUSES = ['open', 'retried', 'discarded'];

/** The failing step's input as the editor shows it: the main port's items' JSON. */
export function editableInput(input: unknown): unknown {
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const ports = input as Record<string, unknown>;
    const keys = Object.keys(ports);
    if (keys.length === 1 && keys[0] === 'main' && Array.isArray(ports.main)) {
      return ports.main.map((item) =>
        item && typeof item === 'object' && 'json' in (item as Record<string, unknown>)
          ? (item as Record<string, unknown>).json
          : item,
      );
    }
  }
  return input;
}

interface Pending {
  action: GroupAction;
  count: number;
  run: (reason: string) => Promise<void>;
}

function Sample({
  group,
  status,
  onDone,
  ask,
}: {
  group: DeadLetterGroup;
  status: string;
  onDone: (message: string) => void;
  ask: (pending: Pending) => void;
}) {
  const [chosen, setChosen] = useState<number>(group.sampleId);
  const query = `?workflow=${group.workflowId}&nodeId=${encodeURIComponent(group.nodeId)}&code=${encodeURIComponent(group.code)}${status ? `&status=${status}` : ''}&limit=20`;
  const members = useApi(`members:${query}`, (signal) => listDeadLetters(query, signal));
  const letter = useApi(`letter:${chosen}`, (signal) => getDeadLetter(chosen, signal));
  return (
    <div className="group__sample" data-testid="group-sample">
      <div>
        <label className="field">
          <span>Run of this group</span>
          <select className="inline-select" value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
            {(members.data?.results ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.businessKey || m.runId.slice(0, 8)} · {formatDateTime(m.createdAt)}
              </option>
            ))}
            {members.data?.results.some((m) => m.id === chosen) ? null : (
              <option value={chosen}>Sample #{chosen}</option>
            )}
          </select>
        </label>
        {letter.loading && !letter.data ? (
          <Loading label="Loading the run…" />
        ) : letter.error && !letter.data ? (
          <ErrorState error={letter.error} onRetry={letter.reload} />
        ) : letter.data ? (
          <LetterEditor key={letter.data.id} letter={letter.data} onDone={onDone} ask={ask} />
        ) : null}
      </div>
      <div>
        {letter.data ? (
          <>
            {letter.data.error ? <FailureBox failure={letter.data.error} title="Error" /> : null}
            <h3 className="small">Audit trail</h3>
            <ul className="audit" data-testid="audit">
              {letter.data.audit.map((entry) => (
                <li key={entry.id}>
                  <strong>{humanize(entry.action)}</strong> by {entry.actor || 'ferry'} · {formatDateTime(entry.at)}
                  {entry.reason ? <div className="muted">{entry.reason}</div> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}

function LetterEditor({
  letter,
  onDone,
  ask,
}: {
  letter: DeadLetterDetail;
  onDone: (message: string) => void;
  ask: (pending: Pending) => void;
}) {
  const original = JSON.stringify(editableInput(letter.input), null, 2);
  const [text, setText] = useState(original);
  const [invalid, setInvalid] = useState('');
  const open = letter.status === 'open';

  const retry = (): void => {
    let edited: unknown;
    if (text !== original) {
      try {
        edited = JSON.parse(text);
      } catch {
        setInvalid('The input is not valid JSON.');
        return;
      }
    }
    setInvalid('');
    ask({
      action: 'retry-one',
      count: 1,
      run: async (reason) => {
        await retryDeadLetter(letter.id, reason, edited);
        onDone(
          `Run ${letter.businessKey || letter.runId.slice(0, 8)} sent back${edited !== undefined ? ' with the edited input' : ''}.`,
        );
      },
    });
  };

  return (
    <>
      <div className="muted small">
        <Link to={`/runs/${letter.runId}`}>Open run {letter.businessKey || letter.runId.slice(0, 8)}</Link> · step{' '}
        <code>{letter.nodeId}</code> · {plural(letter.attempts, 'attempt')} · {humanize(letter.status)}
      </div>
      <label className="field">
        <span>Input of the failing step (edit, then retry)</span>
        <textarea
          className="editor"
          aria-label="Failing step input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          disabled={!open}
        />
      </label>
      {invalid ? (
        <p className="alert alert--danger" role="alert">
          {invalid}
        </p>
      ) : null}
      <div className="toolbar">
        <button type="button" className="button button--primary button--small" onClick={retry} disabled={!open}>
          {text !== original ? 'Retry with this input' : 'Retry this run'}
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={!open}
          onClick={() =>
            ask({
              action: 'discard-one',
              count: 1,
              run: async (reason) => {
                await discardDeadLetter(letter.id, reason);
                onDone('The run was discarded.');
              },
            })
          }
        >
          Discard this run
        </button>
        {text !== original ? (
          <button type="button" className="button button--ghost button--small" onClick={() => setText(original)}>
            Undo edits
          </button>
        ) : null}
      </div>
    </>
  );
}

export function ErrorConsolePage() {
  const [params, setParams] = useSearchParams();
  const workflow = params.get('workflow') ?? '';
  const errorClass = params.get('errorClass') ?? '';
  const status = STATUSES.includes(params.get('status') ?? '') ? (params.get('status') ?? '') : '';
  const handled = Boolean(status && status !== 'open');
  const query = `?${new URLSearchParams({
    ...(workflow ? { workflow } : {}),
    ...(errorClass ? { errorClass } : {}),
    ...(status ? { status } : {}),
  })}`;
  const groups = useApi(`groups:${query}`, (signal) => deadLetterGroups(query === '?' ? '' : query, signal));
  const workflows = useApi(WORKFLOWS_QUERY, (signal) => listWorkflows(WORKFLOWS_QUERY, signal));
  const [openId, setOpenId] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState('');
  useLiveReload(groups.reload, 1000, 15_000);

  const set = (name: string, value: string): void => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const done = (message: string): void => {
    setPending(null);
    setNotice(message);
    groups.reload();
  };
  const totals = groupTotals(groups.data ?? []);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Error console</h1>
          <p className="muted">
            Runs parked in the dead-letter queue, grouped by cause (same node, error code and field).
            {groups.data ? ` ${plural(totals.runs, 'run')} in ${plural(totals.causes, 'group')}.` : ''}
          </p>
        </div>
        <div className="toolbar">
          <select aria-label="Workflow" value={workflow} onChange={(e) => set('workflow', e.target.value)}>
            <option value="">All workflows</option>
            {workflows.data?.results.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          <select aria-label="State" value={status} onChange={(e) => set('status', e.target.value)}>
            <option value="">Open (waiting for a person)</option>
            <option value="retried">Retried</option>
            <option value="discarded">Discarded</option>
          </select>
          <select aria-label="Error class" value={errorClass} onChange={(e) => set('errorClass', e.target.value)}>
            <option value="">Any error class</option>
            {ERROR_CLASSES.map((c) => (
              <option key={c} value={c}>
                {humanize(c)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {notice ? (
        <div className="alert alert--success" role="status" data-testid="notice">
          {notice}
        </div>
      ) : null}
      <div className="card">
        {groups.loading && !groups.data ? (
          <Loading label="Loading the dead-letter queue…" />
        ) : groups.error && !groups.data ? (
          <ErrorState error={groups.error} onRetry={groups.reload} />
        ) : !groups.data || groups.data.length === 0 ? (
          <Empty title={handled ? `No ${status} runs` : 'Nothing is parked'}>
            {handled
              ? 'Runs a person retried or discarded are listed here with their audit trail.'
              : 'Runs that exhaust their retries or hit a permanent error appear here.'}
          </Empty>
        ) : (
          <ul className="groups">
            {groups.data.map((group) => {
              const id = groupId(group);
              const open = openId === id;
              const key = groupKey(group);
              return (
                <li key={id} className={`group${open ? ' group--open' : ''}`} data-testid="dead-letter-group">
                  <div className="group__count">
                    {group.count}
                    <small>{group.count === 1 ? 'run' : 'runs'}</small>
                  </div>
                  <div>
                    <p className="group__reason">{group.reason}</p>
                    <div className="group__meta">
                      <span>
                        <strong>{group.workflowName}</strong> · step <code>{group.nodeId || '—'}</code>
                      </span>
                      <span>
                        code <code>{group.code}</code>
                      </span>
                      {group.field ? (
                        <span>
                          field <code>{group.field}</code>
                        </span>
                      ) : null}
                      <span>{humanize(group.errorClass)}</span>
                      <span title={formatDateTime(group.firstSeen)}>first {formatRelative(group.firstSeen)}</span>
                      <span title={formatDateTime(group.lastSeen)}>last {formatRelative(group.lastSeen)}</span>
                    </div>
                  </div>
                  <div className="group__actions">
                    <button type="button" className="button button--small" onClick={() => setOpenId(open ? null : id)}>
                      {open ? 'Close' : 'Inspect'}
                    </button>
                    {handled ? null : (
                      <>
                        <button
                          type="button"
                          className="button button--small button--primary"
                          onClick={() =>
                            setPending({
                              action: 'retry-all',
                              count: group.count,
                              run: async (reason) => {
                                const result = await retryGroup(key, reason);
                                done(`${plural(result.count, 'run')} sent back to the queue.`);
                              },
                            })
                          }
                        >
                          Retry all
                        </button>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() =>
                            setPending({
                              action: 'discard-all',
                              count: group.count,
                              run: async (reason) => {
                                const result = await discardGroup(key, reason);
                                done(`${plural(result.count, 'run')} discarded.`);
                              },
                            })
                          }
                        >
                          Discard all
                        </button>
                      </>
                    )}
                  </div>
                  {open ? <Sample group={group} status={status} onDone={done} ask={setPending} /> : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {pending ? (
        <ConfirmDialog
          title={pending.action.startsWith('retry') ? 'Retry' : 'Discard'}
          message={confirmationText(pending.action, pending.count)}
          confirmLabel={
            pending.action.startsWith('retry')
              ? `Retry ${plural(pending.count, 'run')}`
              : `Discard ${plural(pending.count, 'run')}`
          }
          danger={pending.action.startsWith('discard')}
          askReason
          reasonRequired={pending.action.startsWith('discard')}
          onConfirm={pending.run}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </>
  );
}
