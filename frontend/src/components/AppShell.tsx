// The frame around every signed-in screen: sidebar with the Ferry name and sections, top bar with the user.
import { useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { logout } from '../api/endpoints';
import { useSession } from '../stores/session';
import logoUrl from '../assets/ferry.svg';
import { ErrorBoundary } from './ErrorBoundary';

export function AppShell() {
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  const navigate = useNavigate();
  const location = useLocation();
  const [leaving, setLeaving] = useState(false);

  const onLogout = async (): Promise<void> => {
    setLeaving(true);
    try {
      await logout();
    } catch {
      // Logging out of an already dead session is still logged out.
    }
    signOut();
    navigate('/login', { replace: true });
  };

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="sidebar__brand">
          <img src={logoUrl} alt="" width={28} height={28} />
          <span>Ferry</span>
        </div>
        <nav className="sidebar__nav" aria-label="Sections">
          <NavLink to="/dashboard" className="sidebar__link">
            Dashboard
          </NavLink>
          <NavLink to="/workflows" className="sidebar__link">
            Workflows
          </NavLink>
          <NavLink to="/runs" className="sidebar__link">
            Runs
          </NavLink>
          <NavLink to="/errors" className="sidebar__link">
            Error console
          </NavLink>
          <NavLink to="/alerts" className="sidebar__link">
            Alerts
          </NavLink>
          <NavLink to="/connections" className="sidebar__link">
            Connections
          </NavLink>
          <NavLink to="/bindings" className="sidebar__link">
            Bindings
          </NavLink>
          <NavLink to="/timeline" className="sidebar__link">
            Timeline
          </NavLink>
          <NavLink to="/reconciliation" className="sidebar__link">
            Reconciliation
          </NavLink>
          <NavLink to="/tour" className="sidebar__link">
            Take the tour
          </NavLink>
        </nav>
        <div className="sidebar__footer">
          <a href="/api/docs/" className="sidebar__link sidebar__link--quiet">
            API docs
          </a>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <div />
          <div className="topbar__user">
            <span className="avatar" aria-hidden="true">
              {(user?.username ?? '?').slice(0, 1).toUpperCase()}
            </span>
            <span data-testid="current-user">{user?.username}</span>
            <button type="button" className="button button--small" onClick={() => void onLogout()} disabled={leaving}>
              Log out
            </button>
          </div>
        </header>
        <main className="content">
          {/* Keyed by path, so moving to another screen clears a failure. */}
          <ErrorBoundary key={location.pathname}>
            <Outlet />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
