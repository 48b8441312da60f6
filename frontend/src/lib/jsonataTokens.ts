// A small JSONata tokenizer: the highlighting of the expression editor, one token at a time.

export type TokenKind =
  'string' | 'number' | 'comment' | 'variable' | 'keyword' | 'operator' | 'name' | 'bracket' | 'space' | 'invalid';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

export interface ReadResult {
  kind: TokenKind;
  end: number;
  /** True when a block comment is still open at the end of the token (it continues on the next line). */
  inComment: boolean;
}

const KEYWORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);
const OPERATORS = [
  '~>',
  ':=',
  '!=',
  '<=',
  '>=',
  '..',
  '?:',
  '??',
  '**',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '<',
  '>',
  '&',
  '?',
  ':',
  '.',
  ',',
  ';',
  '^',
  '@',
  '#',
  '|',
  '!',
];
const BRACKETS = '()[]{}';
const NAME_START = /[A-Za-z_\u00C0-\uFFFF]/;
const NAME_PART = /[A-Za-z0-9_\u00C0-\uFFFF]/;

function readComment(text: string, from: number): ReadResult {
  const close = text.indexOf('*/', from);
  return close === -1
    ? { kind: 'comment', end: text.length, inComment: true }
    : { kind: 'comment', end: close + 2, inComment: false };
}

function readQuoted(text: string, pos: number, quote: string): number {
  let i = pos + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === quote) return i + 1;
    else i += 1;
  }
  return text.length;
}

/** Reads the token at `pos` of `text`; `inComment` says a block comment was left open before it. */
export function readToken(text: string, pos: number, inComment = false): ReadResult {
  if (inComment) return readComment(text, pos);
  const ch = text[pos] ?? '';
  if (/\s/.test(ch)) {
    let i = pos;
    while (i < text.length && /\s/.test(text[i] ?? '')) i += 1;
    return { kind: 'space', end: i, inComment: false };
  }
  if (text.startsWith('/*', pos)) return readComment(text, pos + 2);
  if (ch === '"' || ch === "'") return { kind: 'string', end: readQuoted(text, pos, ch), inComment: false };
  if (ch === '`') return { kind: 'name', end: readQuoted(text, pos, '`'), inComment: false };
  const number = /^(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos));
  if (number) return { kind: 'number', end: pos + number[0].length, inComment: false };
  if (ch === '$') {
    let i = pos + 1;
    if (text[i] === '$') i += 1;
    while (i < text.length && NAME_PART.test(text[i] ?? '')) i += 1;
    return { kind: 'variable', end: i, inComment: false };
  }
  if (NAME_START.test(ch)) {
    let i = pos + 1;
    while (i < text.length && NAME_PART.test(text[i] ?? '')) i += 1;
    return { kind: KEYWORDS.has(text.slice(pos, i)) ? 'keyword' : 'name', end: i, inComment: false };
  }
  if (BRACKETS.includes(ch)) return { kind: 'bracket', end: pos + 1, inComment: false };
  const operator = OPERATORS.find((op) => text.startsWith(op, pos));
  if (operator) return { kind: 'operator', end: pos + operator.length, inComment: false };
  return { kind: 'invalid', end: pos + 1, inComment: false };
}

/** Every token of a whole expression (spaces included), in order. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let inComment = false;
  while (pos < source.length) {
    const read = readToken(source, pos, inComment);
    tokens.push({ kind: read.kind, start: pos, end: read.end });
    inComment = read.inComment;
    pos = read.end;
  }
  return tokens;
}
