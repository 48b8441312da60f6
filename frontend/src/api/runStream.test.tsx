import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../test/fakeSocket';
import type { RunEvent } from './types';
import { UNAUTHENTICATED_CLOSE, runStreamUrl, useRunStream } from './runStream';

function Probe({ enabled, onEvent }: { enabled: boolean; onEvent: (event: RunEvent) => void }) {
  const state = useRunStream('run-1', enabled, onEvent);
  return <p data-testid="state">{state}</p>;
}

const latest = (): FakeSocket => FakeSocket.latest();

beforeEach(() => {
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('useRunStream', () => {
  it('subscribes to the run and hands over its events', () => {
    const onEvent = vi.fn();
    render(<Probe enabled onEvent={onEvent} />);

    expect(latest().url).toBe(`ws://${window.location.host}/ws/runs/run-1/`);
    act(() => latest().open());
    expect(screen.getByTestId('state')).toHaveTextContent('open');

    act(() => latest().send({ type: 'step.finished', nodeId: 'map', status: 'succeeded' }));
    act(() => latest().send('not json'));

    expect(onEvent).toHaveBeenCalledTimes(1);
    expect(onEvent).toHaveBeenCalledWith({ type: 'step.finished', nodeId: 'map', status: 'succeeded' });
  });

  it('reconnects after a drop, waiting longer each time', () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    render(<Probe enabled onEvent={vi.fn()} />);

    act(() => latest().drop());
    expect(screen.getByTestId('state')).toHaveTextContent('closed');
    act(() => vi.advanceTimersByTime(999));
    expect(FakeSocket.all).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1));
    expect(FakeSocket.all).toHaveLength(2);

    act(() => latest().drop());
    act(() => vi.advanceTimersByTime(1999));
    expect(FakeSocket.all).toHaveLength(2);
    act(() => vi.advanceTimersByTime(1));
    expect(FakeSocket.all).toHaveLength(3);
  });

  it('does not retry a socket refused for want of a session', () => {
    render(<Probe enabled onEvent={vi.fn()} />);

    act(() => latest().drop(UNAUTHENTICATED_CLOSE));
    act(() => vi.advanceTimersByTime(60_000));

    expect(FakeSocket.all).toHaveLength(1);
  });

  it('closes the socket when no longer wanted and opens none while disabled', () => {
    const { rerender } = render(<Probe enabled onEvent={vi.fn()} />);
    const first = latest();

    rerender(<Probe enabled={false} onEvent={vi.fn()} />);

    expect(first.closed).toBe(true);
    expect(screen.getByTestId('state')).toHaveTextContent('off');
    act(() => vi.advanceTimersByTime(60_000));
    expect(FakeSocket.all).toHaveLength(1);
  });
});

describe('runStreamUrl', () => {
  it('uses wss on https pages', () => {
    expect(runStreamUrl('a b', { protocol: 'https:', host: 'ferry.example' } as Location)).toBe(
      'wss://ferry.example/ws/runs/a%20b/',
    );
  });
});
