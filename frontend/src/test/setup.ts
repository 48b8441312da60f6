// Test setup: DOM matchers, and a clean DOM and session between tests.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { setAuthRequiredHandler } from '../api/client';
import { useSession } from '../stores/session';

afterEach(() => {
  cleanup();
  setAuthRequiredHandler(null);
  useSession.setState({ status: 'unknown', user: null });
  document.cookie.split(';').forEach((part) => {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  });
});
