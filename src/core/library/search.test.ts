import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { buildFtsQuery, parseSnippet } from './search';

describe('buildFtsQuery', () => {
  it('quotes every word and prefix-matches the last one while typing', () => {
    expect(buildFtsQuery('graph conv').match).toBe('"graph" "conv"*');
    expect(buildFtsQuery('graph conv ').match).toBe('"graph" "conv"');
  });

  it('keeps double-quoted runs as phrases', () => {
    expect(buildFtsQuery('"neural network" pruning').match).toBe('"neural network" "pruning"*');
  });

  it('turns FTS syntax into plain words and never errors', () => {
    const db = new Database(':memory:');
    db.exec(
      "CREATE VIRTUAL TABLE f USING fts5(id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')",
    );
    db.prepare('INSERT INTO f VALUES (?, ?, ?)').run('1', 'Foo and bar', 'NEAR the column: title');
    const odd = [
      '"foo AND (',
      'foo AND (',
      ')',
      '"',
      '*',
      'title:foo',
      'NEAR(foo bar)',
      '^foo',
      '-foo',
      "foo' OR 1=1 --",
      'a"b"c',
      '\u0000',
      '🙂',
      'x'.repeat(5000),
    ];
    for (const input of odd) {
      const { match } = buildFtsQuery(input);
      if (match) expect(() => db.prepare('SELECT id FROM f WHERE f MATCH ?').all(match)).not.toThrow();
    }
    const hits = db
      .prepare('SELECT id FROM f WHERE f MATCH ?')
      .all(buildFtsQuery('"foo AND (').match) as unknown[];
    expect(hits).toHaveLength(1); // the words foo and "and" both occur in the title
  });

  it('returns no query for input without a searchable word', () => {
    expect(buildFtsQuery('  (( ** "" ').match).toBeNull();
    expect(buildFtsQuery('').match).toBeNull();
  });

  it('handles accents and non-Latin scripts as words', () => {
    expect(buildFtsQuery('requêtes OLAP').terms).toEqual(['requêtes', 'OLAP']);
    expect(buildFtsQuery('神经网络').match).toBe('"神经网络"*');
  });
});

describe('parseSnippet', () => {
  it('returns plain one-line text with highlight ranges', () => {
    const s = parseSnippet('…the \u0002graph\u0003\n convolutional\u0002 net\u0003');
    expect(s.text).toBe('…the graph convolutional net');
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['graph', 'net']);
  });
});
