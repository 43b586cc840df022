import { useCallback, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Document } from 'react-pdf';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import 'react-pdf/dist/Page/TextLayer.css';
import 'react-pdf/dist/Page/AnnotationLayer.css';
import './reader.css';
import './i18n';
import { PDF_OPTIONS } from './pdfjs';
import { ReaderView, type ReaderViewHandle, type ReaderViewOptions } from './ReaderView';

/** A PDF by URL (see paperPdfSource) or as bytes already in memory. */
export type PdfReaderSource = { url: string } | { data: Uint8Array };

export interface PdfReaderHandle {
  /** Scrolls to a quote (nearest page first) and highlights it; false when it is not in the PDF. */
  scrollToQuote(page: number, quote: string, context?: { before?: string; after?: string }): Promise<boolean>;
  clearHighlight(): void;
  goToPage(page: number): void;
  /** Opens the find bar (optionally with a query) and focuses it. */
  openFind(query?: string): void;
  /** Focuses the pages, so arrow keys scroll and Ctrl +/- zooms. */
  focus(): void;
}

export interface PdfReaderProps extends ReaderViewOptions {
  source: PdfReaderSource | null;
  /** false for a text-only paper: says so instead of showing an empty pane. */
  hasPdf?: boolean;
  className?: string;
  ref?: Ref<PdfReaderHandle>;
}

/**
 * The PDF reader: a controlled, reusable pane (the library's "PDF" tab, the review
 * workspace's left half). Fill a sized container; it fits the page width to it.
 */
export function PdfReader({ source, hasPdf = true, className, ref, ...options }: PdfReaderProps) {
  const { t } = useTranslation();
  const key = !source
    ? ''
    : 'url' in source
      ? source.url
      : `data:${source.data.byteLength}:${objectId(source.data)}`;
  const view = useRef<ReaderViewHandle | null>(null);
  const waiting = useRef<Array<(h: ReaderViewHandle | null) => void>>([]);
  const failedKey = useRef<string | null>(null);
  // Calls made before the document has loaded wait for it (or for its failure).
  const settle = useCallback((h: ReaderViewHandle | null) => {
    view.current = h;
    if (h) for (const w of waiting.current.splice(0)) w(h);
  }, []);
  const usable = hasPdf && source !== null;

  useImperativeHandle(ref, () => {
    const ready = (): Promise<ReaderViewHandle | null> =>
      view.current
        ? Promise.resolve(view.current)
        : !usable || failedKey.current === key
          ? Promise.resolve(null)
          : new Promise((r) => waiting.current.push(r));
    return {
      scrollToQuote: async (page, quote, ctx) =>
        (await ready())?.scrollToQuote({ page, quote, ...ctx }) ?? false,
      clearHighlight: () => view.current?.clearHighlight(),
      goToPage: (page) => void ready().then((h) => h?.goToPage(page)),
      // Also wait: a reader just mounted (e.g. by a tab switch) is still loading its PDF.
      openFind: (query) => void ready().then((h) => h?.openFind(query)),
      focus: () => void ready().then((h) => h?.focus()),
    };
  }, [key, usable]);

  const failed = useCallback(() => {
    failedKey.current = key;
    for (const w of waiting.current.splice(0)) w(null);
  }, [key]);

  return (
    <section className={className ? `pdf-reader ${className}` : 'pdf-reader'} aria-label={t('reader.region')}>
      {!hasPdf ? (
        <p className="pdf-reader-message">{t('reader.noPdf')}</p>
      ) : !source ? (
        <p className="pdf-reader-message">{t('reader.noSource')}</p>
      ) : (
        <LoadedDocument key={key} source={source} options={options} onReady={settle} onFailed={failed} />
      )}
    </section>
  );
}

function LoadedDocument(props: {
  source: PdfReaderSource;
  options: ReaderViewOptions;
  onReady(h: ReaderViewHandle | null): void;
  onFailed(): void;
}) {
  const { t } = useTranslation();
  const { source, onReady, onFailed } = props;
  // react-pdf reloads when `file` changes identity; the parent keys this component by source.
  const [file] = useState(source);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const handle = useRef<ReaderViewHandle | null>(null);
  const ready = useCallback(
    (h: ReaderViewHandle | null) => {
      handle.current = h;
      onReady(h);
    },
    [onReady],
  );
  const fail = (message: string) => {
    setError(message);
    onFailed();
  };
  if (error) {
    return (
      <p className="pdf-reader-message pdf-reader-error" role="alert">
        {error}
      </p>
    );
  }
  return (
    <Document
      className="pdf-reader-document"
      file={file}
      options={PDF_OPTIONS}
      suspense={false}
      onLoadSuccess={setPdf}
      onLoadError={(e) => fail(t('reader.loadError', { message: e.message }))}
      onSourceError={(e) => fail(t('reader.loadError', { message: e.message }))}
      // Never window.prompt: a protected PDF gets a clear message instead.
      onPassword={() => fail(t('reader.passwordError'))}
      onItemClick={({ dest, pageNumber }) =>
        void Promise.resolve(dest).then((d) => handle.current?.goToDest(d ?? null, pageNumber))
      }
      externalLinkTarget="_blank"
      externalLinkRel="noopener noreferrer"
      loading={
        <p className="pdf-reader-message" role="status">
          {t('reader.loading')}
        </p>
      }
      error={<span />}
    >
      {pdf && <ReaderView pdf={pdf} onReady={ready} {...props.options} />}
    </Document>
  );
}

const ids = new WeakMap<object, number>();
let nextId = 1;
/** A stable identity for a byte array, so the same bytes object is not reloaded. */
function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

export type { PdfAnchor } from './ReaderView';
export type { PdfSelection } from './use-selection';
