import { describe, expect, it } from 'vitest';
import { DraftStream, type DraftDeltaEvent, type DraftFinishedEvent } from './draft-stream';

/** Deltas of a request, each ending where the request's text so far ends. */
const lengths = new Map<string, number>();
const delta = (requestId: string, text: string, paperId = 'p1'): DraftDeltaEvent => {
  const textLength = (lengths.get(requestId) ?? 0) + text.length;
  lengths.set(requestId, textLength);
  return { requestId, draftId: `d-${requestId}`, paperId, text, tokensOut: textLength, textLength };
};
const done = (requestId: string, paperId = 'p1'): DraftFinishedEvent => ({
  requestId,
  draftId: `d-${requestId}`,
  paperId,
  endReason: 'done',
  error: null,
});

function setup() {
  lengths.clear();
  const seen: string[] = [];
  const stream = new DraftStream('p1', {
    delta: (e) => seen.push(`${e.requestId}:${e.text}`),
    finished: (e) => seen.push(`${e.requestId}:end`),
  });
  return { stream, seen };
}

describe('DraftStream', () => {
  it('streams the started request and ignores others', () => {
    const { stream, seen } = setup();
    stream.begin();
    stream.started('r1');
    stream.delta(delta('r1', 'a'));
    stream.delta(delta('r0', 'x')); // another panel's draft
    stream.delta(delta('r1', 'b'));
    stream.finished(done('r1'));
    stream.delta(delta('r1', 'late'));
    expect(seen).toEqual(['r1:a', 'r1:b', 'r1:end']);
    expect(stream.requestId).toBeNull();
  });

  it('replays, in order, the events that arrived before startDraft answered', () => {
    const { stream, seen } = setup();
    stream.begin();
    stream.delta(delta('r1', 'a'));
    stream.delta(delta('r9', 'other paper', 'p2'));
    stream.delta(delta('r1', 'b'));
    stream.finished(done('r1'));
    expect(seen).toEqual([]);
    stream.started('r1');
    expect(seen).toEqual(['r1:a', 'r1:b', 'r1:end']);
    expect(stream.requestId).toBeNull();
  });

  it('keeps nothing when no start is in flight or the start failed', () => {
    const { stream, seen } = setup();
    stream.delta(delta('r1', 'a'));
    stream.begin();
    stream.delta(delta('r2', 'b'));
    stream.failed();
    stream.started('r2');
    stream.delta(delta('r2', 'c'));
    expect(seen).toEqual(['r2:c']);
  });

  it('reattaches to a running draft from its text so far, without doubling held or later deltas', () => {
    const { stream, seen } = setup();
    stream.begin(); // getRunningDrafts in flight
    const before = [delta('r1', 'ab'), delta('r1', 'cd')]; // already in textSoFar "abcd"
    const after = [delta('r1', 'ef'), delta('r1', 'gh')];
    for (const e of [...before, after[0]!]) stream.delta(e);
    stream.resumed('r1', 4);
    stream.delta(after[1]!);
    stream.delta({ ...delta('r1', 'ij'), textLength: 10, text: 'hij' }); // overlaps what was shown by one character
    stream.finished(done('r1'));
    expect(seen).toEqual(['r1:ef', 'r1:gh', 'r1:ij', 'r1:end']);
  });
});
