import { describe, expect, it } from 'vitest';
import { areaPath, barSlots, linePath, nearestIndex, niceCeiling, scalePoints, segments } from './charts';

describe('niceCeiling', () => {
  it('rounds the axis top up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeiling(0.7)).toBe(1);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(17)).toBe(20);
    expect(niceCeiling(21)).toBe(25);
    expect(niceCeiling(250)).toBe(250);
    expect(niceCeiling(501)).toBe(1000);
  });

  it('gives an empty chart a top of 1', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });
});

describe('scalePoints', () => {
  it('spreads the values over the width with 0 at the bottom and the top at 0 px', () => {
    expect(scalePoints([0, 5, 10], { width: 100, height: 50 }, 10)).toEqual([
      [0, 50],
      [50, 25],
      [100, 0],
    ]);
  });

  it('clips values above the top and draws gaps as zero', () => {
    expect(scalePoints([20, null], { width: 10, height: 10 }, 10)).toEqual([
      [0, 0],
      [10, 10],
    ]);
  });

  it('centres a single point', () => {
    expect(scalePoints([1], { width: 80, height: 10 }, 1)).toEqual([[40, 0]]);
  });
});

describe('paths and bars', () => {
  it('draws a line and closes the area down to the bottom', () => {
    const points: [number, number][] = [
      [0, 10],
      [5, 2],
    ];
    expect(linePath(points)).toBe('M0 10 L5 2');
    expect(areaPath(points, 20)).toBe('M0 10 L5 2 L5 20 L0 20 Z');
    expect(areaPath([], 20)).toBe('');
  });

  it('gives bars equal slots with a gap', () => {
    expect(barSlots(4, 100)).toEqual([
      { x: 0, width: 24 },
      { x: 25, width: 24 },
      { x: 50, width: 24 },
      { x: 75, width: 24 },
    ]);
    expect(barSlots(0, 100)).toEqual([]);
  });

  it('finds the point nearest the pointer', () => {
    expect(nearestIndex(0, 5, 100)).toBe(0);
    expect(nearestIndex(60, 5, 100)).toBe(2);
    expect(nearestIndex(1000, 5, 100)).toBe(4);
  });
});

describe('segments', () => {
  it('splits a series at points without a value', () => {
    expect(segments([1, null, 2, 3, null])).toEqual([[0], [2, 3]]);
    expect(segments([null, null])).toEqual([]);
  });
});
