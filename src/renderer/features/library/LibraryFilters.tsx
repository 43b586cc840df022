import { useTranslation } from 'react-i18next';
import { PaperFlag } from '../../../shared/contract/library';
import { FilterSelect } from '../../components/FilterSelect';

export interface ColumnFilters {
  author: string;
  venue: string;
  year: string;
  flag: PaperFlag | '';
}

export const NO_COLUMN_FILTERS: ColumnFilters = { author: '', venue: '', year: '', flag: '' };

/** The year as a filter: a whole number, else none (a half-typed "20" filters nothing yet). */
export function yearFilter(raw: string): number | undefined {
  return /^\d{4}$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

/** Narrow the library by author, venue, year or a flag (scanned, hidden text…). */
export function LibraryFilters({
  value,
  onChange,
}: {
  value: ColumnFilters;
  onChange(v: ColumnFilters): void;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<ColumnFilters>) => onChange({ ...value, ...patch });
  return (
    <div className="library-filters" role="group" aria-label={t('library.filters')}>
      <label>
        {t('library.column.author')}{' '}
        <input type="search" value={value.author} onChange={(e) => set({ author: e.target.value })} />
      </label>
      <label>
        {t('library.column.venue')}{' '}
        <input type="search" value={value.venue} onChange={(e) => set({ venue: e.target.value })} />
      </label>
      <label>
        {t('library.column.year')}{' '}
        <input
          type="text"
          inputMode="numeric"
          size={5}
          value={value.year}
          onChange={(e) => set({ year: e.target.value })}
        />
      </label>
      <FilterSelect
        label={t('library.flagFilter')}
        value={value.flag}
        any={t('library.anyFlag')}
        options={PaperFlag.options.map((f) => ({ value: f, label: t(`library.flag.${f}`) }))}
        onChange={(flag) => set({ flag })}
      />
    </div>
  );
}
