-- Where an imported respondent works (a response's `site`), so reports can group scores by
-- site; NULL when the response names none and for respondents invited by link.
ALTER TABLE respondents ADD COLUMN site TEXT;
