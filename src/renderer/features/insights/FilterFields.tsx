/** The insights page's small labelled controls (filters, round pickers), in one style. */

/** A select; `any` adds a first option for '' (no choice). */
export function FilterSelect<T extends string>(p: {
  label: string;
  value: T | '';
  options: ReadonlyArray<{ value: T; label: string }>;
  any?: string;
  onChange(value: T): void;
}) {
  return (
    <label className="insights-filter">
      <span>{p.label}</span>
      <select value={p.value} onChange={(e) => p.onChange(e.target.value as T)}>
        {p.any !== undefined && <option value="">{p.any}</option>}
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

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
