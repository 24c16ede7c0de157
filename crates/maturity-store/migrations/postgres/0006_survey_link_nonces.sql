-- The nonce each survey link is derived from (docs/web.md, "Survey links"): with the server's
-- link key, kept outside the database, the web app derives the link again to show it to the
-- assessor. Respondents invited before this migration have none: their link cannot be shown
-- again, only rotated.
CREATE TABLE survey_link_nonces (
    respondent_id BIGINT PRIMARY KEY REFERENCES respondents (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL
);
