import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from 'react-pdf';
import { markItemHtml, type MarkRange } from './text-index';

/** Highlights for one page: text item index → ranges to wrap in <mark>. */
export type PageMarks = Map<number, MarkRange[]>;

export interface PageSlotProps {
  pageNumber: number;
  top: number;
  left: number;
  width: number;
  height: number;
  scale: number;
  /** Near the viewport: render canvas and text layer; otherwise an empty box of the right size. */
  live: boolean;
  /** The same object for as long as this page's highlights stay the same (useMarks). */
  marks: PageMarks | undefined;
}

/**
 * One page box, absolutely placed so the scroll height is right before anything renders.
 * Only live pages mount react-pdf's <Page>; leaving the viewport frees the canvas.
 */
export const PageSlot = memo(
  function PageSlot({ pageNumber, top, left, width, height, scale, live, marks }: PageSlotProps) {
    const { t } = useTranslation();
    // A new renderer re-renders the page's text layer, so only make one when marks change.
    const customTextRenderer = useMemo(
      () =>
        marks && marks.size
          ? ({ itemIndex, str }: { itemIndex: number; str: string }) =>
              markItemHtml(str, marks.get(itemIndex) ?? [])
          : undefined,
      [marks],
    );
    return (
      <div
        className="pdf-reader-page"
        data-page={pageNumber}
        role="group"
        aria-label={t('reader.pageLabel', { page: pageNumber })}
        style={{ top, left, width, height }}
      >
        {live && (
          <Page
            pageNumber={pageNumber}
            scale={scale}
            renderTextLayer
            renderAnnotationLayer
            customTextRenderer={customTextRenderer}
            loading={null}
            error={<p className="pdf-reader-page-error">{t('reader.pageError', { page: pageNumber })}</p>}
          />
        )}
      </div>
    );
  },
  (a, b) =>
    a.pageNumber === b.pageNumber &&
    a.top === b.top &&
    a.left === b.left &&
    a.width === b.width &&
    a.height === b.height &&
    a.scale === b.scale &&
    a.live === b.live &&
    a.marks === b.marks,
);
