//! A calendar day as flow metrics count it: a number of days since 1970-01-01, so that
//! durations are subtractions and series are indexed by it. Dates are turned into days once,
//! when an export is read.

use std::fmt;
use std::num::NonZeroI32;

use jiff::civil::Date;

/// One calendar day. Ordered, and shown as `YYYY-MM-DD`.
///
/// Held as its day number plus [`BIAS`], never zero, so that an `Option<Day>` (a stage an item
/// has no date for) is four bytes like the day: a million items hold millions of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(NonZeroI32);

/// More than the number of days from 1970 back to the earliest date there is (year −9999), so
/// every day's biased number is positive.
const BIAS: i32 = 1 << 24;

impl Day {
    pub fn of(date: Date) -> Self {
        Self::from_number(day_number(date))
    }

    /// The day of a day number, which comes from a date, so is within the calendar's range.
    pub(crate) fn from_number(number: i32) -> Self {
        Self(NonZeroI32::new(number.saturating_add(BIAS)).unwrap_or(NonZeroI32::MAX))
    }

    /// Days since 1970-01-01: where charts place a day on their axis.
    pub fn number(self) -> i32 {
        self.0.get() - BIAS
    }

    pub fn date(self) -> Date {
        date_of(self.number())
    }
}

impl From<Date> for Day {
    fn from(date: Date) -> Self {
        Self::of(date)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.date().fmt(f)
    }
}

/// Days since 1970-01-01.
pub(crate) fn day_number(date: Date) -> i32 {
    let (y, m, d) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day of a day number.
pub(crate) fn date_of(day: i32) -> Date {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    // Day numbers come from valid dates within a few thousand days: always in jiff's range.
    Date::new(
        i16::try_from(y).unwrap_or(9999),
        i8::try_from(m).unwrap_or(1),
        i8::try_from(d).unwrap_or(1),
    )
    .unwrap_or(Date::MAX)
}

/// The Monday on or before `day`.
pub(crate) fn monday(day: i32) -> i32 {
    // 1970-01-01 was a Thursday, three days after a Monday.
    day - (day + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        text.parse().expect("date")
    }

    #[test]
    fn days_keep_their_number_order_and_size() {
        for date in [Date::MIN, day("1969-12-31"), day("2026-12-07"), Date::MAX] {
            assert_eq!(Day::of(date).date(), date);
        }
        assert!(Day::of(Date::MIN) < Day::of(day("1970-01-01")));
        assert!(Day::of(day("1970-01-01")) < Day::of(Date::MAX));
        assert_eq!(std::mem::size_of::<Option<Day>>(), 4);
    }

    #[test]
    fn day_numbers_match_the_calendar() {
        for (text, n) in [
            ("1970-01-01", 0),
            ("2000-03-01", 11_017),
            ("2026-12-07", 20_794),
            ("1969-12-31", -1),
        ] {
            assert_eq!(day_number(day(text)), n, "{text}");
            assert_eq!(date_of(n), day(text));
        }
        // 2026-12-07 is a Monday; 2027-01-03 a Sunday.
        assert_eq!(
            monday(day_number(day("2026-12-07"))),
            day_number(day("2026-12-07"))
        );
        assert_eq!(date_of(monday(day_number(day("2027-01-03")))), day("2026-12-28"));
    }
}
