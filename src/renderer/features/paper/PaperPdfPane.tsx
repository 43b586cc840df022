import { useMemo, type Ref } from 'react';
import type { PaperDetail } from '../../../shared/contract/library';
import { PdfReader, type PdfReaderHandle, type PdfSelection } from '../reader/PdfReader';
import { paperPdfSource } from '../reader/paper-source';

/**
 * The PDF side of the workspace: the reader component, reporting selections (for "Cite in
 * review") and exposing scroll-to-quote through `ref`. Ctrl+F is the workspace's shortcut,
 * so the reader does not capture it itself.
 */
export function PaperPdfPane({
  paper,
  onSelection,
  ref,
}: {
  paper: PaperDetail;
  onSelection(sel: PdfSelection | null): void;
  ref?: Ref<PdfReaderHandle>;
}) {
  const source = useMemo(() => (paper.hasPdf ? paperPdfSource(paper.id) : null), [paper.id, paper.hasPdf]);
  return (
    <PdfReader
      ref={ref}
      source={source}
      hasPdf={paper.hasPdf}
      className="paper-reader"
      onSelectionChange={onSelection}
      captureFindShortcut={false}
    />
  );
}
