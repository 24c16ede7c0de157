-- A respondent's DORA Quick Check answers (docs/dora-quick-check.md), apart from the
-- criterion levels of `answers`: a metric's answer is a step 1..6 or a percentage 0..100,
-- checked against its scale by the web app before it is stored.
CREATE TABLE dora_answers (
    respondent_id INTEGER NOT NULL REFERENCES respondents (id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 100),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (respondent_id, metric)
);
