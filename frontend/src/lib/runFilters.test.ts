import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, filtersFromParams, filtersToParams, pageCount, runsApiQuery } from './runFilters';

describe('runsApiQuery', () => {
  it('asks for the first page with no filters', () => {
    expect(runsApiQuery(EMPTY_FILTERS)).toBe('?limit=25&offset=0');
  });

  it('puts every set filter in the query and turns the page into an offset', () => {
    const query = runsApiQuery({ workflow: 'wf-1', status: 'failed', search: '  XKBKNABJK ', page: 3 });

    const params = new URLSearchParams(query.slice(1));
    expect(query.startsWith('?')).toBe(true);
    expect(params.get('workflow')).toBe('wf-1');
    expect(params.get('status')).toBe('failed');
    expect(params.get('search')).toBe('XKBKNABJK');
    expect(params.get('limit')).toBe('25');
    expect(params.get('offset')).toBe('50');
    expect(params.has('page')).toBe(false);
  });

  it('escapes what the user typed', () => {
    expect(runsApiQuery({ ...EMPTY_FILTERS, search: 'a&b=c' }, 10)).toBe('?search=a%26b%3Dc&limit=10&offset=0');
  });
});

describe('filters in the page URL', () => {
  it('leave out what is empty and page 1', () => {
    expect(filtersToParams({ workflow: '', status: 'running', search: ' ', page: 1 }).toString()).toBe(
      'status=running',
    );
  });

  it('keep the run whose started runs are listed', () => {
    const filters = { ...EMPTY_FILTERS, parent: 'a4b1c2d3-0000-4000-8000-000000000001' };

    expect(filtersToParams(filters).toString()).toBe('parent=a4b1c2d3-0000-4000-8000-000000000001');
    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
    expect(new URLSearchParams(runsApiQuery(filters).slice(1)).get('parent')).toBe(filters.parent);
  });

  it('read back what they wrote', () => {
    const filters = { workflow: 'wf-2', status: 'succeeded', search: 'SKU-1', page: 4 };

    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
  });

  it('read a broken page number as page 1', () => {
    expect(filtersFromParams(new URLSearchParams('page=-2')).page).toBe(1);
    expect(filtersFromParams(new URLSearchParams('page=abc')).page).toBe(1);
    expect(filtersFromParams(new URLSearchParams('page=2.5')).page).toBe(1);
  });
});

describe('pageCount', () => {
  it('rounds up and never says zero pages', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(25)).toBe(1);
    expect(pageCount(26)).toBe(2);
  });
});
