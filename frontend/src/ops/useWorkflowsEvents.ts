// Listens to the run events of several workflows (ws/workflows/<id>/) and reports any of them.
import { useCallback, useEffect, useEffectEvent, useRef } from 'react';
import { UNAUTHENTICATED_CLOSE } from '../api/runStream';
import { workflowStreamUrl } from '../canvas/useWorkflowStream';
import { reconnectDelay } from '../lib/backoff';

/** At most this many sockets; beyond it the page's slow poll keeps the numbers fresh. */
export const MAX_SOCKETS = 20;

export function useWorkflowsEvents(workflowIds: string[], onEvent: () => void): void {
  const handle = useEffectEvent(onEvent);
  const key = workflowIds.slice(0, MAX_SOCKETS).join(',');

  useEffect(() => {
    if (!key || typeof WebSocket === 'undefined') return;
    let stopped = false;
    const sockets = new Map<string, WebSocket>();
    const timers = new Set<ReturnType<typeof setTimeout>>();

    const connect = (id: string, attempt: number): void => {
      const socket = new WebSocket(workflowStreamUrl(id));
      sockets.set(id, socket);
      socket.onopen = () => {
        attempt = 0;
      };
      socket.onmessage = () => handle();
      socket.onclose = (event: CloseEvent) => {
        sockets.delete(id);
        if (stopped || event.code === UNAUTHENTICATED_CLOSE) return;
        const timer = setTimeout(() => {
          timers.delete(timer);
          connect(id, attempt + 1);
        }, reconnectDelay(attempt));
        timers.add(timer);
      };
    };
    for (const id of key.split(',')) connect(id, 0);

    return () => {
      stopped = true;
      timers.forEach(clearTimeout);
      sockets.forEach((socket) => {
        socket.onclose = null;
        socket.close();
      });
    };
  }, [key]);
}

/** Calls `reload` `delayMs` after the last of a burst of events, and every `pollMs` anyway. */
export function useLiveReload(reload: () => void, delayMs: number, pollMs: number): () => void {
  const latest = useRef(reload);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    latest.current = reload;
  });
  useEffect(() => {
    const timer = setInterval(() => latest.current(), pollMs);
    return () => {
      clearInterval(timer);
      clearTimeout(pending.current);
    };
  }, [pollMs]);
  return useCallback(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(() => latest.current(), delayMs);
  }, [delayMs]);
}
