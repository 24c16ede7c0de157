-- The [evidence] and [roadmap] tables of an imported maturity.toml, kept as TOML text so an
-- export writes them back and the report plans the roadmap the directory asked for.
ALTER TABLE assessments ADD COLUMN settings TEXT NOT NULL DEFAULT '';
