// Live events of every run of one workflow over ws/workflows/<id>/, reconnecting with backoff.
import { useEventStream, type StreamState } from '../api/runStream';
import type { RunEvent } from '../api/types';

export function workflowStreamUrl(workflowId: string, location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws/workflows/${encodeURIComponent(workflowId)}/`;
}

export function useWorkflowStream(workflowId: string | undefined, onEvent: (event: RunEvent) => void): StreamState {
  return useEventStream(workflowId ? workflowStreamUrl(workflowId) : null, onEvent);
}
