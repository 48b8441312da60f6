// "Take the tour": an order placed in the sandbox shop, followed to Infor and back with its tracking number.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { userMessage } from '../../api/client';
import { getRun } from '../../api/endpoints';
import { getTourProgress, placeTourOrder, shipTourOrder, type TourOrder, type TourProgress } from '../../api/insights';
import type { RunDetail } from '../../api/types';
import { StatusBadge } from '../../components/StatusBadge';
import { currentTourStep, firstItem, mappingStep, preview, tourSteps, type TourStepId } from '../../lib/insights';
import './insights.css';

const POLL_MS = 1500;

export function TourPanel() {
  const [order, setOrder] = useState<TourOrder | null>(null);
  const [orderRun, setOrderRun] = useState<RunDetail | null>(null);
  const [progress, setProgress] = useState<TourProgress | null>(null);
  const [shipment, setShipment] = useState<{ runId: string; workflowId: string } | null>(null);
  const [shipRun, setShipRun] = useState<RunDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const state = {
    reference: order?.reference ?? null,
    orderRunStatus: orderRun?.status ?? null,
    orderNumber: progress?.orderNumber ?? null,
    shipRequested: shipment !== null,
    trackingNumber: progress?.trackingNumber ?? '',
  };
  const done = tourSteps(state);
  const current = currentTourStep(state);
  const finished = current === null;

  // While the tour is under way, look at the runs and the order every moment; stop once it is over.
  useEffect(() => {
    if (!order || finished) return undefined;
    let stopped = false;
    const look = async (): Promise<void> => {
      try {
        const [run, seen, shipped] = await Promise.all([
          getRun(order.runId),
          getTourProgress(order.reference),
          shipment ? getRun(shipment.runId) : Promise.resolve(null),
        ]);
        if (stopped) return;
        setOrderRun(run);
        setProgress(seen);
        setShipRun(shipped);
      } catch (problem) {
        if (!stopped) setError(userMessage(problem));
      }
    };
    void look();
    const timer = window.setInterval(() => void look(), POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [order, shipment, finished]);

  const act = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (problem) {
      setError(userMessage(problem));
    } finally {
      setBusy(false);
    }
  };

  const place = (): Promise<void> =>
    act(async () => {
      setOrderRun(null);
      setProgress(null);
      setShipment(null);
      setShipRun(null);
      setOrder(await placeTourOrder());
    });
  const ship = (): Promise<void> =>
    act(async () => {
      if (order) setShipment(await shipTourOrder(order.reference));
    });

  const mapped = orderRun ? mappingStep(orderRun.steps) : null;
  const timelineLink = order ? `/timeline?key=${encodeURIComponent(order.reference)}` : null;
  const canvas = (workflowId: string | undefined, label: string) =>
    workflowId ? <Link to={`/workflows/${workflowId}/design`}>{label} on the canvas</Link> : null;
  const stepClass = (id: TourStepId): string =>
    `tour__step${done[id] ? ' tour__step--done' : ''}${current === id ? ' tour__step--current' : ''}`;

  return (
    <section className="card tour" aria-label="Guided tour" data-testid="tour">
      <h2 className="card__title">Take the tour</h2>
      <p className="muted">
        Watch one order travel from the sandbox shop to Infor M3 and back, through the installed templates.
      </p>
      {error ? (
        <p className="alert alert--danger" role="alert">
          {error}
        </p>
      ) : null}
      <ol className="tour__steps">
        <li className={stepClass('place')} data-step="place">
          <div>
            <h3>Place an order in the shop</h3>
            <p className="muted">
              A cart and its order through the sandbox shop's Webservice, then its webhook to Ferry.
            </p>
            {order ? (
              <p>
                Order <strong data-testid="tour-reference">{order.reference}</strong> (shop id {order.orderId})
              </p>
            ) : null}
            <div className="tour__actions">
              <button type="button" className="button button--primary" onClick={() => void place()} disabled={busy}>
                {order ? 'Place another order' : 'Place an order'}
              </button>
            </div>
          </div>
        </li>
        <li className={stepClass('arrive')} data-step="arrive">
          <div>
            <h3>It arrives in Ferry</h3>
            {orderRun ? (
              <p>
                Run <Link to={`/runs/${orderRun.id}`}>{orderRun.id.slice(0, 8)}</Link> of {orderRun.workflowName}{' '}
                <StatusBadge status={orderRun.status} /> · {orderRun.steps.length} steps so far
              </p>
            ) : (
              <p className="muted">The order-to-cash run appears here as soon as the event is stored.</p>
            )}
            <div className="tour__actions">{canvas(order?.workflowId, 'Order to cash')}</div>
          </div>
        </li>
        <li className={stepClass('map')} data-step="map">
          <div>
            <h3>It is mapped to an M3 order</h3>
            {mapped ? (
              <div className="side-by-side">
                <div>
                  <p className="muted">{mapped.nodeName} — input</p>
                  <pre className="tour__data">{preview(firstItem(mapped.inputs))}</pre>
                </div>
                <div>
                  <p className="muted">output</p>
                  <pre className="tour__data" data-testid="tour-mapped">
                    {preview(firstItem(mapped.outputs))}
                  </pre>
                </div>
              </div>
            ) : (
              <p className="muted">The mapping step's input and output show here once it ran.</p>
            )}
            {orderRun && mapped ? <Link to={`/runs/${orderRun.id}?step=${mapped.id}`}>Open the step</Link> : null}
          </div>
        </li>
        <li className={stepClass('infor')} data-step="infor">
          <div>
            <h3>It is created in Infor</h3>
            {progress?.orderNumber ? (
              <p>
                M3 order number <strong data-testid="tour-order-number">{progress.orderNumber}</strong>, written back to
                the shop order as a private message.
              </p>
            ) : orderRun?.status === 'failed' ? (
              <p className="alert alert--danger">The run failed: {orderRun.error?.message ?? 'see the run'}.</p>
            ) : (
              <p className="muted">Waiting for M3's order number.</p>
            )}
          </div>
        </li>
        <li className={stepClass('ship')} data-step="ship">
          <div>
            <h3>Ship it on the sandbox clock</h3>
            <p className="muted">
              Moves the Infor sandbox's clock two hours on (picked, then delivered with a tracking number) and runs
              Status back.
            </p>
            {shipRun ? (
              <p>
                Run <Link to={`/runs/${shipRun.id}`}>{shipRun.id.slice(0, 8)}</Link> of {shipRun.workflowName}{' '}
                <StatusBadge status={shipRun.status} />
              </p>
            ) : null}
            <div className="tour__actions">
              <button
                type="button"
                className="button button--primary"
                onClick={() => void ship()}
                disabled={busy || !progress?.orderNumber || shipment !== null}
              >
                Ship in Infor
              </button>
              {canvas(shipment?.workflowId, 'Status back')}
            </div>
          </div>
        </li>
        <li className={stepClass('tracking')} data-step="tracking">
          <div>
            <h3>The tracking number appears in the shop</h3>
            {progress?.trackingNumber ? (
              <p>
                Tracking <strong data-testid="tour-tracking">{progress.trackingNumber}</strong> on shop order{' '}
                {order?.reference}.
              </p>
            ) : (
              <p className="muted">Status back writes the carrier's tracking number on the shop order.</p>
            )}
            {timelineLink ? (
              <div className="tour__actions">
                <Link className="button" to={timelineLink}>
                  Open the order's timeline
                </Link>
              </div>
            ) : null}
          </div>
        </li>
      </ol>
    </section>
  );
}
