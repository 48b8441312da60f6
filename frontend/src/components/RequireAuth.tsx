// Lets signed-in users through; asks the server once who we are, and sends everyone else to login.
import { useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../api/client';
import { currentUser } from '../api/endpoints';
import { useSession } from '../stores/session';
import { ErrorState, Loading } from './States';

export function loginPath(next: string): string {
  return next && next !== '/' && !next.startsWith('/login') ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const status = useSession((s) => s.status);
  const signIn = useSession((s) => s.signIn);
  const signOut = useSession((s) => s.signOut);
  const location = useLocation();
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (status !== 'unknown') return;
    const controller = new AbortController();
    currentUser(controller.signal).then(signIn, (error: unknown) => {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.isAuthError) signOut();
      else setFailure(error);
    });
    return () => controller.abort();
  }, [status, signIn, signOut, attempt]);

  if (status === 'signed-out') {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  if (status === 'unknown') {
    if (failure) {
      return (
        <div className="page-center">
          <ErrorState
            error={failure}
            onRetry={() => {
              setFailure(null);
              setAttempt((n) => n + 1);
            }}
          />
        </div>
      );
    }
    return (
      <div className="page-center">
        <Loading />
      </div>
    );
  }
  return <>{children}</>;
}
