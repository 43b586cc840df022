import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelInfo } from '../../../shared/contract/engine';
import type { ApiError, Result } from '../../../shared/errors';
import { api } from '../../api/client';

interface Props {
  model: ModelInfo;
  onChanged: () => void;
  /** The card's one error line shows what failed here. */
  onError: (error: ApiError | null) => void;
}

/** A model's LoRA adapters: the list with remove buttons, and a row to add one by path and scale. */
export function AdapterList({ model, onChanged, onError }: Props) {
  const { t } = useTranslation();
  const [adapterPath, setAdapterPath] = useState('');
  const [scale, setScale] = useState(1);
  // Inline in the row (label, input, label, input, button), not stacked fields.
  const ids = { adapter: useId(), scale: useId() };

  const act = async (call: Promise<Result<unknown>>, after?: () => void) => {
    const r = await call;
    onError(r.ok ? null : r.error);
    if (r.ok) after?.();
    onChanged();
  };

  return (
    <>
      <h3>{t('models.adapters')}</h3>
      {model.adapters.length === 0 && <p className="muted">{t('models.noAdapters')}</p>}
      <ul>
        {model.adapters.map((a) => (
          <li key={a.id}>
            {a.fileName} × {a.scale} <span className="mono muted">{a.sha256?.slice(0, 12) ?? ''}</span>{' '}
            <button type="button" onClick={() => void act(api.removeAdapter({ adapterId: a.id }))}>
              {t('models.removeAdapter')}
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <label htmlFor={ids.adapter}>{t('models.adapterPath')}</label>
        <input id={ids.adapter} value={adapterPath} onChange={(e) => setAdapterPath(e.target.value)} />
        <label htmlFor={ids.scale}>{t('models.scale')}</label>
        <input
          id={ids.scale}
          type="number"
          step={0.1}
          min={-4}
          max={4}
          value={scale}
          onChange={(e) => setScale(Number(e.target.value))}
        />
        <button
          type="button"
          disabled={!adapterPath.trim()}
          onClick={() =>
            void act(api.addAdapter({ modelId: model.id, path: adapterPath.trim(), scale }), () =>
              setAdapterPath(''),
            )
          }
        >
          {t('models.addAdapter')}
        </button>
      </div>
    </>
  );
}
