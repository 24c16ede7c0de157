//! Work items named in commits, and when the work they name reached production.
//!
//! A commit names a work item the way teams write it in messages and branch names (a merge
//! commit's message carries the merged branch's name): a tracker key such as `ABC-123`
//! (`feature/abc-123-login` counts too), or an issue number such as `#42`, `AB#42` (Azure
//! Boards) or `GH-42`. For each work item named, [`delivered`] finds its commits' first
//! deliveries: the work reached production with the delivery that shipped the last of them.
//! The report joins these with a tracker export by [`join_key`] (docs/metrics.md).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::deliveries::Delivery;
use super::first_release::UNRELEASED;
use super::history::{Clock, History};
use super::time::rfc3339;

/// At most this many work items are taken from one commit: a merge of a long-lived branch
/// whose message lists hundreds of changes names them all, but none of them was finished by it.
pub const MAX_PER_COMMIT: usize = 16;

/// A tracker key's project part is at most this long (Jira allows ten characters; some
/// trackers more).
const MAX_PROJECT: usize = 20;

/// An item number has at most this many digits.
const MAX_DIGITS: usize = 9;

/// The work items `message` names, by their join keys (`ABC-123`, `#42`), each once, in the
/// order they appear, at most [`MAX_PER_COMMIT`].
pub fn references(message: &[u8]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let add = |key: String, found: &mut Vec<String>| {
        if found.len() < MAX_PER_COMMIT && !found.contains(&key) {
            found.push(key);
        }
    };
    // Bytes of non-ASCII letters are word bytes too: `ÄBC-1` is not `BC-1`.
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let mut at = 0;
    while at < message.len() {
        let b = message[at];
        if b == b'#' {
            // `#42`, or `AB#42`: the hash must not end a word unless that word is `AB`.
            let before = &message[..at];
            let standalone = before.last().is_none_or(|p| !word(*p));
            let azure = before.len() >= 2
                && before[before.len() - 2..].eq_ignore_ascii_case(b"ab")
                && before.len().checked_sub(3).is_none_or(|i| !word(before[i]));
            if (standalone || azure)
                && let Some(digits) = number(&message[at + 1..])
            {
                add(number_key(digits), &mut found);
                at += 1 + digits.len();
                continue;
            }
            at += 1;
        } else if b.is_ascii_alphabetic() && (at == 0 || !word(message[at - 1])) {
            let end = at + message[at..].iter().take_while(|c| word(**c)).count();
            let project = &message[at..end];
            if project.len() <= MAX_PROJECT
                && message.get(end) == Some(&b'-')
                && let Some(digits) = number(&message[end + 1..])
            {
                let project = String::from_utf8_lossy(project).to_ascii_uppercase();
                if project == "GH" {
                    add(number_key(digits), &mut found);
                }
                add(format!("{project}-{digits}"), &mut found);
                at = end + 1 + digits.len();
                continue;
            }
            at = end;
        } else {
            at += 1;
        }
    }
    found
}

/// The digits `text` starts with, when they are 1 to [`MAX_DIGITS`] long and no letter
/// follows them (`42`, `42-login`, not `42abc`).
fn number(text: &[u8]) -> Option<&str> {
    let len = text.iter().take_while(|b| b.is_ascii_digit()).count();
    let followed_by_word = text
        .get(len)
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
    if len == 0 || len > MAX_DIGITS || followed_by_word {
        return None;
    }
    std::str::from_utf8(&text[..len]).ok()
}

/// The key a tracker's id is joined by: `#42` for a number (`42`, `#42`), the id in upper
/// case otherwise (`abc-123` → `ABC-123`).
pub fn join_key(id: &str) -> String {
    let id = id.trim();
    let digits = id.strip_prefix('#').unwrap_or(id);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        number_key(digits)
    } else {
        id.to_ascii_uppercase()
    }
}

/// `#42` for the digits `0042`.
fn number_key(digits: &str) -> String {
    let digits = digits.trim_start_matches('0');
    format!("#{}", if digits.is_empty() { "0" } else { digits })
}

