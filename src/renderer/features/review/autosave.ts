import type { Anchor, ReviewLabel, SaveReviewInput } from '../../../shared/contract/review';
import type { Result } from '../../../shared/errors';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'error';

/**
 * How long after the last change a save starts. The promise is "in SQLite within 300 ms of
 * the last keystroke": 150 ms here leaves the rest for the request and a synchronous
 * (synchronous=FULL) write, with margin on a busy machine.
 */
export const DEBOUNCE_MS = 150;
const RETRY_MS = 1000;

type Save = (input: SaveReviewInput) => Promise<Result<unknown>>;

interface Pending {
  /** Section id → a getter: the text is read from the editor only when the save goes out. */
  sections: Map<string, () => string>;
  scores?: Record<string, number | null>;
  notes?: string;
  labels?: ReviewLabel[];
  anchors?: Anchor[];
  timeDeltaMs: number;
}

const empty = (): Pending => ({ sections: new Map(), timeDeltaMs: 0 });

/**
 * The review's autosave, outside React: a keystroke costs a Map.set and a timer reset, never
 * a render or a serialization of the document. One request in flight at a time; a failed
 * save keeps its changes pending and retries, so nothing typed is dropped.
 */
export class Autosave {
  private pending = empty();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | null = null;
  private state: SaveState = 'saved';
  private error = '';
  private readonly listeners = new Set<(s: SaveState, error: string) => void>();
  private readonly changeListeners = new Set<() => void>();

  constructor(
    readonly reviewId: string,
    private readonly save: Save,
    private readonly beacon?: (input: SaveReviewInput) => boolean,
  ) {}

  get saveState(): SaveState {
    return this.state;
  }

  subscribe(fn: (s: SaveState, error: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Fires (synchronously) on every edit; for live views that debounce their own work. */
  onChange(fn: () => void): () => void {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }

  section(id: string, read: () => string): void {
    this.pending.sections.set(id, read);
    this.touch();
  }

  set<K extends 'scores' | 'notes' | 'labels' | 'anchors'>(key: K, value: Pending[K]): void {
    this.pending[key] = value;
    this.touch();
  }

  /** Active time is reported with the next save; alone it never starts one early. */
  addTime(ms: number): void {
    this.pending.timeDeltaMs += Math.round(ms);
  }

  hasChanges(): boolean {
    const p = this.pending;
    return p.sections.size > 0 || p.scores !== undefined || p.notes !== undefined || p.labels !== undefined || p.anchors !== undefined;
  }

  private touch(): void {
    for (const fn of this.changeListeners) fn();
    this.setState(this.inFlight ? 'saving' : 'dirty');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  private setState(s: SaveState, error = ''): void {
    if (s === this.state && error === this.error) return;
    this.state = s;
    this.error = error;
    for (const fn of this.listeners) fn(s, error);
  }

  private take(): SaveReviewInput | null {
    const p = this.pending;
    if (!this.hasChanges() && p.timeDeltaMs === 0) return null;
    this.pending = empty();
    const input: SaveReviewInput = { reviewId: this.reviewId };
    if (p.sections.size) input.sections = Object.fromEntries([...p.sections].map(([id, read]) => [id, read()]));
    if (p.scores) input.scores = p.scores;
    if (p.notes !== undefined) input.notes = p.notes;
    if (p.labels) input.labels = p.labels;
    if (p.anchors) input.anchors = p.anchors;
    if (p.timeDeltaMs) input.timeDeltaMs = Math.min(p.timeDeltaMs, 3_600_000);
    return input;
  }

  /** Puts a failed save's fields back under any newer edits. */
  private giveBack(input: SaveReviewInput): void {
    const p = this.pending;
    for (const [id, text] of Object.entries(input.sections ?? {})) if (!p.sections.has(id)) p.sections.set(id, () => text);
    if (input.scores && !p.scores) p.scores = input.scores;
    if (input.notes !== undefined && p.notes === undefined) p.notes = input.notes;
    if (input.labels && !p.labels) p.labels = input.labels;
    if (input.anchors && !p.anchors) p.anchors = input.anchors;
    p.timeDeltaMs += input.timeDeltaMs ?? 0;
  }

  /** Saves everything pending now; resolves when it (and anything queued behind it) is stored. */
  async flush(): Promise<boolean> {
    clearTimeout(this.timer);
    while (this.inFlight) await this.inFlight;
    const input = this.take();
    if (!input) {
      if (this.state !== 'error') this.setState('saved');
      return this.state !== 'error';
    }
    const content = Object.keys(input).some((k) => k !== 'reviewId' && k !== 'timeDeltaMs');
    if (content) this.setState('saving');
    let ok = false;
    this.inFlight = this.save(input).then((r) => {
      ok = r.ok;
      if (!r.ok) {
        this.giveBack(input);
        this.setState('error', r.error.message);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.flush(), RETRY_MS);
      }
    });
    await this.inFlight;
    this.inFlight = null;
    if (ok && this.hasChanges()) return this.flush();
    if (ok) this.setState(this.hasChanges() ? 'dirty' : 'saved');
    return ok;
  }

  /** Page is going away: hand what is pending to a request that outlives the page. */
  flushOnUnload(): void {
    clearTimeout(this.timer);
    const input = this.take();
    if (!input) return;
    if (!this.beacon?.(input)) void this.save(input);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.listeners.clear();
    this.changeListeners.clear();
  }
}
