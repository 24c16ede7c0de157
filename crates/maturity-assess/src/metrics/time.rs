//! Calendar arithmetic on Unix seconds: UTC days, ISO weeks are not needed, months are.
//!
//! Metrics bucket by UTC calendar month and day. The civil-from-days conversion is Howard
//! Hinnant's algorithm: exact for every i64 day count we can meet, and infallible, unlike a
//! calendar library that rejects years past 9999.

pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;
pub const DAYS_PER_WEEK: f64 = 7.0;
/// The mean Gregorian month, so that per-month rates do not depend on which months the
/// window happens to span.
pub const DAYS_PER_MONTH: f64 = 30.436_875;

/// The UTC day number (days since 1970-01-01) of a time.
pub fn day(t: i64) -> i64 {
    t.div_euclid(DAY)
}

/// `(year, month)` of a UTC day number.
pub fn year_month(day: i64) -> (i64, u8) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, u8::try_from(month).unwrap_or(1))
}

/// `YYYY-MM` of a time, in UTC.
pub fn month_key(t: i64) -> String {
    let (year, month) = year_month(day(t));
    format!("{year:04}-{month:02}")
}

/// RFC 3339 in UTC (`2024-01-31T12:00:00Z`). Years before 0 get a minus sign, which RFC 3339
/// has no room for; times outside the years -9999 to 9999 are written as `@<seconds>`.
pub fn rfc3339(t: i64) -> String {
    match jiff::Timestamp::from_second(t) {
        Ok(ts) => ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => format!("@{t}"),
    }
}

/// The inverse of [`rfc3339`]: seconds from what it wrote (any RFC 3339 offset is accepted);
/// `None` for anything else.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    if let Some(seconds) = text.strip_prefix('@') {
        return seconds.parse().ok();
    }
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Some(t.as_second());
    }
    // Years before 1 are written with a sign, which RFC 3339 parsers do not accept.
    let civil = jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%SZ", text).ok()?;
    let zoned = civil.to_zoned(jiff::tz::TimeZone::UTC).ok()?;
    Some(zoned.timestamp().as_second())
}

/// Seconds as hours.
#[allow(clippy::cast_precision_loss)]
pub fn hours(seconds: i64) -> f64 {
    seconds as f64 / HOUR as f64
}

/// Seconds as days.
#[allow(clippy::cast_precision_loss)]
pub fn days(seconds: i64) -> f64 {
    seconds as f64 / DAY as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let cases = [
            (0, "1970-01"),
            (-1, "1969-12"),
            (951_782_400, "2000-02"),   // 2000-02-29
            (1_704_067_199, "2023-12"), // 2023-12-31T23:59:59Z
            (1_704_067_200, "2024-01"),
        ];
        for (t, expected) in cases {
            assert_eq!(month_key(t), expected, "{t}");
        }
    }

    #[test]
    fn rfc3339_cases() {
        assert_eq!(rfc3339(1_704_067_200), "2024-01-01T00:00:00Z");
        assert_eq!(rfc3339(-86_400), "1969-12-31T00:00:00Z");
        assert_eq!(rfc3339(-300_000_000_000), "-7537-05-18T18:40:00Z");
        assert_eq!(rfc3339(i64::MAX), format!("@{}", i64::MAX));
    }

    #[test]
    fn rfc3339_reads_back() {
        let cases = [
            ("2024-01-01T00:00:00Z", Some(1_704_067_200)),
            ("1969-12-31T00:00:00Z", Some(-86_400)),
            // An offset is honoured: 01:30 at +02:00 is 23:30 UTC the day before.
            ("2024-02-01T01:30:00+02:00", Some(1_706_743_800)),
            ("@9223372036854775807", Some(i64::MAX)),
            ("@-5", Some(-5)),
            ("2024-01-01", None),
            ("@soon", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_rfc3339(text), expected, "{text}");
        }
        // Year 1, year 0, years before it, the first second jiff can hold, and beyond.
        let edges = [
            -62_135_596_800,
            -62_135_596_801,
            -300_000_000_000,
            -377_705_116_800,
            -377_705_116_801,
        ];
        for t in [0, 1_704_067_199, i64::MIN, i64::MAX].into_iter().chain(edges) {
            assert_eq!(parse_rfc3339(&rfc3339(t)), Some(t), "{t}");
        }
    }
}
