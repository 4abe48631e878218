//! Calendar dates (`yyyy-mm-dd`) and date-times (`yyyy-mm-dd hh:mm:ss`) as VoIP.ms writes them.
//!
//! A small civil-calendar type rather than a date crate: the API needs parsing, printing,
//! ordering and adding days (to split long ranges), which Howard Hinnant's well-known
//! days-from-civil algorithms give exactly; time zones are the API's business (`timezone`
//! parameters), not ours.

use std::fmt;
use std::fmt::Write as _;
use std::str::FromStr;

use crate::wire::WireValue;

mod interop;

pub use interop::DateOutOfRange;

/// A date or date-time string that is not a valid `yyyy-mm-dd[ hh:mm:ss]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a valid {expected}")]
pub struct ParseDateError {
    input: String,
    expected: &'static str,
}

/// A calendar date, written `yyyy-mm-dd` on the wire.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// The number of days of `month` (1..=12) in `year`.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// The date `year-month-day`, if it exists (years 1..=9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if within years 1..=9999.
    pub fn from_days(days: i64) -> Option<Date> {
        // Hinnant, civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month, day)
    }

    /// This date moved by `days` (negative moves back); `None` outside years 1..=9999.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.to_days().checked_add(days)?)
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }

    /// The start of this day.
    pub fn at_midnight(self) -> DateTime {
        DateTime {
            date: self,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }
}

/// The value of a short run of ASCII digits (at most 4 here: no overflow).
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        let d = b.wrapping_sub(b'0');
        (d <= 9).then_some(n * 10 + u32::from(d))
    })
}

impl FromStr for Date {
    type Err = ParseDateError;

    fn from_str(s: &str) -> Result<Date, ParseDateError> {
        let err = || ParseDateError {
            input: s.to_string(),
            expected: "date (yyyy-mm-dd)",
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let y = digits(&s[0..4]).ok_or_else(err)?;
        let m = digits(&s[5..7]).ok_or_else(err)?;
        let d = digits(&s[8..10]).ok_or_else(err)?;
        Date::new(y as i32, m as u8, d as u8).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A date and time of day, written `yyyy-mm-dd hh:mm:ss` on the wire (in the time zone the call
/// asked for, or the account's).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
}

impl DateTime {
    /// The date-time, if the time of day is valid.
    pub fn new(date: Date, hour: u8, minute: u8, second: u8) -> Option<DateTime> {
        (hour < 24 && minute < 60 && second < 60).then_some(DateTime {
            date,
            hour,
            minute,
            second,
        })
    }

    /// The date.
    pub fn date(self) -> Date {
        self.date
    }

    /// Hour, 0 to 23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// Minute, 0 to 59.
    pub fn minute(self) -> u8 {
        self.minute
    }

    /// Second, 0 to 59.
    pub fn second(self) -> u8 {
        self.second
    }
}

impl FromStr for DateTime {
    type Err = ParseDateError;

    fn from_str(s: &str) -> Result<DateTime, ParseDateError> {
        let err = || ParseDateError {
            input: s.to_string(),
            expected: "date-time (yyyy-mm-dd hh:mm:ss)",
        };
        let b = s.as_bytes();
        if b.len() != 19 || (b[10] != b' ' && b[10] != b'T') || b[13] != b':' || b[16] != b':' {
            return Err(err());
        }
        let date: Date = s[..10].parse().map_err(|_| err())?;
        let h = digits(&s[11..13]).ok_or_else(err)?;
        let m = digits(&s[14..16]).ok_or_else(err)?;
        let sec = digits(&s[17..19]).ok_or_else(err)?;
        DateTime::new(date, h as u8, m as u8, sec as u8).ok_or_else(err)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:02}:{:02}:{:02}",
            self.date, self.hour, self.minute, self.second
        )
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

// Its wire spelling (`crate::wire`): beside the type, so a new value type is one file here.
crate::wire::scalar_to_json!(Date, DateTime);

impl WireValue for Date {
    const EXPECTED: &'static str = "a date (yyyy-mm-dd)";
    fn write_wire(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
    fn from_wire(s: &str) -> Option<Self> {
        // Some date fields carry a time as well; the date is what was asked for.
        let s = s.trim();
        s.parse()
            .ok()
            .or_else(|| s.parse::<DateTime>().ok().map(DateTime::date))
    }
    fn is_null_spelling(s: &str) -> bool {
        s.starts_with("0000-00-00")
    }
}

impl WireValue for DateTime {
    const EXPECTED: &'static str = "a date-time (yyyy-mm-dd hh:mm:ss)";
    fn write_wire(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
    fn from_wire(s: &str) -> Option<Self> {
        let s = s.trim();
        s.parse()
            .ok()
            .or_else(|| s.parse::<Date>().ok().map(Date::at_midnight))
    }
    fn is_null_spelling(s: &str) -> bool {
        s.starts_with("0000-00-00")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("0000-00-00".parse::<Date>().is_err());
        assert!("2024-2-29".parse::<Date>().is_err());
        let t: DateTime = "2024-02-29 23:59:01".parse().unwrap();
        assert_eq!(t.to_string(), "2024-02-29 23:59:01");
        assert!("2024-02-29 24:00:00".parse::<DateTime>().is_err());
    }

    #[test]
    fn day_arithmetic_round_trips() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().to_days(), 11_017);
        for days in (-700_000..2_900_000).step_by(997) {
            let d = Date::from_days(days).unwrap();
            assert_eq!(d.to_days(), days);
        }
        let d = Date::new(2024, 12, 31).unwrap();
        assert_eq!(d.add_days(1), Date::new(2025, 1, 1));
        assert_eq!(d.days_until(Date::new(2025, 3, 1).unwrap()), 60);
    }
}
