// Who is signed in, shared by the top bar, the route guard and the API client's 401/403 handler.
import { create } from 'zustand';
import { setAuthRequiredHandler } from '../api/client';
import type { User } from '../api/types';

export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

interface SessionState {
  status: SessionStatus;
  user: User | null;
  signIn: (user: User) => void;
  signOut: () => void;
}

export const useSession = create<SessionState>((set) => ({
  status: 'unknown',
  user: null,
  signIn: (user) => set({ status: 'signed-in', user }),
  signOut: () => set({ status: 'signed-out', user: null }),
}));

/** From now on, any API call answered 401/403 ends the session, and the route guard shows the login. */
export function endSessionOnAuthErrors(): void {
  setAuthRequiredHandler(() => useSession.getState().signOut());
}
