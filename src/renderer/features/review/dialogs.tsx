import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { keyLabel, type ShortcutName } from './shortcut-keys';

/** A native modal <dialog>: focus trap, Escape and the backdrop come from the browser. */
export function Modal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    return () => d.close();
  }, []);
  return (
    <dialog ref={ref} className="review-dialog" aria-label={title} onClose={onClose} onCancel={onClose}>
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

export function ReasonDialog({
  status,
  onConfirm,
  onClose,
}: {
  status: 'skipped' | 'rejected';
  onConfirm(reason: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal title={t(`review.reason.title_${status}`)} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) onConfirm(reason.trim());
        }}
      >
        <label>
          {t('review.reason.label')}
          <textarea autoFocus required value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            {t('review.reason.cancel')}
          </button>
          <button type="submit" disabled={!reason.trim()}>
            {t('review.reason.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Asked once: the name stamped on every review, saved in Settings. */
export function AnnotatorDialog({ onSave }: { onSave(name: string): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  return (
    <Modal title={t('review.annotator.title')} onClose={() => undefined}>
      <p>{t('review.annotator.body')}</p>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onSave(name.trim());
        }}
      >
        <label>
          {t('review.annotator.label')}
          <input autoFocus required value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </label>
        <div className="dialog-buttons">
          <button type="submit" disabled={!name.trim()}>
            {t('review.annotator.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const rows: Array<[ShortcutName, string]> = [
    ['approve', t('review.shortcuts.approve')],
    ['approveUnchanged', t('review.shortcuts.approveUnchanged')],
    ['skip', t('review.shortcuts.skip')],
    ['reject', t('review.shortcuts.reject')],
    ['previous', t('review.shortcuts.previous')],
    ['next', t('review.shortcuts.next')],
    ['labels', t('review.shortcuts.labels')],
    ['cite', t('review.shortcuts.cite')],
    ['sections', t('review.shortcuts.sections')],
    ['leaveEditor', t('review.shortcuts.leaveEditor')],
    ['toggleDiff', t('review.shortcuts.diff')],
    ['sideBySide', t('review.shortcuts.sideBySide')],
    ['regenerate', t('review.shortcuts.regenerate')],
    ['find', t('review.shortcuts.find')],
    ['help', t('review.shortcuts.help')],
  ];
  return (
    <Modal title={t('review.shortcuts.title')} onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {rows.map(([k, what]) => (
            <tr key={k}>
              <td>
                <kbd>{keyLabel(k)}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-buttons">
        <button type="button" autoFocus onClick={onClose}>
          {t('review.shortcuts.close')}
        </button>
      </div>
    </Modal>
  );
}

/** Approve with sections left empty: say which, and let the annotator go back to them. */
export function EmptySectionsDialog({
  titles,
  onConfirm,
  onBack,
}: {
  titles: string[];
  onConfirm(): void;
  onBack(): void;
}) {
  const { t } = useTranslation();
  return (
    <Modal title={t('review.empty.title')} onClose={onBack}>
      <p>{t('review.empty.body', { count: titles.length })}</p>
      <ul aria-label={t('review.empty.list')}>
        {titles.map((title) => (
          <li key={title}>{title}</li>
        ))}
      </ul>
      <div className="dialog-buttons">
        <button type="button" autoFocus onClick={onBack}>
          {t('review.empty.back')}
        </button>
        <button type="button" onClick={onConfirm}>
          {t('review.empty.confirm')}
        </button>
      </div>
    </Modal>
  );
}
