// The cross-system endpoints: order timeline, customer 360, revenue reconciliation and the guided tour.
import { apiFetch } from './client';

const BASE = '/api/v1';

export interface TimelineEntry {
  at: string | null;
  kind: string;
  title: string;
  runId: string | null;
  workflowId: string | null;
  workflowName: string | null;
  details: Record<string, unknown>;
}

export interface TimelineRun {
  id: string;
  workflowId: string;
  workflowName: string;
  versionNumber: number;
  status: string;
  mode: string;
  businessKey: string;
  createdAt: string;
}

export interface TimelineBinding {
  id: string;
  kind: string;
  scope: string;
  shopId: string;
  inforId: string;
  sourceRunId: string | null;
  createdAt: string;
}

export interface Timeline {
  key: string;
  keys: string[];
  bindings: TimelineBinding[];
  runs: TimelineRun[];
  entries: TimelineEntry[];
}

export interface FieldComparison {
  field: string;
  shop: string;
  infor: string;
  differs: boolean;
}

export interface CustomerRecord {
  id: string;
  name: string;
  email: string;
  [field: string]: unknown;
}

export interface ShopCustomerOrder {
  id: number;
  reference: string;
  date: string;
  status: string;
  total: string;
  currency: string;
}

export interface InforCustomerOrder {
  orderNumber: string;
  reference: string;
  date: string;
  status: string;
  highestLineStatus: string;
}

export interface Customer360 {
  key: string;
  shop: (CustomerRecord & { orders: ShopCustomerOrder[] }) | null;
  infor: (CustomerRecord & { orders: InforCustomerOrder[] }) | null;
  fields: FieldComparison[];
  timeline: TimelineEntry[];
}

export interface Mismatch {
  kind: string;
  reference: string;
  shopOrderId: number;
  orderNumber: string | null;
  day: string;
  currency: string;
  detail: string;
}

export interface DayTotal {
  day: string;
  currency: string;
  shopOrders: number;
  shopNet: number;
  inforOrders: number;
  inforNet: number;
  invoiced: number;
  difference: number;
}

export interface Reconciliation {
  from: string;
  to: string;
  tolerance: number;
  mismatches: Mismatch[];
  totals: DayTotal[];
  orders: { shop: { reference: string }; infor: { orderNumber: string } | null; problems: string[] }[];
}

export interface TourOrder {
  orderId: number;
  reference: string;
  runId: string;
  workflowId: string;
}

export interface TourProgress {
  reference: string;
  orderId: number | null;
  shopState: string;
  orderNumber: string | null;
  trackingNumber: string;
  runs: { id: string; workflowId: string; workflowName: string; status: string; createdAt: string }[];
}

export interface TourShipment {
  orderNumber: string;
  runId: string;
  workflowId: string;
}

export function getTimeline(key: string, signal?: AbortSignal): Promise<Timeline> {
  return apiFetch<Timeline>(`${BASE}/timeline?key=${encodeURIComponent(key)}`, { signal });
}

export function getCustomer(key: string, signal?: AbortSignal): Promise<Customer360> {
  return apiFetch<Customer360>(`${BASE}/customers/${encodeURIComponent(key)}`, { signal });
}

export function reconciliationQuery(from: string, to: string, tolerance: string): string {
  const params = new URLSearchParams({ from, to });
  if (tolerance) params.set('tolerance', tolerance);
  return params.toString();
}

export function getReconciliation(query: string, signal?: AbortSignal): Promise<Reconciliation> {
  return apiFetch<Reconciliation>(`${BASE}/reconciliation?${query}`, { signal });
}

export function reconciliationCsvUrl(query: string): string {
  return `${BASE}/reconciliation?${query}&export=csv`;
}

export function placeTourOrder(): Promise<TourOrder> {
  return apiFetch<TourOrder>(`${BASE}/tour/order`, { method: 'POST' });
}

export function getTourProgress(reference: string, signal?: AbortSignal): Promise<TourProgress> {
  return apiFetch<TourProgress>(`${BASE}/tour/progress?reference=${encodeURIComponent(reference)}`, { signal });
}

export function shipTourOrder(reference: string): Promise<TourShipment> {
  return apiFetch<TourShipment>(`${BASE}/tour/ship`, { method: 'POST', body: { reference } });
}
