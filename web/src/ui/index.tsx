// The UI primitives every screen composes; their looks come from theme/tokens.ts via styles.css.
import { useId, type ButtonHTMLAttributes, type CSSProperties, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { CombinedError } from 'urql';
import { errorMessage } from '../lib/errors.ts';
import { space } from '../theme/tokens.ts';

type Variant = 'primary' | 'secondary' | 'ghost';

export function Button({ variant = 'primary', busy = false, children, disabled, ...rest }: { variant?: Variant; busy?: boolean } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" className={`btn btn--${variant}`} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

export function TextField({ label, hint, ...rest }: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...rest} />
      {hint && <span id={`${id}-hint`} className="field__hint">{hint}</span>}
    </div>
  );
}

export function TextArea({ label, ...rest }: { label: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} {...rest} />
    </div>
  );
}

export function SelectField({ label, options, ...rest }: { label: string; options: { value: string; label: string }[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...rest}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

export function Checkbox({ label, ...rest }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="check">
      <input type="checkbox" {...rest} />
      {label}
    </label>
  );
}

/** A vertical stack with `gap` grid steps between children. */
export function Stack({ gap = 4, children, as: Tag = 'div', style, ...rest }: { gap?: number; children: ReactNode; as?: 'div' | 'section' | 'form' | 'article'; style?: CSSProperties } & Record<string, unknown>) {
  return <Tag className="stack" style={{ gap: space(gap), ...style }} {...rest}>{children}</Tag>;
}

/** A wrapping row with `gap` grid steps between children. */
export function Row({ gap = 3, children, style }: { gap?: number; children: ReactNode; style?: CSSProperties }) {
  return <div className="row" style={{ gap: space(gap), ...style }}>{children}</div>;
}

export function Card({ children, as: Tag = 'div', ...rest }: { children: ReactNode; as?: 'div' | 'article' | 'section' | 'li' } & Record<string, unknown>) {
  return <Tag className="card" {...rest}>{children}</Tag>;
}

export function Alert({ tone = 'info', children }: { tone?: 'info' | 'error' | 'success'; children: ReactNode }) {
  return <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>{children}</div>;
}

/** A readable message for a GraphQL or network error; nothing when there is none. */
export function ErrorAlert({ error }: { error: CombinedError | Error | undefined | null }) {
  if (!error) return null;
  return <Alert tone="error">{errorMessage(error)}</Alert>;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <p role="status" className="muted"><span className="spinner" aria-hidden="true" />{label}</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted" role="status">{children}</p>;
}

export function Badge({ children, label }: { children: ReactNode; label?: string }) {
  return <span className="badge" aria-label={label}>{children}</span>;
}

export function Progress({ value, label }: { value: number; label: string }) {
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped)}>
      <div className="progress__bar" style={{ width: `${clamped}%` }} />
    </div>
  );
}

export function formatPrice(cents: number, currency = 'EUR'): string {
  if (cents === 0) return 'Free';
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);
}

const LIVE_LABELS = { idle: 'Live updates: off', connecting: 'Live updates: connecting', live: 'Live updates: on', reconnecting: 'Live updates: reconnecting' } as const;

/** Whether what a section shows updates by itself: on, connecting, or catching up after a drop. */
export function LiveIndicator({ state }: { state: keyof typeof LIVE_LABELS }) {
  if (state === 'idle') return null;
  return (
    <span className={`live live--${state}`} role="status" aria-label={LIVE_LABELS[state]}>
      <span aria-hidden="true">●</span> {state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
    </span>
  );
}
