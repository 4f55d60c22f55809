import { cpp } from '@codemirror/lang-cpp';
import { go } from '@codemirror/lang-go';
import { java } from '@codemirror/lang-java';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { rust } from '@codemirror/lang-rust';
import { basicSetup, EditorView } from 'codemirror';

/** A CodeMirror language mode (every lang-* package returns a LanguageSupport). */
type Mode = ReturnType<typeof python>;

/** The CodeMirror mode of a Verdict language id (`cpp17`, `python3`, `java17`, ...); null for unknown ids. */
function modeOf(languageId: string): Mode | null {
  if (languageId === 'c' || languageId.startsWith('cpp')) return cpp();
  if (languageId.startsWith('python') || languageId.startsWith('pypy')) return python();
  if (languageId === 'javascript') return javascript();
  if (languageId.startsWith('java')) return java();
  if (languageId === 'go') return go();
  if (languageId === 'rust') return rust();
  return null;
}

/** The source editor: CodeMirror with the selected language's mode. */
export interface SourceEditor {
  /** The source as typed. */
  text(): string;
  /** Replaces the whole source. */
  setText(text: string): void;
  /** Switches the syntax mode to `languageId`'s, keeping the source, the cursor and the focus. */
  setLanguage(languageId: string): void;
  /** Focuses the editor with the cursor at the start of 1-based `line` (clamped to the document). */
  goToLine(line: number): void;
}

/**
 * Creates the editor in `parent`. Tab is left to the browser (it moves the focus on, so the page
 * stays keyboard-operable; Ctrl+] and Ctrl+[ indent). Ctrl/Cmd+Enter is the page's (main.ts).
 * @param labelledBy id of the element naming the editor; `describedBy` of its help text.
 */
export function createEditor(parent: HTMLElement, labelledBy: string, describedBy: string): SourceEditor {
  const attributes = EditorView.contentAttributes.of({ 'aria-labelledby': labelledBy, 'aria-describedby': describedBy });
  const make = (doc: string, languageId: string): EditorView => {
    const mode = modeOf(languageId);
    return new EditorView({ parent, doc, extensions: [basicSetup, attributes, ...(mode ? [mode] : [])] });
  };
  let view = make('', '');
  return {
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    setLanguage: (languageId) => {
      // A mode is part of the editor's configuration: a new view with the same text takes it.
      const doc = view.state.doc.toString();
      const cursor = view.state.selection.main.head;
      const focused = view.hasFocus;
      view.destroy();
      view = make(doc, languageId);
      view.dispatch({ selection: { anchor: Math.min(cursor, doc.length) } });
      if (focused) view.focus();
    },
    goToLine: (line) => {
      const target = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines));
      view.dispatch({ selection: { anchor: target.from }, scrollIntoView: true });
      view.focus();
    },
  };
}
