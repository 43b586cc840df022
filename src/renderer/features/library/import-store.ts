import { useSyncExternalStore } from 'react';

/**
 * A value outside React that components read with useSyncExternalStore: the import's
 * progress changes several times a second, and only the panel that draws it should render
 * again, not the whole library page (its table, filters and pre-draft panel).
 */
export class Store<T> {
  private listeners = new Set<() => void>();
  constructor(private value: T) {}

  get = (): T => this.value;

  set = (next: T | ((prev: T) => T)): void => {
    this.value = typeof next === 'function' ? (next as (prev: T) => T)(this.value) : next;
    for (const l of this.listeners) l();
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The store's value, or one part of it (a component then renders only when that part changes). */
export function useStore<T, S = T>(store: Store<T>, select: (v: T) => S = (v) => v as unknown as S): S {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
