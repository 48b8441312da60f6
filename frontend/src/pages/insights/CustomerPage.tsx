// Customer 360: the shop's and Infor's records side by side, differences marked, orders in both, timeline.
import { Link, useParams } from 'react-router';
import { getCustomer, type Customer360 } from '../../api/insights';
import { useApi } from '../../api/useApi';
import { ErrorState, Loading } from '../../components/States';
import { FIELD_LABELS } from '../../lib/insights';
import { TimelineEntryRow } from './TimelineEntryRow';
import './insights.css';

export function CustomerPage() {
  const { key = '' } = useParams();
  const customer = useApi(`customer:${key}`, (signal) => getCustomer(key, signal));
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Customer {key}</h1>
          <p className="muted">As the shop and Infor hold them now, read live from both systems.</p>
        </div>
      </div>
      {customer.error ? <ErrorState error={customer.error} onRetry={customer.reload} /> : null}
      {!customer.data && !customer.error ? <Loading label="Asking the shop and Infor…" /> : null}
      {customer.data ? <CustomerView data={customer.data} /> : null}
    </>
  );
}

function CustomerView({ data }: { data: Customer360 }) {
  const differing = data.fields.filter((f) => f.differs).length;
  return (
    <>
      <div className="card">
        <h2 className="card__title">
          Shop customer {data.shop?.id ?? '—'} · Infor customer {data.infor?.id ?? '—'}{' '}
          <span className={`badge badge--${differing ? 'warning' : 'success'}`}>
            {differing ? `${differing} differences` : 'In agreement'}
          </span>
        </h2>
        <div className="table-wrap">
          <table className="table compare">
            <thead>
              <tr>
                <th>Field</th>
                <th>Shop</th>
                <th>Infor</th>
              </tr>
            </thead>
            <tbody>
              {data.fields.map((f) => (
                <tr key={f.field} data-differs={f.differs}>
                  <th scope="row">{FIELD_LABELS[f.field] ?? f.field}</th>
                  <td className={f.differs ? 'differs' : ''}>{f.shop || <span className="muted">—</span>}</td>
                  <td className={f.differs ? 'differs' : ''}>{f.infor || <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="side-by-side">
        <div className="card insights-card">
          <h2 className="card__title">Orders in the shop</h2>
          {data.shop?.orders.length ? (
            <table className="table">
              <tbody>
                {data.shop.orders.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Link to={`/timeline?key=${encodeURIComponent(o.reference)}`}>{o.reference}</Link>
                    </td>
                    <td className="muted">{o.date}</td>
                    <td>{o.status}</td>
                    <td>
                      {o.total} {o.currency}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No orders in the shop.</p>
          )}
        </div>
        <div className="card insights-card">
          <h2 className="card__title">Orders in Infor</h2>
          {data.infor?.orders.length ? (
            <table className="table">
              <tbody>
                {data.infor.orders.map((o) => (
                  <tr key={o.orderNumber}>
                    <td>
                      <Link to={`/timeline?key=${encodeURIComponent(o.orderNumber)}`}>{o.orderNumber}</Link>
                    </td>
                    <td>{o.reference}</td>
                    <td className="muted">{o.date}</td>
                    <td>
                      status {o.status}, lines up to {o.highestLineStatus}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{data.infor ? 'No orders in Infor.' : 'Infor does not know this customer.'}</p>
          )}
        </div>
      </div>
      <div className="card insights-card">
        <h2 className="card__title">Timeline</h2>
        {data.timeline.length ? (
          <ol className="timeline">
            {data.timeline.map((entry, index) => (
              <TimelineEntryRow key={`${entry.kind}-${entry.at}-${index}`} entry={entry} />
            ))}
          </ol>
        ) : (
          <p className="muted">Ferry has not handled this customer yet.</p>
        )}
      </div>
    </>
  );
}
