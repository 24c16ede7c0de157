//! Parsing the times users write: in exports and in `--since`/`--until`. Accepts RFC 3339
//! (`2024-01-31T12:00:00Z`, `…+02:00`), a civil date-time taken as UTC (`2024-01-31 12:00`,
//! `2024-01-31T12:00:00`), a date (`2024-01-31`, midnight UTC) and Unix seconds.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

/// What a bad date says, for diagnostics.
pub const EXPECTED: &str = "expected RFC 3339 (2024-01-31T12:00:00Z), a date (2024-01-31), \
                            a UTC date-time (2024-01-31 12:00) or Unix seconds";

/// Seconds since 1970 of a user-written time.
pub fn parse_time(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty date".to_string());
    }
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Ok(ts.as_second());
    }
    if let Ok(dt) = text.parse::<DateTime>() {
        return dt
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp().as_second())
            .map_err(|e| format!("date `{text}` out of range: {e}"));
    }
    if let Ok(date) = text.parse::<Date>() {
        return date
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp().as_second())
            .map_err(|e| format!("date `{text}` out of range: {e}"));
    }
    Err(format!("unparsable date `{text}`: {EXPECTED}"))
}

/// `--until`: a bare date means the end of that day (the window includes it).
pub fn parse_until(text: &str) -> Result<i64, String> {
    let start = parse_time(text)?;
    let is_date = text.trim().parse::<Date>().is_ok() && text.trim().parse::<i64>().is_err();
    Ok(if is_date { start + 86_400 } else { start })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let ok = [
            ("2024-01-01T00:00:00Z", 1_704_067_200),
            ("2024-01-01T02:00:00+02:00", 1_704_067_200),
            ("2024-01-01", 1_704_067_200),
            ("2024-01-01 00:00", 1_704_067_200),
            ("2024-01-01T00:00:00", 1_704_067_200),
            ("1704067200", 1_704_067_200),
            (" -86400 ", -86_400),
        ];
        for (text, expected) in ok {
            assert_eq!(parse_time(text), Ok(expected), "{text}");
        }
        for bad in ["", "yesterday", "2024-13-01", "2024-01-01T25:00:00Z"] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_until("2024-01-01"), Ok(1_704_067_200 + 86_400));
        assert_eq!(parse_until("2024-01-01T00:00:00Z"), Ok(1_704_067_200));
    }
}
