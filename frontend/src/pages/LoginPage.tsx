// Sign in with username and password; the session cookie carries the rest.
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, userMessage } from '../api/client';
import { login } from '../api/endpoints';
import { useSession } from '../stores/session';
import logoUrl from '../assets/ferry.svg';

/** Only same-site paths, so a crafted ?next= cannot send the user elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/workflows';
}

export const WRONG_CREDENTIALS = 'Wrong username or password.';

/** The server's own words when it gave some; field-level validation errors read as wrong credentials. */
export function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiError && [400, 401, 403].includes(error.status)) {
    return error.errors !== undefined || !error.detail ? WRONG_CREDENTIALS : error.detail;
  }
  return userMessage(error);
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const status = useSession((s) => s.status);
  const signIn = useSession((s) => s.signIn);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (status === 'signed-in') return <Navigate to={next} replace />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await login(username, password);
      signIn(user);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(loginErrorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <form className="login__card" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="login__brand">
          <img src={logoUrl} alt="" width={36} height={36} />
          <h1>Ferry</h1>
        </div>
        <p className="muted">Sign in to manage your integrations.</p>
        {error ? (
          <div className="alert alert--danger" role="alert">
            {error}
          </div>
        ) : null}
        <label className="field">
          <span>Username</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button
          type="submit"
          className="button button--primary button--block"
          disabled={busy || !username || !password}
        >
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
