import type { Migration } from '../migration';

/**
 * The whole data model (docs/ARCHITECTURE.md, "Data"), so later work adds behaviour, not redesigns.
 * JSON columns hold values validated by zod schemas in src/shared at the boundary.
 * Times are ISO-8601 UTC strings; ids are sha256 (papers, by their PDF bytes) or UUIDs.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE papers (
      id TEXT PRIMARY KEY,                 -- sha256 of the PDF bytes (or of the text for text-only papers)
      title TEXT,
      authors TEXT NOT NULL DEFAULT '[]',  -- JSON array of names
      abstract TEXT,
      pages INTEGER,
      file_name TEXT,                      -- the original file name, kept for people and for matching
      has_pdf INTEGER NOT NULL DEFAULT 1,  -- 0 for text-only papers brought in from a dataset
      source TEXT,                         -- where it came from (import path, dataset name)
      external_id TEXT,                    -- the dataset's own paper id, for matching reviews
      status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new','drafted','in_progress','approved','skipped','rejected')),
      tags TEXT NOT NULL DEFAULT '[]',
      added_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX papers_status ON papers(status);
    CREATE INDEX papers_added ON papers(added_at);
    CREATE INDEX papers_external ON papers(external_id);

    CREATE TABLE paper_texts (
      paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
      extractor_version TEXT NOT NULL,
      full_text TEXT NOT NULL,
      sections TEXT NOT NULL,              -- JSON PaperSection[]
      captions TEXT NOT NULL DEFAULT '[]',
      warnings TEXT NOT NULL DEFAULT '[]', -- JSON TextWarning[]
      created_at TEXT NOT NULL,
      PRIMARY KEY (paper_id, extractor_version)
    );

    -- Full-text search over titles and extracted text; kept in step by the library code.
    CREATE VIRTUAL TABLE papers_fts USING fts5(
      paper_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TABLE models (
      id TEXT PRIMARY KEY,
      path TEXT NOT NULL,
      file_name TEXT NOT NULL,
      size_bytes INTEGER NOT NULL,
      sha256 TEXT,                         -- filled in by a background hash
      architecture TEXT,
      parameters INTEGER,
      quantization TEXT,
      context_length INTEGER,
      chat_template TEXT,
      metadata TEXT NOT NULL DEFAULT '{}', -- JSON: the GGUF metadata we read
      round TEXT,                          -- the training round this model belongs to
      added_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX models_path ON models(path);

    CREATE TABLE model_adapters (
      id TEXT PRIMARY KEY,
      model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      file_name TEXT NOT NULL,
      sha256 TEXT,
      scale REAL NOT NULL DEFAULT 1.0,
      metadata TEXT NOT NULL DEFAULT '{}',
      added_at TEXT NOT NULL
    );

    -- Immutable and versioned: a new wording is a new row, so every draft can name the exact text.
    CREATE TABLE prompts (
      id TEXT PRIMARY KEY,                 -- "<name>@<version>"
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      system_text TEXT NOT NULL,
      paper_parts TEXT NOT NULL,           -- JSON: ordered labelled parts ([TITLE], [ABSTRACT], ...)
      created_at TEXT NOT NULL,
      UNIQUE (name, version)
    );

    CREATE TABLE review_templates (
      id TEXT PRIMARY KEY,                 -- "<name>@<version>"
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      definition TEXT NOT NULL,            -- JSON ReviewTemplate
      created_at TEXT NOT NULL,
      UNIQUE (name, version)
    );

    CREATE TABLE drafts (
      id TEXT PRIMARY KEY,
      paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
      model_id TEXT REFERENCES models(id) ON DELETE SET NULL,
      model_sha256 TEXT,
      adapters TEXT NOT NULL DEFAULT '[]', -- JSON [{path, sha256, scale}]
      prompt_id TEXT REFERENCES prompts(id),
      template_id TEXT REFERENCES review_templates(id),
      prompt_hash TEXT,                    -- sha256 of the exact rendered prompt
      trimmed TEXT NOT NULL DEFAULT '[]',  -- JSON: what was dropped to fit
      sampling TEXT NOT NULL DEFAULT '{}', -- JSON: temperature, top_p, ..., max tokens
      seed INTEGER,
      text TEXT NOT NULL DEFAULT '',       -- the raw generated text, always kept
      sections TEXT NOT NULL DEFAULT '{}', -- JSON: parsed into the template's sections
      scores TEXT NOT NULL DEFAULT '{}',
      tokens_in INTEGER,
      tokens_out INTEGER,
      ttft_ms REAL,
      duration_ms REAL,
      tokens_per_second REAL,
      context_size INTEGER,
      gpu_layers INTEGER,
      backend TEXT,
      threads INTEGER,
      end_reason TEXT CHECK (end_reason IN ('running','done','stopped','length','error')),
      error TEXT,
      provenance TEXT NOT NULL DEFAULT '{}', -- JSON: anything else needed to reproduce it
      created_at TEXT NOT NULL
    );
    CREATE INDEX drafts_paper ON drafts(paper_id, created_at);
    CREATE INDEX drafts_model ON drafts(model_id);

    -- Batch pre-drafting queue; survives restarts.
    CREATE TABLE draft_jobs (
      id TEXT PRIMARY KEY,
      batch_id TEXT NOT NULL,
      paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
      model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
      options TEXT NOT NULL DEFAULT '{}',
      status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued','running','done','failed','cancelled')),
      draft_id TEXT REFERENCES drafts(id) ON DELETE SET NULL,
      error TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX draft_jobs_batch ON draft_jobs(batch_id, status);

    CREATE TABLE reviews (
      id TEXT PRIMARY KEY,
      paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
      annotator TEXT NOT NULL,
      template_id TEXT NOT NULL REFERENCES review_templates(id),
      draft_id TEXT REFERENCES drafts(id) ON DELETE SET NULL,
      sections TEXT NOT NULL DEFAULT '{}', -- JSON {sectionId: markdown}
      scores TEXT NOT NULL DEFAULT '{}',   -- JSON {scoreName: number}
      notes TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL DEFAULT 'in_progress'
        CHECK (status IN ('in_progress','approved','skipped','rejected')),
      status_reason TEXT,
      approved_unchanged INTEGER NOT NULL DEFAULT 0,
      labels TEXT NOT NULL DEFAULT '[]',   -- JSON: error kinds found in the draft
      anchors TEXT NOT NULL DEFAULT '[]',  -- JSON: cited passages {page, quote, before, after}
      time_on_task_ms INTEGER NOT NULL DEFAULT 0,
      source TEXT NOT NULL DEFAULT 'annotator', -- or "import:<source>"
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (paper_id, annotator)
    );
    CREATE INDEX reviews_status ON reviews(status);

    CREATE TABLE review_revisions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
      sections TEXT NOT NULL,
      scores TEXT NOT NULL,
      notes TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX review_revisions_review ON review_revisions(review_id, id);

    CREATE TABLE exports (
      id TEXT PRIMARY KEY,
      round TEXT,                          -- a named round, so "everything new since round N" works
      format TEXT NOT NULL,
      filters TEXT NOT NULL DEFAULT '{}',
      out_dir TEXT NOT NULL,
      counts TEXT NOT NULL DEFAULT '{}',
      manifest_sha256 TEXT,
      created_at TEXT NOT NULL
    );
    CREATE INDEX exports_round ON exports(round);

    CREATE TABLE export_items (
      export_id TEXT NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
      review_id TEXT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
      paper_id TEXT NOT NULL,
      draft_id TEXT,
      split TEXT NOT NULL CHECK (split IN ('train','validation')),
      PRIMARY KEY (export_id, review_id)
    );

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL                  -- JSON
    );
  `,
};
