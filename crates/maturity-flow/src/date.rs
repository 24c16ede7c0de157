//! Dates as trackers export them. Only the calendar day matters to flow metrics, and it is the
//! day as written: a timestamp's clock time and offset are checked for shape, then dropped, so
//! an item resolved at 23:30 on a team's Friday counts on Friday wherever the report is made.
//!
//! Accepted (docs/flow.md): ISO 8601 (`2026-12-07`, `2026-12-07T09:14:00Z`,
//! `2026-12-07 09:14:00.123+02:00`: GitHub, Jira's ISO setting, the stage-column format);
//! Jira's default `07/Dec/26 9:14 AM` with month abbreviations in English, German, French and
//! Spanish, two- or four-digit years, 12- or 24-hour clock; `12/7/2026 9:14:00 AM` (month
//! first, as Azure DevOps' US-English CSV writes it); and `7.12.2026 09:14` (day first, as
//! German-locale tools write it).

use jiff::civil::Date;

/// Month abbreviations by number, lower case without a trailing dot.
const MONTHS: [&[&str]; 12] = [
    &[
        "jan", "january", "janv", "janvier", "ene", "enero", "jän", "januar",
    ],
    &["feb", "february", "févr", "fevr", "février", "febrero", "februar"],
    &["mar", "march", "mär", "mrz", "märz", "mars", "marzo"],
    &["apr", "april", "avr", "avril", "abr", "abril"],
    &["may", "mai", "mayo"],
    &["jun", "june", "juin", "junio", "juni"],
    &["jul", "july", "juil", "juillet", "julio", "juli"],
    &["aug", "august", "août", "aout", "ago", "agosto"],
    &["sep", "sept", "september", "septembre", "septiembre"],
    &["oct", "october", "okt", "oktober", "octobre", "octubre"],
    &["nov", "november", "novembre", "noviembre"],
    &[
        "dec",
        "december",
        "dez",
        "dezember",
        "déc",
        "dec",
        "décembre",
        "dic",
        "diciembre",
    ],
];

/// The calendar day `text` names, or why it names none.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    parse(text).ok_or_else(|| {
        format!(
            "`{}` is not a date (expected e.g. 2026-12-07, 2026-12-07T09:14:00Z, 07/Dec/26 9:14 AM \
             or 12/7/2026 9:14:00 AM)",
            shorten(text)
        )
    })
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text.to_string()
    }
}

fn parse(text: &str) -> Option<Date> {
    if let Some(date) = fast_iso(text.as_bytes()) {
        return date;
    }
    general(text)
}

/// The fast path for the commonest cell of all, a bare `YYYY-MM-DD`: `Some(answer)` when
/// `text` has exactly that shape (the answer is `None` for a day the calendar lacks, as
/// `2026-02-30`), `None` when it has another shape and [`general`] must decide.
pub(crate) fn fast_iso(text: &[u8]) -> Option<Option<Date>> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text else {
        return None;
    };
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |b: u8| b - b'0';
    let year = i16::from(n(y0)) * 1000 + i16::from(n(y1)) * 100 + i16::from(n(y2)) * 10 + i16::from(n(y3));
    let month = i8::try_from(n(m0) * 10 + n(m1)).ok()?;
    let day = i8::try_from(n(d0) * 10 + n(d1)).ok()?;
    Some(Date::new(year, month, day).ok())
}

