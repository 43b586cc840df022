import type {
  Anchor,
  ReviewConflict,
  ReviewLabel,
  SaveReviewInput,
  SaveReviewResult,
} from '../../../shared/contract/review';
import type { Result } from '../../../shared/errors';

/** 'conflict': another tab or window saved first; nothing more is sent until the annotator chooses. */
export type SaveState = 'saved' | 'dirty' | 'saving' | 'error' | 'conflict';

/**
 * How long after the last change a save starts. The promise is "in SQLite within 300 ms of
 * the last keystroke": 150 ms here leaves the rest for the request and a synchronous
 * (synchronous=FULL) write, with margin on a busy machine.
 */
export const DEBOUNCE_MS = 150;
/**
 * The longest an edit waits while typing goes on: the debounce restarts on every key, so
 * without a cap a fast typist's words would all wait for a pause (a kill -9 mid-sentence lost
 * 521 ms of typing in test/faults/kill-autosave.test.ts). With it, a save starts at most
 * 150 ms after the oldest unsaved change.
 */
export const MAX_WAIT_MS = 150;
/** A failed save is retried after 1 s, 2 s, 4 s … at most 30 s apart (a down host is not hammered). */
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 30_000;

export function retryDelay(failures: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
}

/** Where a failing autosave stands, for the banner: how many tries failed and when the next one goes. */
export interface SaveFailure {
  failures: number;
  message: string;
  retryAt: number;
}

type Save = (input: SaveReviewInput) => Promise<Result<SaveReviewResult>>;

interface Pending {
  /** Section id → a getter: the text is read from the editor only when the save goes out. */
  sections: Map<string, () => string>;
  scores?: Record<string, number | null>;
  notes?: string;
  labels?: ReviewLabel[];
  anchors?: Anchor[];
  timeDeltaMs: number;
}

/** The fields besides the sections that "keep mine" restores to what this tab shows. */
export interface Shown {
  scores?: Record<string, number | null>;
  notes?: string;
}

const empty = (): Pending => ({ sections: new Map(), timeDeltaMs: 0 });

/**
 * The review's autosave, outside React: a keystroke costs a Map.set and a timer reset, never
 * a render or a serialization of the document. One request in flight at a time; a failed
 * save keeps its changes pending and retries with exponential back-off, so nothing typed is
 * dropped. Every content save names the revision it was based on; when another writer got
 * there first the server refuses it (a conflict) and the edits wait here for the annotator's
 * choice: keep mine (save over) or load theirs.
 */
export class Autosave {
  private pending = empty();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest change not yet taken by a save was made (performance.now()). */
  private dirtySince: number | undefined;
  private inFlight: Promise<void> | null = null;
  private state: SaveState = 'saved';
  private error = '';
  private failures = 0;
  private retryAt = 0;
  private conflicted: ReviewConflict | null = null;
  /** The scores and notes this tab shows, saved or not: "keep mine" re-sends them. */
  private shown: Shown;
  private readonly listeners = new Set<(s: SaveState, error: string) => void>();
  private readonly changeListeners = new Set<() => void>();

  constructor(
    readonly reviewId: string,
    private readonly save: Save,
    private readonly beacon?: (input: SaveReviewInput) => boolean,
    /** The review's revision as loaded; every content save sends it as expectedRevision. */
    private revision?: number,
    /** Its scores and notes as loaded (what this tab shows until they are edited). */
    shown: Shown = {},
  ) {
    this.shown = { ...shown };
  }

  get saveState(): SaveState {
    return this.state;
  }

  /** What the other writer stored, while in the 'conflict' state. */
  get conflict(): ReviewConflict | null {
    return this.conflicted;
  }

  /** Consecutive failed saves and the next try, while in the 'error' state. */
  get failure(): SaveFailure | null {
    return this.state === 'error'
      ? { failures: this.failures, message: this.error, retryAt: this.retryAt }
      : null;
  }

  /** The server replaced the text itself (restore, rebase): later saves build on that revision. */
  adopt(revision: number, shown?: Shown): void {
    this.revision = revision;
    if (shown) this.shown = { ...shown };
  }

  /**
   * Conflict resolved as "keep mine": the edits, `sections` and the scores and notes this tab
   * shows (everything it shows, so the result is this tab's review, not a merge) are saved
   * over the other writer's. A score only the other writer set is cleared.
   */
  keepMine(sections: Record<string, string> = {}): Promise<boolean> {
    const theirs = this.conflicted;
    if (!theirs) return this.flush();
    const p = this.pending;
    for (const [id, text] of Object.entries(sections))
      if (!p.sections.has(id)) p.sections.set(id, () => text);
    const cleared = Object.fromEntries(Object.keys(theirs.scores).map((k) => [k, null]));
    p.scores = { ...cleared, ...(this.shown.scores ?? {}), ...(p.scores ?? {}) };
    p.notes ??= this.shown.notes ?? '';
    this.resolve(theirs.revision);
    return this.flush();
  }

