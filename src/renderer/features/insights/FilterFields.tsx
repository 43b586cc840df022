/** The insights page's small labelled controls (date bounds), in one style; selects are components/FilterSelect. */

/** A date bound; the other bound (when set) limits what can be picked. */
export function DateFilter(p: {
  label: string;
  value: string;
  min?: string;
  max?: string;
  onChange(v: string): void;
}) {
  return (
    <label className="insights-filter">
      <span>{p.label}</span>
      <input
        type="date"
        value={p.value}
        min={p.min || undefined}
        max={p.max || undefined}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </label>
  );
}

/** Options whose label is the value itself. */
export const asOptions = <T extends string>(values: readonly T[]) =>
  values.map((v) => ({ value: v, label: v }));
