// Everything Ferry did with one business key (order reference, M3 order number, e-mail, SKU), in time order.
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { getTimeline } from '../../api/insights';
import { useApi } from '../../api/useApi';
import { Empty, ErrorState, Loading } from '../../components/States';
import { StatusBadge } from '../../components/StatusBadge';
import { groupByDay } from '../../lib/insights';
import { TimelineEntryRow } from './TimelineEntryRow';
import './insights.css';

export function TimelinePage() {
  const [params, setParams] = useSearchParams();
  const key = (params.get('key') ?? '').trim();

  const onSearch = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('key');
    setParams(typeof value === 'string' && value.trim() ? { key: value.trim() } : {});
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Timeline</h1>
          <p className="muted">Everything Ferry did with an order, customer or product, across the shop and Infor.</p>
        </div>
      </div>
      <div className="card">
        <form className="filters" onSubmit={onSearch} role="search">
          <label className="field field--inline field--grow">
            <span>Order reference, M3 order number, e-mail or SKU</span>
            <input key={key} name="key" type="search" defaultValue={key} placeholder="e.g. XKBKNABJK or 1000000001" />
          </label>
          <button type="submit" className="button button--primary">
            Show timeline
          </button>
        </form>
      </div>
      {key ? <TimelineResult key={key} businessKey={key} /> : <Empty title="Type a key to see its timeline." />}
    </>
  );
}

function TimelineResult({ businessKey }: { businessKey: string }) {
  const timeline = useApi(`timeline:${businessKey}`, (signal) => getTimeline(businessKey, signal));
  if (timeline.error) return <ErrorState error={timeline.error} onRetry={timeline.reload} />;
  if (!timeline.data) return <Loading label="Reading the timeline…" />;
  const { runs, bindings, entries, keys } = timeline.data;
  if (entries.length === 0) return <Empty title={`Ferry has nothing about ${businessKey} yet.`} />;
  return (
    <>
      <div className="card insights-summary">
        <div>
          <h2 className="card__title">Found as</h2>
          <p className="chips">
            {keys.map((k) => (
              <code key={k}>{k}</code>
            ))}
          </p>
          {businessKey.includes('@') ? (
            <p>
              <Link to={`/customers/${encodeURIComponent(businessKey)}`}>Open the customer in both systems</Link>
            </p>
          ) : null}
          {bindings.map((b) => (
            <p key={b.id} className="muted">
              {b.kind}: shop <code>{b.shopId}</code> ↔ Infor <code>{b.inforId}</code>
            </p>
          ))}
        </div>
        <div>
          <h2 className="card__title">{runs.length === 1 ? '1 run' : `${runs.length} runs`}</h2>
          <ul className="plain-list">
            {runs.map((run) => (
              <li key={run.id}>
                <StatusBadge status={run.status} /> <Link to={`/runs/${run.id}`}>{run.workflowName}</Link>{' '}
                <span className="muted">v{run.versionNumber}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="card insights-card">
        {groupByDay(entries).map((group) => (
          <section key={group.day}>
            <h2 className="timeline__day">{group.day}</h2>
            <ol className="timeline" aria-label={`Timeline of ${group.day}`}>
              {group.entries.map((entry, index) => (
                <TimelineEntryRow key={`${entry.kind}-${entry.at}-${index}`} entry={entry} />
              ))}
            </ol>
          </section>
        ))}
      </div>
    </>
  );
}
