import type { ReactNode } from 'react';

/** What a page shows when it has nothing yet: what this is, and what to do next. */
export function EmptyState(props: { title: string; body: string; action?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={props.title}>
      <h2>{props.title}</h2>
      <p>{props.body}</p>
      {props.action}
    </section>
  );
}
