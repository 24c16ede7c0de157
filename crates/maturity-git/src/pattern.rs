//! Which tags are releases: the release pattern (version-like by default, or a user's glob or
//! regular expression) and the pre-release filter.
//!
//! Syntax of `--release-tags`: `glob:PATTERN` (globset syntax: `*`, `?`, `[abc]`, `{a,b}`),
//! `regex:PATTERN` (Rust `regex` syntax, unanchored unless you anchor it), `auto` for the
//! default, or a bare PATTERN, taken as a glob.

use std::fmt;
use std::str::FromStr;

use regex::Regex;

/// Version-like names: an optional word prefix ending in `-`, `_` or `/` (`release-`,
/// `app/`), an optional `v`, then at least two dot-separated numbers, then an optional
/// `-suffix` or `+build`: `v1.2.3`, `1.2`, `release-2024.01`, `v2.0.0-rc1`.
const VERSION_LIKE: &str = r"^(?:[A-Za-z][A-Za-z0-9_.]*[-_/])?[vV]?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.\-+]*)?$";

/// Pre-release suffixes: `-rc1`, `-rc.1`, `-beta`, `-alpha.2`, `-pre`, `-preview`, `-dev`,
/// `-snapshot`, `-nightly`, `-canary`.
const PRE_RELEASE: &str =
    r"(?i)[-_.+~](?:rc|alpha|beta|pre|preview|dev|snapshot|nightly|canary)(?:[-_.]?\d+)*(?:[-+.].*)?$";

#[derive(Debug, Clone)]
enum Matcher {
    Default(Regex),
    Glob(globset::GlobMatcher),
    Regex(Regex),
}

/// The release pattern, with the pre-release filter.
#[derive(Debug, Clone)]
pub struct ReleasePattern {
    matcher: Matcher,
    source: String,
    pre_release: Regex,
    /// Count pre-release tags as releases too.
    pub include_pre_releases: bool,
}

impl ReleasePattern {
    /// Whether tag `name` (without `refs/tags/`) is a release.
    pub fn is_release(&self, name: &str) -> bool {
        let matched = match &self.matcher {
            Matcher::Default(re) | Matcher::Regex(re) => re.is_match(name),
            Matcher::Glob(glob) => glob.is_match(name),
        };
        matched && (self.include_pre_releases || !self.pre_release.is_match(name))
    }
}

impl Default for ReleasePattern {
    fn default() -> Self {
        Self {
            matcher: Matcher::Default(Regex::new(VERSION_LIKE).expect("a valid constant regex")),
            source: "auto".to_string(),
            pre_release: Regex::new(PRE_RELEASE).expect("a valid constant regex"),
            include_pre_releases: false,
        }
    }
}

impl fmt::Display for ReleasePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl FromStr for ReleasePattern {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let base = Self::default();
        let matcher = if text == "auto" || text.is_empty() {
            return Ok(base);
        } else if let Some(re) = text.strip_prefix("regex:") {
            Matcher::Regex(Regex::new(re).map_err(|e| format!("--release-tags: invalid regex `{re}`: {e}"))?)
        } else {
            let glob = text.strip_prefix("glob:").unwrap_or(text);
            Matcher::Glob(
                globset::Glob::new(glob)
                    .map_err(|e| format!("--release-tags: invalid glob `{glob}`: {e}"))?
                    .compile_matcher(),
            )
        };
        Ok(Self {
            matcher,
            source: text.to_string(),
            ..base
        })
    }
}

/// Names of hotfix branches and tags (globs, any of which may match): what they deliver is
/// rework.
#[derive(Debug, Clone)]
pub struct HotfixPattern {
    set: globset::GlobSet,
    globs: Vec<String>,
}

impl HotfixPattern {
    /// `hotfix/x`, `hotfix-x`, `v1.2.3-hotfix1`, `release/hotfix/x`.
    pub const DEFAULT: [&'static str; 4] = ["hotfix/*", "hotfix-*", "*-hotfix*", "*/hotfix/*"];

    /// Any of `globs` (globset syntax); an invalid one is an error naming it.
    pub fn new<S: AsRef<str>>(globs: &[S]) -> Result<Self, String> {
        let mut builder = globset::GlobSetBuilder::new();
        for glob in globs {
            let glob = glob.as_ref();
            builder.add(
                globset::Glob::new(glob)
                    .map_err(|e| format!("--hotfix-pattern: invalid glob `{glob}`: {e}"))?,
            );
        }
        Ok(Self {
            set: builder.build().map_err(|e| format!("--hotfix-pattern: {e}"))?,
            globs: globs.iter().map(|g| g.as_ref().to_string()).collect(),
        })
    }

    pub fn is_hotfix(&self, name: &str) -> bool {
        self.set.is_match(name)
    }
}

impl Default for HotfixPattern {
    fn default() -> Self {
        Self::new(&Self::DEFAULT).expect("valid constant globs")
    }
}

impl fmt::Display for HotfixPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.globs.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pattern_cases() {
        let p = ReleasePattern::default();
        let cases = [
            ("v1.2.3", true),
            ("1.2", true),
            ("V10.0.1", true),
            ("release-2024.01", true),
            ("app/v1.2.0", true),
            ("v1.2.3+build.5", true),
            ("v1.2.3-rc1", false),
            ("v1.2.3-rc.1", false),
            ("1.0.0-beta", false),
            ("1.0.0-alpha.2", false),
            ("2.0-preview", false),
            ("v1", false),
            ("latest", false),
            ("nightly", false),
            ("feature-x", false),
        ];
        for (name, expected) in cases {
            assert_eq!(p.is_release(name), expected, "{name}");
        }
    }

    #[test]
    fn glob_and_regex() {
        let g: ReleasePattern = "glob:rel-*".parse().expect("valid");
        assert!(g.is_release("rel-5"));
        assert!(!g.is_release("v1.0"));
        assert!(!g.is_release("rel-5-rc1"));
        let bare: ReleasePattern = "v*".parse().expect("valid");
        assert!(bare.is_release("v7"));
        let r: ReleasePattern = r"regex:^v\d+$".parse().expect("valid");
        assert!(r.is_release("v12"));
        assert!(!r.is_release("v1.2"));
        let mut with_pre: ReleasePattern = "auto".parse().expect("valid");
        with_pre.include_pre_releases = true;
        assert!(with_pre.is_release("v1.0.0-rc1"));
        assert!("regex:(".parse::<ReleasePattern>().is_err());
        assert!("glob:[".parse::<ReleasePattern>().is_err());
    }

    #[test]
    fn hotfix_pattern_cases() {
        let p = HotfixPattern::default();
        let cases = [
            ("hotfix/login", true),
            ("hotfix-42", true),
            ("v1.2.3-hotfix1", true),
            ("release/hotfix/x", true),
            ("v1.2.3", false),
            ("feature/hotfixes-doc", false),
            ("main", false),
        ];
        for (name, expected) in cases {
            assert_eq!(p.is_hotfix(name), expected, "{name}");
        }
        let own = HotfixPattern::new(&["urgent/*"]).expect("valid");
        assert!(own.is_hotfix("urgent/x") && !own.is_hotfix("hotfix/x"));
        assert!(HotfixPattern::new(&["["]).is_err());
    }
}
