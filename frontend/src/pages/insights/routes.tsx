// The routes of the cross-system screens, placed inside the signed-in shell by App.
import { Route } from 'react-router';
import { CustomerPage } from './CustomerPage';
import { ReconciliationPage } from './ReconciliationPage';
import { TimelinePage } from './TimelinePage';
import { TourPage } from './TourPage';

export const insightRoutes = (
  <>
    <Route path="/timeline" element={<TimelinePage />} />
    <Route path="/customers/:key" element={<CustomerPage />} />
    <Route path="/reconciliation" element={<ReconciliationPage />} />
    <Route path="/tour" element={<TourPage />} />
  </>
);
