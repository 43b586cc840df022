import type { ReactNode } from 'react';

/**
 * Labelled fields bound to one key of a form's values: the label, the id that ties it to
 * the control, and the change that writes the key back, written once for every field.
 */
export interface FormBinding<V> {
  values: V;
  /** Prefix for the controls' ids (useId()). */
  id: string;
  set<K extends keyof V>(key: K, value: V[K]): void;
}

type KeysOf<V, T> = { [K in keyof V]: V[K] extends T ? K : never }[keyof V];

interface FieldProps<V, K> {
  form: FormBinding<V>;
  name: K;
  label: string;
  wide?: boolean;
}

function Field({
  id,
  label,
  wide,
  children,
}: {
  id: string;
  label: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

export function TextField<V, K extends KeysOf<V, string>>({
  form,
  name,
  label,
  wide,
  type = 'text',
  placeholder,
}: FieldProps<V, K> & { type?: 'text' | 'date'; placeholder?: string }) {
  const id = `${form.id}-${String(name)}`;
  return (
    <Field id={id} label={label} wide={wide}>
      <input
        id={id}
        type={type}
        value={form.values[name] as string}
        placeholder={placeholder}
        onChange={(e) => form.set(name, e.target.value as V[K])}
      />
    </Field>
  );
}

export function NumberField<V, K extends KeysOf<V, number>>({
  form,
  name,
  label,
  min,
  max,
  step,
  parse = Number,
}: FieldProps<V, K> & { min?: number; max?: number; step: number; parse?: (text: string) => number }) {
  const id = `${form.id}-${String(name)}`;
  return (
    <Field id={id} label={label}>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={form.values[name] as number}
        onChange={(e) => form.set(name, parse(e.target.value) as V[K])}
      />
    </Field>
  );
}

/** A select over values; `any` adds a first option for '' (no choice). */
export function SelectField<V, K extends KeysOf<V, string>>({
  form,
  name,
  label,
  wide,
  options,
  any,
  help,
}: FieldProps<V, K> & {
  options: ReadonlyArray<{ value: string; label: string }>;
  any?: string;
  help?: string;
}) {
  const id = `${form.id}-${String(name)}`;
  return (
    <Field id={id} label={label} wide={wide}>
      <select
        id={id}
        value={form.values[name] as string}
        aria-describedby={help ? `${id}-help` : undefined}
        onChange={(e) => form.set(name, e.target.value as V[K])}
      >
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {help && (
        <small id={`${id}-help`} className="muted">
          {help}
        </small>
      )}
    </Field>
  );
}

export function CheckField<V, K extends KeysOf<V, boolean>>({ form, name, label }: FieldProps<V, K>) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={form.values[name] as boolean}
        onChange={(e) => form.set(name, e.target.checked as V[K])}
      />
      {label}
    </label>
  );
}
