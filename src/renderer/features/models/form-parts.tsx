import { useId, useState, type ReactNode } from 'react';
import type { ApiError, Result } from '../../../shared/errors';

/**
 * The pieces the Models page's forms share: a labelled field, the one-line error of a
 * failed call, and the busy/error state around an API call. One way to write each, so the
 * add-model, add-server, model-card and system forms read (and are found by label) alike.
 */

interface FieldProps {
  label: string;
  /** The wide column (a path or a URL). */
  wide?: boolean;
  /** A hint under the control, announced with it (aria-describedby). */
  help?: string;
  /** The control, given the id its label points at (and the hint's id, with `help`). */
  children: (ids: { id: string; helpId: string | undefined }) => ReactNode;
}

export function Field({ label, wide, help, children }: FieldProps) {
  const id = useId();
  const helpId = useId();
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, helpId: help ? helpId : undefined })}
      {help && <small id={helpId}>{help}</small>}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  wide?: boolean;
  placeholder?: string;
  /** 'password' for a secret: never echoed, never autofilled. */
  type?: 'text' | 'password';
}

export function TextField({ label, value, onChange, wide, placeholder, type = 'text' }: TextFieldProps) {
  return (
    <Field label={label} {...(wide ? { wide } : {})}>
      {({ id }) => (
        <input
          id={id}
          type={type}
          {...(type === 'password' ? { autoComplete: 'off' } : {})}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A failed call's one-line message, announced. */
export function ErrorLine({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error.message}
    </p>
  );
}

export interface ApiAction {
  busy: boolean;
  error: ApiError | null;
  /** Runs the call: busy meanwhile, its error kept (until the next call); resolves to its result. */
  run<T>(call: () => Promise<Result<T>>): Promise<Result<T>>;
}

export function useApiAction(): ApiAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async <T,>(call: () => Promise<Result<T>>): Promise<Result<T>> => {
    setBusy(true);
    setError(null);
    const r = await call();
    setBusy(false);
    if (!r.ok) setError(r.error);
    return r;
  };
  return { busy, error, run };
}
