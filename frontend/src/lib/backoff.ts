// Reconnect delays for the live run stream: exponential, capped, with jitter so tabs don't sync up.

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 30000;

export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  // Between half and all of the ceiling.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
