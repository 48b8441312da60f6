// Live events of one run over ws/runs/<id>/, reconnecting with backoff while the page wants them.
import { useEffect, useEffectEvent, useState } from 'react';
import { reconnectDelay } from '../lib/backoff';
import type { RunEvent } from './types';

export type StreamState = 'off' | 'connecting' | 'open' | 'closed';

/** The server's close code for a socket without a signed-in session: retrying cannot help. */
export const UNAUTHENTICATED_CLOSE = 4401;

export function runStreamUrl(runId: string, location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws/runs/${encodeURIComponent(runId)}/`;
}

function parseEvent(raw: unknown): RunEvent | null {
  if (typeof raw !== 'string') return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && typeof (value as RunEvent).type === 'string') {
      return value as RunEvent;
    }
  } catch {
    // A frame that is not JSON is not one of ours; ignore it.
  }
  return null;
}

/**
 * Subscribes to the event socket at `url` (none while it is null) and calls `onEvent` for every run
 * event, reconnecting with backoff. Returns the socket's state so a page can fall back to polling
 * when there is no socket.
 */
export function useEventStream(url: string | null, onEvent: (event: RunEvent) => void): StreamState {
  const [state, setState] = useState<StreamState>('off');
  const handle = useEffectEvent(onEvent);

  useEffect(() => {
    if (!url || typeof WebSocket === 'undefined') return;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const connect = (): void => {
      setState('connecting');
      socket = new WebSocket(url);
      socket.onopen = () => {
        attempt = 0;
        setState('open');
      };
      socket.onmessage = (message: MessageEvent) => {
        const event = parseEvent(message.data);
        if (event) handle(event);
      };
      socket.onclose = (event: CloseEvent) => {
        socket = null;
        if (stopped) return;
        setState('closed');
        // Polling the API takes over; its 403 sends the user to the login page.
        if (event.code === UNAUTHENTICATED_CLOSE) return;
        timer = setTimeout(connect, reconnectDelay(attempt));
        attempt += 1;
      };
    };
    connect();

    return () => {
      stopped = true;
      clearTimeout(timer);
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
      setState('off');
    };
  }, [url]);

  return state;
}

/** One run's events while `enabled`. */
export function useRunStream(runId: string, enabled: boolean, onEvent: (event: RunEvent) => void): StreamState {
  return useEventStream(enabled ? runStreamUrl(runId) : null, onEvent);
}
