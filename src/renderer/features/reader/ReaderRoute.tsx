import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { PaperDetail } from '../../../shared/contract/library';
import { PdfReader, type PdfReaderHandle, type PdfSelection } from './PdfReader';
import { paperPdfSource } from './paper-source';

const ROUTE = /^#\/reader\/([0-9a-f]{64})$/;

/** The paper id of a stand-alone reader route (#/reader/<id>), else null. */
export function useReaderRouteId(): string | null {
  const read = () => ROUTE.exec(window.location.hash)?.[1] ?? null;
  const [id, setId] = useState(read);
  useEffect(() => {
    const onHash = () => setId(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return id;
}

/**
 * The reader alone on a page, for the end-to-end test and for checking a PDF without the
 * library around it. It also shows the selection as the workspace's "Cite in review"
 * would store it, and can find that quote again (the evidence round trip).
 */
export function ReaderRoute({ paperId }: { paperId: string }) {
  const { t } = useTranslation();
  const [paper, setPaper] = useState<PaperDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selection, setSelection] = useState<PdfSelection | null>(null);
  const [cited, setCited] = useState<PdfSelection | null>(null);
  const [located, setLocated] = useState<boolean | null>(null);
  const reader = useRef<PdfReaderHandle>(null);
  const source = useMemo(() => paperPdfSource(paperId), [paperId]);

  useEffect(() => {
    let live = true;
    void api.getPaper({ id: paperId }).then((r) => {
      if (!live) return;
      if (r.ok) setPaper(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [paperId]);

  if (error)
    return (
      <p role="alert" className="page">
        {error}
      </p>
    );
  if (!paper) return <div className="page" aria-busy="true" />;
  return (
    <div className="reader-route">
      <header className="reader-route-header">
        <h1>{paper.title}</h1>
        <button type="button" disabled={!selection} onClick={() => (setCited(selection), setLocated(null))}>
          {t('reader.demo.keep')}
        </button>
        <button
          type="button"
          disabled={!cited}
          onClick={() =>
            cited && void reader.current?.scrollToQuote(cited.page, cited.text, cited).then(setLocated)
          }
        >
          {t('reader.demo.locate')}
        </button>
        <span role="status" aria-label={t('reader.demo.status')}>
          {cited ? t('reader.demo.cited', { page: cited.page, text: cited.text }) : ''}
          {located === null
            ? ''
            : located
              ? ` · ${t('reader.demo.found')}`
              : ` · ${t('reader.demo.notFound')}`}
        </span>
      </header>
      <PdfReader ref={reader} source={source} hasPdf={paper.hasPdf} onSelectionChange={setSelection} />
    </div>
  );
}
