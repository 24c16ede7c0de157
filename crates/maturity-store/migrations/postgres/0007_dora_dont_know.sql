-- "Don't know" becomes a stored Quick Check answer, -1 as DORA's own code encodes it, so that a
-- respondent who said so is counted and sees it chosen again.
ALTER TABLE dora_answers DROP CONSTRAINT dora_answers_value_check;
ALTER TABLE dora_answers ADD CONSTRAINT dora_answers_value_check CHECK (value = -1 OR value BETWEEN 0 AND 100);