/// One work item the history names: its commits, and when the last of them reached
/// production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkItemCommits {
    /// The join key: `ABC-123`, `#42`.
    pub id: String,
    /// Commits naming it (merge commits included: they carry branch names).
    pub commits: usize,
    /// The earliest of their times, by the lead-time clock.
    pub first_commit: String,
    /// When the delivery that shipped the last of them happened; `None` while any of them is
    /// not delivered yet.
    pub delivered: Option<String>,
    /// That delivery's name (a tag, a deployment's version or id).
    pub delivery: Option<String>,
}

/// What the commits naming one work item add up to.
struct Named {
    commits: usize,
    first_time: i64,
    /// The latest first delivery among them.
    last_delivery: Option<u32>,
    /// One of them is not delivered yet.
    undelivered: bool,
}

/// Each work item `history` names, by key, with its commits' first deliveries (`first` is the
/// first-release map).
pub(super) fn delivered(
    history: &History,
    clock: Clock,
    first: &[u32],
    deliveries: &[Delivery],
) -> Vec<WorkItemCommits> {
    let mut by_item: HashMap<u32, Named> = HashMap::new();
    for &(commit, item) in history.work_item_refs() {
        let time = history.time(commit, clock);
        let named = by_item.entry(item).or_insert(Named {
            commits: 0,
            first_time: time,
            last_delivery: None,
            undelivered: false,
        });
        named.commits += 1;
        named.first_time = named.first_time.min(time);
        match first.get(commit as usize).copied().unwrap_or(UNRELEASED) {
            UNRELEASED => named.undelivered = true,
            d => {
                let later = named
                    .last_delivery
                    .is_none_or(|l: u32| deliveries[d as usize].time > deliveries[l as usize].time);
                if later {
                    named.last_delivery = Some(d);
                }
            }
        }
    }
    let mut out: Vec<WorkItemCommits> = by_item
        .into_iter()
        .map(|(item, named)| {
            let delivery = (!named.undelivered)
                .then_some(named.last_delivery)
                .flatten()
                .and_then(|d| deliveries.get(d as usize));
            WorkItemCommits {
                id: history.work_item_name(item).to_string(),
                commits: named.commits,
                first_commit: rfc3339(named.first_time),
                delivered: delivery.map(|d| rfc3339(d.time)),
                delivery: delivery.map(|d| d.name.clone()),
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(message: &str) -> Vec<String> {
        references(message.as_bytes())
    }

    #[test]
    fn keys_and_numbers_are_found_where_teams_write_them() {
        assert_eq!(refs("ABC-123: fix the login"), ["ABC-123"]);
        assert_eq!(refs("Merge branch 'feature/abc-77-login' into main"), ["ABC-77"]);
        assert_eq!(
            refs("Merge pull request #12 from org/PAY-9-refunds\n\nFixes #40, AB#4711"),
            ["#12", "PAY-9", "#40", "#4711"]
        );
        assert_eq!(refs("GH-5 (and gh-5 again)"), ["#5", "GH-5"]);
        assert_eq!(refs("Fix login (#123)"), ["#123"]);
    }

    #[test]
    fn look_alikes_are_not_work_items() {
        for message in [
            "colour#42 is a word then a hash",
            "C#10 is a language",
            "XABC#3",
            "abc-",
            "abc-x1",
            "ABC-12ab",
            "v1.2-rc",
            "issue #",
            "#1234567890 is too long",
            "ÄBC-1 and Ä#3",
            "",
        ] {
            assert_eq!(refs(message), Vec::<String>::new(), "{message:?}");
        }
        assert_eq!(refs("#007 and AB#0"), ["#7", "#0"]);
    }

    #[test]
    fn one_commit_names_at_most_a_few() {
        let message: String = (0..100).map(|i| format!("* ABC-{i}\n")).collect();
        let found = refs(&message);
        assert_eq!(found.len(), MAX_PER_COMMIT);
        assert_eq!(found[0], "ABC-0");
        assert_eq!(refs("ABC-1 ABC-1 abc-1"), ["ABC-1"]);
    }

    #[test]
    fn tracker_ids_join_by_the_same_keys() {
        assert_eq!(join_key("abc-123"), "ABC-123");
        assert_eq!(join_key(" 4711 "), "#4711");
        assert_eq!(join_key("#42"), "#42");
        assert_eq!(join_key("007"), "#7");
        assert_eq!(join_key("000"), "#0");
        assert_eq!(join_key("W-0"), "W-0");
    }
}
