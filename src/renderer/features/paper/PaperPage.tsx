import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';
import { WarningChips } from '../../components/WarningChips';
import { navigate } from '../../navigation';
import type { PdfReaderHandle, PdfSelection } from '../reader/PdfReader';
import { readerBridge } from '../review/reader-bridge';
import { ReviewPane } from '../review/ReviewPane';
import { Split } from '../review/Split';
import type { PaperDetail } from '../../../shared/contract/library';
import { HiddenTextBanner } from './HiddenTextBanner';
import { ModelInput } from './ModelInput';
import { PaperPdfPane } from './PaperPdfPane';

type Tab = 'pdf' | 'input';

/**
 * The correction workspace: the paper on the left (PDF | Model input), the review on the
 * right, split by a resizable separator. Both tab panels stay mounted (the inactive one
 * hidden) so switching tabs never reloads the PDF or loses its scroll position.
 */
export function PaperPage({ paperId }: { paperId: string }) {
  const { t } = useTranslation();
  const { data: paper, error } = useResult(() => api.getPaper({ id: paperId }), [paperId]);
  const [tab, setTab] = useState<Tab>('pdf');
  const [selection, setSelection] = useState<PdfSelection | null>(null);
  const reader = useRef<PdfReaderHandle>(null);
  const bridge = useMemo(() => readerBridge(reader, () => setTab('pdf')), []);

  if (error) {
    return (
      <div className="page">
        <p role="alert">{error.code === 'not_found' ? t('paper.notFound') : error.message}</p>
        <a href="#/library">{t('paper.back')}</a>
      </div>
    );
  }
  if (!paper) return <div className="page" aria-busy="true" />;

  const left = (
    <div className="paper-left">
      <Tabs tab={tab} onTab={setTab} />
      <TabPanel id="pdf" tab={tab}>
        <PaperPdfPane ref={reader} paper={paper} onSelection={setSelection} />
      </TabPanel>
      <TabPanel id="input" tab={tab}>
        {tab === 'input' && <ModelInput paperId={paperId} />}
      </TabPanel>
    </div>
  );
  return (
    <div className="paper-page workspace">
      <PaperHeader paper={paper} />
      <Split
        label={t('review.split')}
        left={left}
        right={<ReviewPane paper={paper} selection={selection} reader={bridge} />}
      />
    </div>
  );
}

function PaperHeader({ paper }: { paper: PaperDetail }) {
  const { t } = useTranslation();
  return (
    <header className="paper-header">
      <button type="button" className="link" onClick={() => navigate({ page: 'library' })}>
        ← {t('paper.back')}
      </button>
      <h1>{paper.title}</h1>
      <p className="muted">
        {paper.authors.join(', ')}
        {paper.pages ? ` · ${t('paper.pages', { count: paper.pages })}` : ''}
        <WarningChips warnings={paper.warnings} />
      </p>
      <HiddenTextBanner passages={paper.hiddenPassages} />
    </header>
  );
}

function Tabs({ tab, onTab }: { tab: Tab; onTab(tab: Tab): void }) {
  const { t } = useTranslation();
  const tabs: Array<{ id: Tab; label: string }> = [
    { id: 'pdf', label: t('paper.pdf') },
    { id: 'input', label: t('paper.modelInput') },
  ];
  return (
    <div role="tablist" aria-label={t('paper.tabs')} className="tabs">
      {tabs.map((x) => (
        <button
          key={x.id}
          type="button"
          role="tab"
          id={`tab-${x.id}`}
          aria-selected={tab === x.id}
          aria-controls={`panel-${x.id}`}
          onClick={() => onTab(x.id)}
        >
          {x.label}
        </button>
      ))}
    </div>
  );
}

/** A tab's panel: always mounted, hidden while another tab is shown. */
function TabPanel({ id, tab, children }: { id: Tab; tab: Tab; children: React.ReactNode }) {
  return (
    <div
      role="tabpanel"
      id={`panel-${id}`}
      aria-labelledby={`tab-${id}`}
      className="tab-panel"
      hidden={tab !== id}
    >
      {children}
    </div>
  );
}
