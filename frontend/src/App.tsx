// The route map: login outside the shell, every other screen inside it behind the session guard.
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppShell } from './components/AppShell';
import { RequireAuth } from './components/RequireAuth';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RunsPage } from './pages/RunsPage';
import { WorkflowsPage } from './pages/WorkflowsPage';
import { RunPage } from './pages/run/RunPage';
import { NewWorkflowPage } from './pages/designer/NewWorkflowPage';
import { Loading } from './components/States';
import { DashboardPage } from './pages/DashboardPage';
import { ErrorConsolePage } from './pages/ErrorConsolePage';
import { ConnectionsPage } from './pages/ConnectionsPage';
import { BindingsPage } from './pages/BindingsPage';
import { AlertsPage } from './pages/alerts/AlertsPage';
import { IncidentPage } from './pages/alerts/IncidentPage';
import { insightRoutes } from './pages/insights/routes';

// The designer (canvas, code editor, layout) is loaded when first opened, not with every screen.
const DesignerPage = lazy(() => import('./pages/designer/DesignerPage').then((m) => ({ default: m.DesignerPage })));

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/dashboard" replace />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/errors" element={<ErrorConsolePage />} />
        <Route path="/alerts" element={<AlertsPage />} />
        <Route path="/alerts/:incidentId" element={<IncidentPage />} />
        <Route path="/connections" element={<ConnectionsPage />} />
        <Route path="/bindings" element={<BindingsPage />} />
        <Route path="/workflows" element={<WorkflowsPage />} />
        <Route path="/workflows/new" element={<NewWorkflowPage />} />
        <Route
          path="/workflows/:workflowId/design"
          element={
            <Suspense fallback={<Loading label="Opening the designer…" />}>
              <DesignerPage />
            </Suspense>
          }
        />
        <Route path="/runs" element={<RunsPage />} />
        <Route path="/runs/:runId" element={<RunPage />} />
        {insightRoutes}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
