// CodeMirror support for JSONata: highlighting from our tokenizer, completions, and an error mark.
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { readToken, type TokenKind } from '../lib/jsonataTokens';

const STYLE_OF: Record<TokenKind, string | null> = {
  string: 'string',
  number: 'number',
  comment: 'comment',
  variable: 'variableName',
  keyword: 'keyword',
  operator: 'operator',
  name: 'propertyName',
  bracket: 'bracket',
  space: null,
  invalid: 'invalid',
};

const jsonataStream = StreamLanguage.define<{ inComment: boolean }>({
  name: 'jsonata',
  startState: () => ({ inComment: false }),
  token(stream, state) {
    const read = readToken(stream.string, stream.pos, state.inComment);
    stream.pos = Math.max(read.end, stream.pos + 1);
    state.inComment = read.inComment;
    return STYLE_OF[read.kind];
  },
  copyState: (state) => ({ ...state }),
});

const highlight = HighlightStyle.define([
  { tag: tags.string, color: '#067647' },
  { tag: tags.number, color: '#b54708' },
  { tag: tags.comment, color: '#98a2b3', fontStyle: 'italic' },
  { tag: tags.variableName, color: '#7a2e98' },
  { tag: tags.keyword, color: '#1d4ed8', fontWeight: '600' },
  { tag: tags.operator, color: '#475467' },
  { tag: tags.propertyName, color: '#1d2433' },
  { tag: tags.invalid, color: '#b42318', textDecoration: 'underline wavy' },
]);

export const JSONATA_FUNCTIONS = [
  'string',
  'length',
  'substring',
  'substringBefore',
  'substringAfter',
  'uppercase',
  'lowercase',
  'trim',
  'pad',
  'contains',
  'split',
  'join',
  'match',
  'replace',
  'number',
  'abs',
  'floor',
  'ceil',
  'round',
  'power',
  'sqrt',
  'sum',
  'max',
  'min',
  'average',
  'count',
  'append',
  'sort',
  'reverse',
  'distinct',
  'exists',
  'keys',
  'lookup',
  'merge',
  'each',
  'filter',
  'map',
  'reduce',
  'boolean',
  'not',
  'now',
  'millis',
  'fromMillis',
  'toMillis',
  'type',
  'formatNumber',
  'formatInteger',
  'parseInteger',
  'base64encode',
  'base64decode',
  'uuid',
  'trigger',
];

function completions(fields: () => string[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/\$?[A-Za-z_][\w.]*|\$/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    if (word.text.startsWith('$')) {
      return {
        from: word.from,
        options: JSONATA_FUNCTIONS.map((f) => ({
          label: `$${f}`,
          type: 'function',
          apply: f === 'trigger' ? '$trigger' : `$${f}(`,
        })),
      };
    }
    return { from: word.from, options: fields().map((f) => ({ label: f, type: 'property' })), validFor: /^[\w.]*$/ };
  };
}

export const setErrorAt = StateEffect.define<number | null>();

const errorMark = Decoration.mark({ class: 'cm-jsonata-error' });

const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorAt)) continue;
      const length = transaction.state.doc.length;
      if (effect.value === null || length === 0) next = Decoration.none;
      else {
        // JSONata positions point just past the offending character.
        const to = Math.min(Math.max(effect.value, 1), length);
        next = Decoration.set([errorMark.range(to - 1, to)]);
      }
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function jsonata(fields: () => string[]): Extension {
  return [
    jsonataStream,
    syntaxHighlighting(highlight),
    autocompletion({ override: [completions(fields)] }),
    errorField,
  ];
}