  /** Conflict resolved as "load theirs": this tab's unsaved edits are dropped; the caller reloads the text. */
  loadTheirs(): void {
    const theirs = this.conflicted;
    if (!theirs) return;
    this.pending = { ...empty(), timeDeltaMs: this.pending.timeDeltaMs };
    this.resolve(theirs.revision);
    this.setState('saved');
  }

  /** The periodic time report: a save unless one is backing off or waiting on a conflict. */
  reportTime(): void {
    if (this.state !== 'error' && !this.conflicted) void this.flush();
  }

  /** A save now, not at the back-off's next try (the banner's "Retry now"). */
  retryNow(): Promise<boolean> {
    return this.flush();
  }

  private resolve(revision: number): void {
    this.conflicted = null;
    this.revision = revision;
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
    if (key === 'scores') this.shown.scores = { ...this.shown.scores, ...(value as Shown['scores']) };
    if (key === 'notes') this.shown.notes = value as string;
    this.touch();
  }

  /** Active time is reported with the next save; alone it never starts one early. */
  addTime(ms: number): void {
    this.pending.timeDeltaMs += Math.round(ms);
  }

  hasChanges(): boolean {
    const p = this.pending;
    return (
      p.sections.size > 0 ||
      p.scores !== undefined ||
      p.notes !== undefined ||
      p.labels !== undefined ||
      p.anchors !== undefined
    );
  }

  private touch(): void {
    for (const fn of this.changeListeners) fn();
    // In conflict or back-off, typing is kept but does not start a save of its own.
    if (this.state === 'conflict' || this.state === 'error') return;
    this.setState(this.inFlight ? 'saving' : 'dirty');
    const now = performance.now();
    this.dirtySince ??= now;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => void this.flush(),
      Math.min(DEBOUNCE_MS, Math.max(0, this.dirtySince + MAX_WAIT_MS - now)),
    );
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
    this.dirtySince = undefined;
    const input: SaveReviewInput = { reviewId: this.reviewId };
    if (p.sections.size)
      input.sections = Object.fromEntries([...p.sections].map(([id, read]) => [id, read()]));
    if (p.scores) input.scores = p.scores;
    if (p.notes !== undefined) input.notes = p.notes;
    if (p.labels) input.labels = p.labels;
    if (p.anchors) input.anchors = p.anchors;
    if (p.timeDeltaMs) input.timeDeltaMs = Math.min(p.timeDeltaMs, 3_600_000);
    // A time report alone cannot overwrite anything: only content saves are checked.
    if (this.revision !== undefined && this.hasContent(input)) input.expectedRevision = this.revision;
    return input;
  }

  private hasContent(input: SaveReviewInput): boolean {
    return Object.keys(input).some(
      (k) => k !== 'reviewId' && k !== 'timeDeltaMs' && k !== 'expectedRevision',
    );
  }

  /** Puts a failed save's fields back under any newer edits. */
  private giveBack(input: SaveReviewInput): void {
    const p = this.pending;
    for (const [id, text] of Object.entries(input.sections ?? {}))
      if (!p.sections.has(id)) p.sections.set(id, () => text);
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
    if (this.conflicted) return false;
    const input = this.take();
    if (!input) {
      if (this.state !== 'error') this.setState('saved');
      return this.state !== 'error';
    }
    if (this.hasContent(input)) this.setState('saving');
    let ok = false;
    this.inFlight = this.save(input).then(
      (r) => {
        if (r.ok && r.value.conflict) return this.onConflict(input, r.value.conflict);
        if (!r.ok) return this.onFailure(input, r.error.message);
        ok = true;
        this.failures = 0;
        this.revision = r.value.revision;
      },
      (e: unknown) => this.onFailure(input, e instanceof Error ? e.message : String(e)),
    );
    await this.inFlight;
    this.inFlight = null;
    if (ok && this.hasChanges()) return this.flush();
    if (ok) this.setState(this.hasChanges() ? 'dirty' : 'saved');
    return ok;
  }

  private onConflict(input: SaveReviewInput, theirs: ReviewConflict): void {
    this.giveBack(input);
    this.conflicted = theirs;
    this.failures = 0;
    this.setState('conflict', theirs.message);
  }

  /** Keeps the edits and tries again later, each time waiting twice as long (capped). */
  private onFailure(input: SaveReviewInput, message: string): void {
    this.giveBack(input);
    this.failures++;
    const delay = retryDelay(this.failures);
    this.retryAt = Date.now() + delay;
    // Forced: the attempt count changed even when the message did not.
    this.state = 'saving';
    this.setState('error', message);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  /** Page is going away: hand what is pending to a request that outlives the page. */
  flushOnUnload(): void {
    clearTimeout(this.timer);
    // In a conflict the server would refuse it; the annotator's choice is still pending.
    if (this.conflicted) return;
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
