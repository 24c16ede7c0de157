-- The first schema of the SQLite store. Times are Unix seconds; secrets (passwords, session ids,
-- survey and API tokens) are stored only as hashes. Evidence and deployment events are opaque JSON
-- text: the store keeps them, it does not interpret them.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'assessor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    date TEXT,
    assessor TEXT,
    models TEXT NOT NULL,
    benchmark TEXT,
    closed INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE INDEX assessments_subject ON assessments (subject);

CREATE TABLE source_files (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('model', 'benchmark')),
    name TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX source_files_assessment ON source_files (assessment_id);

CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX observations_assessment ON observations (assessment_id);

CREATE TABLE respondents (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    answered_at INTEGER,
    UNIQUE (assessment_id, name)
);

CREATE TABLE answers (
    respondent_id INTEGER NOT NULL REFERENCES respondents (id) ON DELETE CASCADE,
    criterion TEXT NOT NULL,
    level INTEGER CHECK (level BETWEEN 1 AND 4),
    comment TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (respondent_id, criterion)
);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    assessment_id INTEGER REFERENCES assessments (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX evidence_subject ON evidence (subject);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE deployments (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX deployments_subject ON deployments (subject, id);
