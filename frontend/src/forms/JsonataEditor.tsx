// The JSONata editor: CodeMirror with highlighting, completion of the sample's fields, errors and a live preview.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
import { useEffect, useRef, useState } from 'react';
import { ApiError, userMessage } from '../api/client';
import { evaluateExpression } from '../api/designer';
import { fieldPaths } from '../lib/sampleFields';
import { jsonata, setErrorAt } from './jsonataLanguage';

interface Props {
  id: string;
  value: string;
  onChange(value: string): void;
  sample?: unknown;
  placeholder?: string;
  preview?: boolean;
  invalid?: boolean;
}

type Preview =
  { state: 'idle' } | { state: 'ok'; result: unknown } | { state: 'error'; message: string; position: number | null };

/** The character the server's message names ("… at character 14: …"), if any. */
export function positionOf(error: unknown): number | null {
  if (!(error instanceof ApiError)) return null;
  const found = /at character (\d+)/.exec(error.detail);
  return found ? Number(found[1]) : null;
}

export function JsonataEditor({
  id,
  value,
  onChange,
  sample,
  placeholder = '',
  preview = true,
  invalid = false,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  const sampleRef = useRef(sample);
  const [result, setResult] = useState<Preview>({ state: 'idle' });
  useEffect(() => {
    changed.current = onChange;
    sampleRef.current = sample;
  });

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          jsonata(() => fieldPaths(sampleRef.current)),
          placeholderText(placeholder),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-labelledby': `${id}-label`, 'data-testid': `jsonata-${id}` }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is made once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    if (!preview || !value.trim()) {
      view.current?.dispatch({ effects: setErrorAt.of(null) });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      evaluateExpression(value, sample ?? null, controller.signal)
        .then((answer) => {
          setResult({ state: 'ok', result: answer.result });
          view.current?.dispatch({ effects: setErrorAt.of(null) });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          const position = positionOf(error);
          setResult({ state: 'error', message: userMessage(error), position });
          view.current?.dispatch({ effects: setErrorAt.of(position) });
        });
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value, sample, preview]);

  const shown = preview && value.trim() ? result : { state: 'idle' as const };
  return (
    <div className={`jsonata${invalid ? ' jsonata--invalid' : ''}`}>
      <div ref={host} className="jsonata__editor" />
      {shown.state === 'ok' ? (
        <pre className="jsonata__preview" data-testid={`preview-${id}`}>
          {shown.result === null || shown.result === undefined ? '(no result)' : JSON.stringify(shown.result, null, 2)}
        </pre>
      ) : null}
      {shown.state === 'error' ? (
        <p className="jsonata__error" role="alert" data-testid={`preview-error-${id}`}>
          {shown.message}
        </p>
      ) : null}
    </div>
  );
}
