import { useEffect, useRef } from 'react';
import { minimalSetup } from 'codemirror';
import { markdown } from '@codemirror/lang-markdown';
import {
  Decoration,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  keymap,
  placeholder,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { CITE, citationText } from '../../../shared/review-citations';
import { listContinuation } from './list-continuation';
import type { TemplateSection } from './types';

const citeMarks = new MatchDecorator({ regexp: CITE, decoration: Decoration.mark({ class: 'cm-cite' }) });
const citePlugin = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = citeMarks.createDeco(view);
    }
    update(u: ViewUpdate) {
      this.decorations = citeMarks.updateDeco(u, this.decorations);
    }
  },
  { decorations: (v) => v.decorations },
);

export interface SectionEditorProps {
  section: TemplateSection;
  initial: string;
  placeholderText: string;
  /** Called on every document change; must stay cheap (the autosave reads the text later). */
  onEdit(sectionId: string, read: () => string): void;
  onFocus(sectionId: string, view: EditorView): void;
  onCite(quote: string, page: number): void;
  /** Escape: focus leaves the editor, so the workspace's single-key shortcuts apply. */
  onLeave(): void;
  register(sectionId: string, view: EditorView | null): void;
  /** Where "Cite" will insert: highlighted, and named on the button. */
  citeTarget: boolean;
}

/**
 * One template section as a CodeMirror 6 Markdown editor. Uncontrolled on purpose: the
 * document lives in the editor, React never re-renders it per keystroke, and a restore
 * remounts the editor (new key) with the new text.
 */
export function SectionEditor(p: SectionEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const props = useRef(p);
  props.current = p;
  useEffect(() => {
    const { section } = props.current;
    const view = new EditorView({
      parent: host.current!,
      doc: props.current.initial,
      extensions: [
        minimalSetup,
        markdown(),
        EditorView.lineWrapping,
        placeholder(props.current.placeholderText),
        citePlugin,
        listContinuation,
        Prec.high(keymap.of([{ key: 'Escape', run: () => (props.current.onLeave(), true) }])),
        EditorView.contentAttributes.of({ 'aria-label': section.title, 'data-section': section.id }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) props.current.onEdit(section.id, () => u.view.state.doc.toString());
          if (u.focusChanged && u.view.hasFocus) props.current.onFocus(section.id, u.view);
        }),
        EditorView.domEventHandlers({
          click(e, v) {
            const pos = v.posAtCoords({ x: e.clientX, y: e.clientY });
            if (pos === null) return false;
            const line = v.state.doc.lineAt(pos);
            for (const m of line.text.matchAll(CITE)) {
              const from = line.from + m.index;
              if (pos >= from && pos <= from + m[0].length) props.current.onCite(m[1]!, Number(m[2]));
            }
            return false;
          },
        }),
      ],
    });
    props.current.register(section.id, view);
    return () => {
      props.current.register(section.id, null);
      view.destroy();
    };
  }, []);
  return (
    <section
      className={p.citeTarget ? 'review-section cite-target' : 'review-section'}
      aria-labelledby={`sec-${p.section.id}`}
      aria-current={p.citeTarget || undefined}
      data-section={p.section.id}
    >
      <h3 id={`sec-${p.section.id}`}>{p.section.title}</h3>
      <div ref={host} className="section-editor" title={p.section.guidance} />
    </section>
  );
}

/** Inserts a citation at the cursor of the given editor, on its own line. */
export function insertCitation(view: EditorView, quote: string, page: number): void {
  const text = citationText(quote, page);
  const { from, to } = view.state.selection.main;
  const line = view.state.doc.lineAt(from);
  const before = from === line.from ? '' : '\n';
  const insert = `${before}${text}\n`;
  view.dispatch({
    changes: { from, to, insert },
    selection: { anchor: from + insert.length },
    scrollIntoView: true,
  });
  view.focus();
}
