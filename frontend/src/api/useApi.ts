// Loads one API resource for a screen: loading, error and data, plus a quiet reload for live updates.
import { useCallback, useEffect, useEffectEvent, useState } from 'react';

interface Loaded<T> {
  key: string;
  data: T | undefined;
  error: unknown;
  done: boolean;
}

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetches again without dropping what is shown (used by live updates and "Try again"). */
  reload: () => void;
}

/**
 * `key` names the resource (usually the URL): a new key shows the loading state again, while
 * `reload()` refreshes in place.
 */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ key: '', data: undefined, error: undefined, done: false });
  const [tick, setTick] = useState(0);
  const fetchIt = useEffectEvent((signal: AbortSignal) => load(signal));

  useEffect(() => {
    const controller = new AbortController();
    fetchIt(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setLoaded({ key, data, error: undefined, done: true });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded((previous) => ({
          key,
          data: previous.key === key ? previous.data : undefined,
          error,
          done: true,
        }));
      },
    );
    return () => controller.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const current = loaded.key === key;
  return {
    data: current ? loaded.data : undefined,
    error: current ? loaded.error : undefined,
    loading: !current || !loaded.done,
    reload,
  };
}
