-- "Don't know" becomes a stored Quick Check answer, -1 as DORA's own code encodes it, so that a
-- respondent who said so is counted and sees it chosen again. SQLite cannot change a CHECK in
-- place: the table is rebuilt and its rows copied.
CREATE TABLE dora_answers_new (
    respondent_id INTEGER NOT NULL REFERENCES respondents (id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value = -1 OR value BETWEEN 0 AND 100),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (respondent_id, metric)
);
INSERT INTO dora_answers_new (respondent_id, metric, value, updated_at)
    SELECT respondent_id, metric, value, updated_at FROM dora_answers;
DROP TABLE dora_answers;
ALTER TABLE dora_answers_new RENAME TO dora_answers;
