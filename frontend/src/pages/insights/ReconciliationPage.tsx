// Revenue reconciliation: shop orders of a period against Infor's orders and invoices, every mismatch, CSV.
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { getReconciliation, reconciliationCsvUrl, reconciliationQuery } from '../../api/insights';
import { useApi } from '../../api/useApi';
import { Empty, ErrorState, Loading } from '../../components/States';
import { countByKind, defaultPeriod, formatMoney, mismatchLabel } from '../../lib/insights';
import './insights.css';

export function ReconciliationPage() {
  const [params, setParams] = useSearchParams();
  const period = defaultPeriod(new Date());
  const from = params.get('from') ?? period.from;
  const to = params.get('to') ?? period.to;
  const tolerance = params.get('tolerance') ?? '0.01';
  const asked = params.has('from');

  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setParams({ from: String(form.get('from')), to: String(form.get('to')), tolerance: String(form.get('tolerance')) });
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Revenue reconciliation</h1>
          <p className="muted">Shop orders against Infor orders and invoices, per day and currency.</p>
        </div>
      </div>
      <div className="card">
        <form className="filters" onSubmit={onSubmit}>
          <label className="field field--inline">
            <span>From</span>
            <input name="from" type="date" defaultValue={from} required />
          </label>
          <label className="field field--inline">
            <span>To</span>
            <input name="to" type="date" defaultValue={to} required />
          </label>
          <label className="field field--inline">
            <span>Rounding tolerance</span>
            <input name="tolerance" type="number" step="0.01" min="0" defaultValue={tolerance} />
          </label>
          <button type="submit" className="button button--primary">
            Reconcile
          </button>
        </form>
      </div>
      {asked ? (
        <Report query={reconciliationQuery(from, to, tolerance)} />
      ) : (
        <Empty title="Choose a period and reconcile." />
      )}
    </>
  );
}

function Report({ query }: { query: string }) {
  const report = useApi(`reconciliation:${query}`, (signal) => getReconciliation(query, signal));
  if (report.error) return <ErrorState error={report.error} onRetry={report.reload} />;
  if (!report.data) return <Loading label="Reading both systems…" />;
  const { mismatches, totals, orders } = report.data;
  return (
    <>
      <div className="card insights-card">
        <h2 className="card__title">
          {orders.length} shop orders, {mismatches.length} mismatches{' '}
          <a className="button button--small" href={reconciliationCsvUrl(query)} download>
            Export CSV
          </a>
        </h2>
        <div className="mismatch-counts">
          {countByKind(mismatches.map((m) => m.kind)).map(({ kind, count }) => (
            <span key={kind} className="badge badge--warning">
              {mismatchLabel(kind)}: {count}
            </span>
          ))}
        </div>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Day</th>
                <th>Currency</th>
                <th>Shop orders</th>
                <th>Shop net</th>
                <th>Infor orders</th>
                <th>Infor net</th>
                <th>Invoiced (with tax)</th>
                <th>Difference</th>
              </tr>
            </thead>
            <tbody>
              {totals.map((t) => (
                <tr key={`${t.day}-${t.currency}`}>
                  <td>{t.day}</td>
                  <td>{t.currency}</td>
                  <td>{t.shopOrders}</td>
                  <td>{formatMoney(t.shopNet)}</td>
                  <td>{t.inforOrders}</td>
                  <td>{formatMoney(t.inforNet)}</td>
                  <td>{formatMoney(t.invoiced)}</td>
                  <td className={t.difference ? 'differs' : ''}>{formatMoney(t.difference)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="card insights-card">
        <h2 className="card__title">Mismatches</h2>
        {mismatches.length === 0 ? (
          <p className="muted">Every order agrees.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Day</th>
                  <th>Order</th>
                  <th>M3 order</th>
                  <th>Problem</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                {mismatches.map((m, index) => (
                  <tr key={`${m.reference}-${m.kind}-${index}`} data-kind={m.kind}>
                    <td>{m.day}</td>
                    <td>
                      <Link to={`/timeline?key=${encodeURIComponent(m.reference)}`}>{m.reference}</Link>
                    </td>
                    <td>{m.orderNumber ?? '—'}</td>
                    <td>{mismatchLabel(m.kind)}</td>
                    <td>{m.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
