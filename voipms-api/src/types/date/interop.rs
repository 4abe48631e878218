//! Today's date, and conversions between [`Date`] and the date types of `chrono`, `time` and
//! `jiff` (one cargo feature each, off by default).

use std::time::{SystemTime, UNIX_EPOCH};

use super::Date;

/// A date of another library outside `Date`'s years 1..=9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the date is outside years 1..=9999")]
pub struct DateOutOfRange;

impl Date {
    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        Date::today_at_offset(0)
    }

    /// Today at a fixed offset from UTC, in minutes (`-150` for Newfoundland's -3:30): the
    /// date VoIP.ms shows for an account in that time zone. Without a time-zone library the
    /// system's local offset is unknown; features `jiff` or `chrono` add
    /// `Date::today_local()`.
    pub fn today_at_offset(offset_minutes: i32) -> Date {
        let secs = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        };
        let local = secs.saturating_add(i64::from(offset_minutes) * 60);
        // A clock outside years 1..=9999 is broken; the epoch is the least surprising answer.
        Date::from_days(local.div_euclid(86_400)).unwrap_or(EPOCH)
    }
}

const EPOCH: Date = Date {
    year: 1970,
    month: 1,
    day: 1,
};

#[cfg(feature = "jiff")]
impl Date {
    /// Today in the system's time zone.
    pub fn today_local() -> Date {
        Date::try_from(jiff::Zoned::now().date()).unwrap_or_else(|_| Date::today())
    }
}

#[cfg(all(feature = "chrono", not(feature = "jiff")))]
impl Date {
    /// Today in the system's time zone.
    pub fn today_local() -> Date {
        Date::try_from(chrono::Local::now().date_naive()).unwrap_or_else(|_| Date::today())
    }
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    use chrono::Datelike as _;

    use super::{Date, DateOutOfRange};

    impl From<Date> for chrono::NaiveDate {
        fn from(d: Date) -> chrono::NaiveDate {
            // Years 1..=9999 are all within chrono's range.
            chrono::NaiveDate::from_ymd_opt(d.year(), u32::from(d.month()), u32::from(d.day()))
                .unwrap_or_default()
        }
    }

    impl TryFrom<chrono::NaiveDate> for Date {
        type Error = DateOutOfRange;
        fn try_from(d: chrono::NaiveDate) -> Result<Date, DateOutOfRange> {
            let (m, day) = (u8::try_from(d.month()), u8::try_from(d.day()));
            match (m, day) {
                (Ok(m), Ok(day)) => Date::new(d.year(), m, day).ok_or(DateOutOfRange),
                _ => Err(DateOutOfRange),
            }
        }
    }
}

#[cfg(feature = "time")]
mod time_impls {
    use super::{Date, DateOutOfRange};

    impl From<Date> for time::Date {
        fn from(d: Date) -> time::Date {
            // Years 1..=9999 are all within time's range.
            time::Month::try_from(d.month())
                .and_then(|m| time::Date::from_calendar_date(d.year(), m, d.day()))
                .unwrap_or(time::Date::MIN)
        }
    }

    impl TryFrom<time::Date> for Date {
        type Error = DateOutOfRange;
        fn try_from(d: time::Date) -> Result<Date, DateOutOfRange> {
            Date::new(d.year(), u8::from(d.month()), d.day()).ok_or(DateOutOfRange)
        }
    }
}

#[cfg(feature = "jiff")]
mod jiff_impls {
    use super::{Date, DateOutOfRange};

    impl From<Date> for jiff::civil::Date {
        fn from(d: Date) -> jiff::civil::Date {
            // Years 1..=9999 are all within jiff's range.
            let (y, m, day) = (
                i16::try_from(d.year()).unwrap_or(1),
                i8::try_from(d.month()).unwrap_or(1),
                i8::try_from(d.day()).unwrap_or(1),
            );
            jiff::civil::Date::new(y, m, day).unwrap_or_default()
        }
    }

    impl TryFrom<jiff::civil::Date> for Date {
        type Error = DateOutOfRange;
        fn try_from(d: jiff::civil::Date) -> Result<Date, DateOutOfRange> {
            let (m, day) = (u8::try_from(d.month()), u8::try_from(d.day()));
            match (m, day) {
                (Ok(m), Ok(day)) => Date::new(i32::from(d.year()), m, day).ok_or(DateOutOfRange),
                _ => Err(DateOutOfRange),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_follows_the_clock_and_the_offset() {
        let utc = Date::today();
        assert!(utc.year() >= 2024, "{utc}");
        let east = Date::today_at_offset(14 * 60);
        let west = Date::today_at_offset(-12 * 60);
        assert!((0..=2).contains(&west.days_until(east)), "{west} {east}");
        assert!((0..=1).contains(&utc.days_until(east)));
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_round_trip() {
        let d = Date::new(2024, 2, 29).unwrap();
        let c = chrono::NaiveDate::from(d);
        assert_eq!(c.to_string(), "2024-02-29");
        assert_eq!(Date::try_from(c), Ok(d));
        let far = chrono::NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        assert_eq!(Date::try_from(far), Err(DateOutOfRange));
    }

    #[cfg(feature = "time")]
    #[test]
    fn time_round_trip() {
        let d = Date::new(2024, 2, 29).unwrap();
        let t = time::Date::from(d);
        assert_eq!((t.year(), u8::from(t.month()), t.day()), (2024, 2, 29));
        assert_eq!(Date::try_from(t), Ok(d));
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn jiff_round_trip() {
        let d = Date::new(2024, 2, 29).unwrap();
        let j = jiff::civil::Date::from(d);
        assert_eq!(j.to_string(), "2024-02-29");
        assert_eq!(Date::try_from(j), Ok(d));
        let neg = jiff::civil::Date::new(-5, 1, 1).unwrap();
        assert_eq!(Date::try_from(neg), Err(DateOutOfRange));
        let _ = Date::today_local();
    }
}
