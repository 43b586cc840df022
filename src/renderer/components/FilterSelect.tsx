/** A labelled select that narrows a list; `any` adds a first option for '' (no choice). */
export function FilterSelect<T extends string>(p: {
  label: string;
  value: T | '';
  options: ReadonlyArray<{ value: T; label: string }>;
  any?: string;
  className?: string;
  onChange(value: T | ''): void;
}) {
  return (
    <label className={p.className}>
      <span>{p.label}</span>{' '}
      <select value={p.value} onChange={(e) => p.onChange(e.target.value as T | '')}>
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
