// Live events of every run of one workflow over ws/workflows/<id>/, reconnecting with backoff.
import { useEffect, useEffectEvent, useState } from 'react';
import { UNAUTHENTICATED_CLOSE, type StreamState } from '../api/runStream';
import type { RunEvent } from '../api/types';
import { reconnectDelay } from '../lib/backoff';

export function workflowStreamUrl(workflowId: string, location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws/workflows/${encodeURIComponent(workflowId)}/`;
}

export function useWorkflowStream(workflowId: string | undefined, onEvent: (event: RunEvent) => void): StreamState {
  const [state, setState] = useState<StreamState>('off');
  const handle = useEffectEvent(onEvent);
  useEffect(() => {
    if (!workflowId || typeof WebSocket === 'undefined') return;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;
    const connect = (): void => {
      setState('connecting');
      socket = new WebSocket(workflowStreamUrl(workflowId));
      socket.onopen = () => {
        attempt = 0;
        setState('open');
      };
      socket.onmessage = (message: MessageEvent) => {
        try {
          const event: unknown = JSON.parse(String(message.data));
          if (event && typeof event === 'object' && typeof (event as RunEvent).type === 'string')
            handle(event as RunEvent);
        } catch {
          // Not one of ours.
        }
      };
      socket.onclose = (event: CloseEvent) => {
        socket = null;
        if (stopped) return;
        setState('closed');
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
  }, [workflowId]);
  return state;
}
