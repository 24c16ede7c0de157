-- Groups of subjects (a department, a product line) and the accounts limited to them
-- (docs/web.md, "Groups"). Subjects are not rows of their own, so a membership names the
-- subject as assessments do. Existing data is untouched: no subject is in a group and no
-- account is limited, which is how the app behaved before groups.
CREATE TABLE subject_group (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE subject_group_members (
    subject TEXT NOT NULL,
    group_id INTEGER NOT NULL REFERENCES subject_group (id) ON DELETE CASCADE,
    PRIMARY KEY (subject, group_id)
);
CREATE INDEX subject_group_members_group ON subject_group_members (group_id);

CREATE TABLE user_subject_groups (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES subject_group (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
);
