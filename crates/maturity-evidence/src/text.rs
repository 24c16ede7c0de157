//! Small text helpers shared by the collectors: line numbers, word-bounded matching and
//! numbers after a key. Kept free of regular expressions so reading stays cheap and the
//! crate small.

/// 1-based line of a byte offset.
pub fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// 1-based line of the first occurrence of `needle`, if any.
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|offset| line_at(text, offset))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Byte offset of `pattern` in `haystack` where it stands as a word or words: not glued to
/// letters or digits on either side (`jest` matches `npx jest --ci` and `jest-junit` but not
/// `majestic`). Both sides are expected in lower case.
pub fn find_word(haystack: &str, pattern: &str) -> Option<usize> {
    if pattern.is_empty() {
        return None;
    }
    let bytes = haystack.as_bytes();
    let first = pattern.as_bytes()[0];
    let last = pattern.as_bytes()[pattern.len() - 1];
    let mut start = 0;
    while let Some(found) = haystack[start..].find(pattern) {
        let at = start + found;
        let end = at + pattern.len();
        let before_ok = at == 0 || !is_word_byte(first) || !is_word_byte(bytes[at - 1]);
        let after_ok = end == bytes.len() || !is_word_byte(last) || !is_word_byte(bytes[end]);
        if before_ok && after_ok {
            return Some(at);
        }
        start = at + 1;
        while !haystack.is_char_boundary(start) {
            start += 1;
        }
    }
    None
}

pub fn contains_word(haystack: &str, pattern: &str) -> bool {
    find_word(haystack, pattern).is_some()
}

/// The number that follows `key` on the same line, skipping separators such as `:`, `=`,
/// quotes and `>` (so `fail_under = 90`, `"lines": 80`, `<minimum>0.80</minimum>` and
/// `--cov-fail-under=85` all work). `key` is matched case-insensitively; returns the number
/// and the line it is on.
pub fn number_after(text: &str, key: &str) -> Option<(f64, usize)> {
    let lower = text.to_ascii_lowercase();
    let key = key.to_ascii_lowercase();
    let mut start = 0;
    while let Some(found) = lower[start..].find(&key) {
        let at = start + found + key.len();
        let rest = &text[at..];
        let rest = rest.split('\n').next().unwrap_or("");
        let trimmed = rest.trim_start_matches([' ', '\t', ':', '=', '"', '\'', '>', '(']);
        let digits: String = trimmed
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if let Ok(value) = digits.parse::<f64>() {
            return Some((value, line_at(text, at)));
        }
        start = at;
    }
    None
}

/// Lines of `text` with their 1-based numbers.
pub fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, line)| (i + 1, line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_matching_cases() {
        let cases = [
            ("npx jest --ci", "jest", true),
            ("jest-junit", "jest", true),
            ("majestic", "jest", false),
            ("cargo test --all", "cargo test", true),
            ("cargo testing", "cargo test", false),
            (
                "uses: actions/upload-artifact@v4",
                "actions/upload-artifact",
                true,
            ),
            ("", "x", false),
            ("tox -e py", "tox", true),
            ("toxic", "tox", false),
        ];
        for (haystack, pattern, expected) in cases {
            assert_eq!(
                contains_word(haystack, pattern),
                expected,
                "{haystack:?} ~ {pattern:?}"
            );
        }
    }

    #[test]
    fn numbers_after_keys() {
        let cases = [
            ("[report]\nfail_under = 90\n", "fail_under", Some((90.0, 2))),
            ("\"lines\": 80,", "\"lines\"", Some((80.0, 1))),
            ("<minimum>0.80</minimum>", "<minimum", Some((0.8, 1))),
            ("pytest --cov-fail-under=85", "--cov-fail-under", Some((85.0, 1))),
            ("target: auto", "target", None),
        ];
        for (text, key, expected) in cases {
            assert_eq!(number_after(text, key), expected, "{text:?}");
        }
    }

    #[test]
    fn lines() {
        assert_eq!(line_at("a\nb\nc", 4), 3);
        assert_eq!(line_of("a\nbc\n", "c"), Some(2));
        assert_eq!(line_of("a", "z"), None);
    }
}