/// Every accepted format, the fast path's included.
fn general(text: &str) -> Option<Date> {
    let (day, clock) = match text.find([' ', 'T']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (date, iso) = if let Some(date) = iso_day(day) {
        (date, true)
    } else {
        (named_or_numeric_day(day)?, false)
    };
    match clock {
        None => Some(date),
        Some(clock) if time_ok(clock, iso) => Some(date),
        Some(_) => None,
    }
}

fn number(text: &str, digits: std::ops::RangeInclusive<usize>) -> Option<i16> {
    (digits.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn year(text: &str) -> Option<i16> {
    match text.len() {
        // Jira's `yy`: this century, as Jira means it.
        2 => number(text, 2..=2).map(|y| 2000 + y),
        4 => number(text, 4..=4),
        _ => None,
    }
}

fn iso_day(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    Date::new(
        number(y, 4..=4)?,
        i8::try_from(number(m, 2..=2)?).ok()?,
        i8::try_from(number(d, 2..=2)?).ok()?,
    )
    .ok()
}

fn month_named(text: &str) -> Option<i8> {
    let name = text.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&name.as_str()))
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// `07/Dec/26`, `12/7/2026` (month first) or `7.12.2026` (day first).
fn named_or_numeric_day(text: &str) -> Option<Date> {
    let dotted = !text.contains('/');
    let parts: Vec<&str> = if dotted {
        text.split('.').collect()
    } else {
        text.split('/').collect()
    };
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let y = year(c)?;
    let (month, day) = if let Some(month) = month_named(b).filter(|_| !dotted) {
        (month, number(a, 1..=2)?)
    } else if dotted {
        (i8::try_from(number(b, 1..=2)?).ok()?, number(a, 1..=2)?)
    } else {
        (i8::try_from(number(a, 1..=2)?).ok()?, number(b, 1..=2)?)
    };
    Date::new(y, month, i8::try_from(day).ok()?).ok()
}

/// `9:14 AM`, `09:14:00`, `09:14:00.123Z`, `09:14+02:00`: the clock part, whose value is not
/// used, only checked to be a time. An ISO day takes an ISO clock, others an `AM`/`PM` one.
fn time_ok(clock: &str, iso: bool) -> bool {
    let clock = clock.trim();
    let (clock, twelve) = match clock.rsplit_once(' ') {
        Some((c, m)) if !iso && matches!(m.to_ascii_uppercase().as_str(), "AM" | "PM") => (c, true),
        _ => (clock, false),
    };
    let clock = if iso {
        match clock.find(['Z', 'z', '+']).or_else(|| clock.rfind('-')) {
            Some(at) => {
                let offset = &clock[at..];
                let ok = matches!(offset, "Z" | "z") || offset_ok(&offset[1..]);
                if !ok {
                    return false;
                }
                &clock[..at]
            }
            None => clock,
        }
    } else {
        clock
    };
    let mut parts = clock.split(':');
    let (Some(h), Some(m)) = (parts.next(), parts.next()) else {
        return false;
    };
    let s = parts.next();
    if parts.next().is_some() {
        return false;
    }
    let hour_ok = number(h, 1..=2).is_some_and(|h| if twelve { (1..=12).contains(&h) } else { h < 24 });
    let minute_ok = number(m, 2..=2).is_some_and(|m| m < 60);
    let second_ok = s.is_none_or(|s| {
        let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
        number(whole, 2..=2).is_some_and(|s| s < 61)
            && !fraction.is_empty()
            && fraction.len() <= 9
            && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    hour_ok && minute_ok && second_ok
}

fn offset_ok(offset: &str) -> bool {
    let digits: String = offset.chars().filter(|c| *c != ':').collect();
    (digits.len() == 2 || digits.len() == 4) && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_trackers_write() {
        let day = |y, m, d| Some(Date::new(y, m, d).expect("valid"));
        let cases = [
            ("2026-12-07", day(2026, 12, 7)),
            ("2026-12-07T09:14:00Z", day(2026, 12, 7)),
            ("2026-12-07T23:59:59.123456+02:00", day(2026, 12, 7)),
            ("2026-12-07 09:14", day(2026, 12, 7)),
            ("2026-12-07T09:14:00-05:00", day(2026, 12, 7)),
            ("07/Dec/26 9:14 AM", day(2026, 12, 7)),
            ("07/Dec/26 12:05 PM", day(2026, 12, 7)),
            ("7/Dec/2026 17:40", day(2026, 12, 7)),
            ("07/dez/26 09:14", day(2026, 12, 7)),
            ("07/déc./26 09:14", day(2026, 12, 7)),
            ("07/Mär/26 09:14", day(2026, 3, 7)),
            ("07/ene/26 9:14 AM", day(2026, 1, 7)),
            ("12/7/2026 9:14:00 AM", day(2026, 12, 7)),
            ("1/31/2027 11:59:59 PM", day(2027, 1, 31)),
            ("7.12.2026 09:14", day(2026, 12, 7)),
            ("  2026-12-07  ", day(2026, 12, 7)),
            ("2024-02-29", day(2024, 2, 29)),
            ("", None),
            ("2026-02-30", None),
            ("2026-13-01", None),
            ("2026-12-07T25:00:00Z", None),
            ("2026-12-07T09:14:00Q", None),
            ("07/Foo/26 9:14 AM", None),
            ("07/Dec/26 13:14 PM", None),
            ("13/31/2026", None),
            ("yesterday", None),
            ("<<computed>>", None),
            ("2026-12-07 09:14 AM", None),
            ("1e9", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text).ok(), expected, "{text:?}");
        }
        assert!(
            parse_date("soon")
                .expect_err("no date")
                .contains("`soon` is not a date")
        );
    }

    #[test]
    fn fast_path_agrees_with_the_general_parser() {
        let cases = [
            "2026-12-07",
            "2024-02-29",
            "2023-02-29",
            "2026-02-30",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "0000-01-01",
            "9999-12-31",
            "1900-02-29",
            "2000-02-29",
            "2026-1-07x",
            "2026/12/07",
            "20261207ab",
            "2026-12-0a",
            "+026-12-07",
            "2026-12-07T09:14:00Z",
            "7.12.2026",
        ];
        for text in cases {
            let general = general(text);
            match fast_iso(text.as_bytes()) {
                Some(fast) => assert_eq!(fast, general, "{text:?}"),
                None => assert!(
                    text.len() != 10 || general.is_none() || !text.contains('-'),
                    "{text:?}"
                ),
            }
            assert_eq!(parse(text), general, "{text:?}");
        }
        assert_eq!(fast_iso(b"2026-02-30"), Some(None));
        assert_eq!(fast_iso(b"2026-12-07T09:14"), None);
    }
}
