import { describe, expect, it } from 'vitest';
import { readToken, tokenize } from './jsonataTokens';

function kinds(source: string): [string, string][] {
  return tokenize(source)
    .filter((t) => t.kind !== 'space')
    .map((t) => [t.kind, source.slice(t.start, t.end)]);
}

describe('tokenize', () => {
  it('tells names, strings, numbers, variables, keywords and operators apart', () => {
    expect(kinds("order.lines[price > 10.5 and qty != 0] ~> $sum() & 'x'")).toEqual([
      ['name', 'order'],
      ['operator', '.'],
      ['name', 'lines'],
      ['bracket', '['],
      ['name', 'price'],
      ['operator', '>'],
      ['number', '10.5'],
      ['keyword', 'and'],
      ['name', 'qty'],
      ['operator', '!='],
      ['number', '0'],
      ['bracket', ']'],
      ['operator', '~>'],
      ['variable', '$sum'],
      ['bracket', '('],
      ['bracket', ')'],
      ['operator', '&'],
      ['string', "'x'"],
    ]);
  });

  it('reads escaped quotes, backtick names and comments', () => {
    expect(kinds('"a\\"b" `first name` /* note */ $$')).toEqual([
      ['string', '"a\\"b"'],
      ['name', '`first name`'],
      ['comment', '/* note */'],
      ['variable', '$$'],
    ]);
  });

  it('carries an open block comment to the next line', () => {
    const first = readToken('x /* open', 2);
    expect(first).toEqual({ kind: 'comment', end: 9, inComment: true });
    expect(readToken('still */ y', 0, true)).toEqual({ kind: 'comment', end: 8, inComment: false });
  });

  it('marks characters JSONata does not know', () => {
    expect(kinds('a ` ')).toEqual([
      ['name', 'a'],
      ['name', '` '],
    ]);
    expect(kinds('\\')).toEqual([['invalid', '\\']]);
  });

  it('covers the whole source without gaps', () => {
    const source = "{ 'a': b.c[0], /* x */ 'd': $e($f) }";
    const tokens = tokenize(source);
    expect(tokens.map((t) => source.slice(t.start, t.end)).join('')).toBe(source);
  });
});
