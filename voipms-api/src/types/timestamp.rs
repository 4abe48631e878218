//! Timestamps VoIP.ms reports in its own zone: an Eastern (America/Toronto) wall clock, with
//! the UTC offset it had when it can be told.
//!
//! What is known, and from where (voip-ms crate 0.14.0 and 0.15.0 CHANGELOG, measured against
//! the live API with a call whose recording id embeds its Unix time, during DST):
//! - VoIP.ms records timestamps as Eastern wall clocks, observing DST ([`SERVER_ZONE`]).
//! - The record listings (getCDR, getResellerCDR, getSMS, getMMS, getResellerSMS,
//!   getResellerMMS) report each one shifted by `timezone + 5` hours, as if Eastern were always
//!   UTC-5: the number sent is a UTC offset only in winter. getSMS and getMMS take an omitted
//!   `timezone` as -5 (no shift).
//! - getRegistrationStatus `register_next`, getCallRecordings / getCallRecording `datetime`,
//!   getDIDsInfo `order_date`, getFaxMessages `date` and getMediaMMS `date` are Eastern wall
//!   clocks.
//!
//! A [`Timestamp`] holds the Eastern wall clock (the shift undone) and its offset. The hour
//! Eastern repeats when clocks fall back cannot be resolved: the wall clock is kept and the
//! offset is `None`, instead of a guess. The Eastern rules are the US and Canadian ones: since
//! 2007 from the second Sunday of March to the first Sunday of November, 1987 to 2006 from the
//! first Sunday of April to the last Sunday of October, at 02:00 local time; earlier wall
//! clocks are not resolved.

use std::cell::Cell;
use std::fmt;
use std::fmt::Write as _;

use crate::wire::WireValue;

use super::date::{Date, DateTime, days_in_month};

/// The zone VoIP.ms records its timestamps in.
pub const SERVER_ZONE: &str = "America/Toronto";

/// Eastern Standard Time, in minutes east of UTC.
const EST: i32 = -300;
/// Eastern Daylight Time, in minutes east of UTC.
const EDT: i32 = -240;

/// A timestamp VoIP.ms reported: its Eastern wall clock, and the UTC offset of that moment
/// when it can be told (see the [module docs](self)).
///
/// `Display` (and the CLI's JSON) write `2026-09-23 12:28:34-04:00`, or the bare wall clock
/// when the offset is unknown. With the `chrono`, `time` or `jiff` feature it converts into
/// their instant types when resolved.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    wall: DateTime,
    offset: Option<i16>,
}

impl Timestamp {
    /// The timestamp of an Eastern wall clock, resolved when it falls outside the repeated
    /// (and the skipped) hour of a DST change.
    pub fn eastern(wall: DateTime) -> Timestamp {
        Timestamp {
            wall,
            offset: eastern_offset(wall).and_then(|m| i16::try_from(m).ok()),
        }
    }

    /// The Eastern wall clock (VoIP.ms's zone), with any reporting shift undone.
    pub fn wall(self) -> DateTime {
        self.wall
    }

    /// The UTC offset in minutes east of UTC (`-240` or `-300`), when it can be told.
    pub fn offset_minutes(self) -> Option<i32> {
        self.offset.map(i32::from)
    }

    /// Seconds since 1970-01-01 00:00:00 UTC, when the offset is known.
    pub fn unix_seconds(self) -> Option<i64> {
        let offset = i64::from(self.offset?);
        Some(wall_seconds(self.wall) - offset * 60)
    }
}

/// The wall clock `minutes` later (earlier when negative); `None` outside years 1..=9999.
fn shift_wall(wall: DateTime, minutes: i64) -> Option<DateTime> {
    // Most shifts stay within the day: no calendar arithmetic (a listing of 100,000 records
    // shifts each one).
    let in_day = i64::from(wall.hour()) * 60 + i64::from(wall.minute()) + minutes;
    if (0..24 * 60).contains(&in_day) {
        return DateTime::new(
            wall.date(),
            (in_day / 60) as u8,
            (in_day % 60) as u8,
            wall.second(),
        );
    }
    from_wall_seconds(wall_seconds(wall).checked_add(minutes.checked_mul(60)?)?)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.wall)?;
        if let Some(o) = self.offset {
            let sign = if o < 0 { '-' } else { '+' };
            let o = o.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", o / 60, o % 60)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Seconds since 1970-01-01 00:00:00 of a wall clock, as if it were UTC.
fn wall_seconds(w: DateTime) -> i64 {
    w.date().to_days() * 86_400
        + i64::from(w.hour()) * 3600
        + i64::from(w.minute()) * 60
        + i64::from(w.second())
}

fn from_wall_seconds(s: i64) -> Option<DateTime> {
    let date = Date::from_days(s.div_euclid(86_400))?;
    let rest = s.rem_euclid(86_400);
    DateTime::new(
        date,
        (rest / 3600) as u8,
        (rest % 3600 / 60) as u8,
        (rest % 60) as u8,
    )
}

/// The day of the week of a date, 0 = Sunday.
fn weekday(d: Date) -> i64 {
    // 1970-01-01 was a Thursday.
    (d.to_days() + 4).rem_euclid(7)
}

/// The day of the month of its `n`-th (1-based) Sunday, or with `n = 0` of its last one.
fn sunday(year: i32, month: u8, n: u8) -> Option<u8> {
    if n == 0 {
        let last = Date::new(year, month, days_in_month(year, month))?;
        return u8::try_from(i64::from(last.day()) - weekday(last)).ok();
    }
    let first = Date::new(year, month, 1)?;
    let to_sunday = (7 - weekday(first)) % 7;
    u8::try_from(1 + to_sunday + 7 * (i64::from(n) - 1)).ok()
}

/// The UTC offset of an Eastern wall clock; `None` in the hour skipped or repeated at a DST
/// change, and before 1987.
fn eastern_offset(wall: DateTime) -> Option<i32> {
    let (year, month) = (wall.date().year(), wall.date().month());
    // (month, n-th Sunday) of the change to DST and back (0: the last Sunday).
    let ((on_month, on_sunday), (off_month, off_sunday)) = match year {
        2007.. => ((3, 2), (11, 1)),
        1987..=2006 => ((4, 1), (10, 0)),
        _ => return None,
    };
    use std::cmp::Ordering::{Equal, Greater, Less};
    let at = (wall.date().day(), wall.hour());
    if month == on_month {
        // At 02:00 clocks go to 03:00: the hour 02:xx is skipped.
        return match at.cmp(&(sunday(year, month, on_sunday)?, 2)) {
            Less => Some(EST),
            Equal => None,
            Greater => Some(EDT),
        };
    }
    if month == off_month {
        // At 02:00 clocks go back to 01:00: the hour 01:xx is repeated.
        return match at.cmp(&(sunday(year, month, off_sunday)?, 1)) {
            Less => Some(EDT),
            Equal => None,
            Greater => Some(EST),
        };
    }
    Some(if month > on_month && month < off_month {
        EDT
    } else {
        EST
    })
}

thread_local! {
    /// The reporting shift of the answer being decoded on this thread, in minutes: the record
    /// listings report Eastern wall clocks `timezone + 5` hours late. Set by the client around
    /// one synchronous decode ([`decode_with_shift`]), zero otherwise.
    static SHIFT: Cell<i64> = const { Cell::new(0) };
}

/// Runs `decode` with the reporting shift of a record listing called with `timezone` (the
/// number sent, in hours; `None` when the function reports no shifted time or the number
/// cannot be read), so that its [`Timestamp`]s undo it. The client does this for every typed
/// call; use it to decode a saved record-listing body yourself
/// ([`crate::dispatch::decode_typed_json`]) with the `timezone` that was sent.
pub fn decode_with_shift<R>(
    timezone_hours: Option<rust_decimal::Decimal>,
    decode: impl FnOnce() -> R,
) -> R {
    let minutes = timezone_hours
        .and_then(|t| {
            use rust_decimal::prelude::ToPrimitive;
            ((t + rust_decimal::Decimal::from(5)) * rust_decimal::Decimal::from(60))
                .round()
                .to_i64()
        })
        .unwrap_or(0);
    let before = SHIFT.with(|s| s.replace(minutes));
    let out = decode();
    SHIFT.with(|s| s.set(before));
    out
}

/// Reads a reported timestamp: a wall clock (`yyyy-mm-dd hh:mm:ss`, or a date alone), with the
/// shift of the answer being decoded undone, resolved in Eastern time.
pub(crate) fn read_reported(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    let reported = s
        .parse::<DateTime>()
        .ok()
        .or_else(|| s.parse::<Date>().ok().map(Date::at_midnight))?;
    let shift = SHIFT.with(Cell::get);
    let wall = shift_wall(reported, -shift)?;
    Some(Timestamp::eastern(wall))
}

#[cfg(feature = "chrono")]
mod chrono_interop {
    use super::Timestamp;
    use crate::types::DateOutOfRange;

    /// The instant, at its Eastern offset; `DateOutOfRange` when the offset is unknown.
    impl TryFrom<Timestamp> for chrono::DateTime<chrono::FixedOffset> {
        type Error = DateOutOfRange;
        fn try_from(t: Timestamp) -> Result<Self, DateOutOfRange> {
            let offset =
                chrono::FixedOffset::east_opt(t.offset_minutes().ok_or(DateOutOfRange)? * 60)
                    .ok_or(DateOutOfRange)?;
            let utc = chrono::DateTime::from_timestamp(t.unix_seconds().ok_or(DateOutOfRange)?, 0)
                .ok_or(DateOutOfRange)?;
            Ok(utc.with_timezone(&offset))
        }
    }
}

#[cfg(feature = "time")]
mod time_interop {
    use super::Timestamp;
    use crate::types::DateOutOfRange;

    /// The instant, at its Eastern offset; `DateOutOfRange` when the offset is unknown.
    impl TryFrom<Timestamp> for time::OffsetDateTime {
        type Error = DateOutOfRange;
        fn try_from(t: Timestamp) -> Result<Self, DateOutOfRange> {
            let offset =
                time::UtcOffset::from_whole_seconds(t.offset_minutes().ok_or(DateOutOfRange)? * 60)
                    .map_err(|_| DateOutOfRange)?;
            let utc =
                time::OffsetDateTime::from_unix_timestamp(t.unix_seconds().ok_or(DateOutOfRange)?)
                    .map_err(|_| DateOutOfRange)?;
            Ok(utc.to_offset(offset))
        }
    }
}

#[cfg(feature = "jiff")]
mod jiff_interop {
    use super::Timestamp;
    use crate::types::DateOutOfRange;

    /// The instant; `DateOutOfRange` when the offset is unknown.
    impl TryFrom<Timestamp> for jiff::Timestamp {
        type Error = DateOutOfRange;
        fn try_from(t: Timestamp) -> Result<Self, DateOutOfRange> {
            jiff::Timestamp::from_second(t.unix_seconds().ok_or(DateOutOfRange)?)
                .map_err(|_| DateOutOfRange)
        }
    }
}

// Its wire spelling (`crate::wire`): beside the type, so a new value type is one file here.
crate::wire::scalar_to_json!(Timestamp);

impl WireValue for Timestamp {
    const EXPECTED: &'static str = "a date-time (yyyy-mm-dd hh:mm:ss)";
    /// The Eastern wall clock, as VoIP.ms reports it outside a record listing.
    fn write_wire(&self, out: &mut String) {
        let _ = write!(out, "{}", self.wall());
    }
    fn from_wire(s: &str) -> Option<Self> {
        read_reported(s)
    }
    fn is_null_spelling(s: &str) -> bool {
        s.starts_with("0000-00-00")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wall(s: &str) -> DateTime {
        s.parse().unwrap()
    }

    #[test]
    fn eastern_offsets_follow_the_dst_rules() {
        let off = |s: &str| eastern_offset(wall(s));
        assert_eq!(off("2026-09-23 12:28:34"), Some(EDT));
        assert_eq!(off("2026-01-15 08:00:00"), Some(EST));
        // 2026: DST from Sunday 8 March to Sunday 1 November.
        assert_eq!(off("2026-03-08 01:59:59"), Some(EST));
        assert_eq!(off("2026-03-08 02:30:00"), None, "skipped hour");
        assert_eq!(off("2026-03-08 03:00:00"), Some(EDT));
        assert_eq!(off("2026-11-01 00:59:59"), Some(EDT));
        assert_eq!(off("2026-11-01 01:30:00"), None, "repeated hour");
        assert_eq!(off("2026-11-01 02:00:00"), Some(EST));
        // 2006 rules: first Sunday of April (2 April) to last Sunday of October (29 October).
        assert_eq!(off("2006-04-02 01:00:00"), Some(EST));
        assert_eq!(off("2006-04-02 03:00:00"), Some(EDT));
        assert_eq!(off("2006-10-29 00:30:00"), Some(EDT));
        assert_eq!(off("2006-10-29 02:30:00"), Some(EST));
        assert_eq!(
            off("1980-07-01 12:00:00"),
            None,
            "before the rules known here"
        );
    }

    /// The measured case (voip-ms crate 0.14.0 CHANGELOG): a call placed at 16:28:34 UTC on
    /// 2026-09-23, listed with `timezone=0`, is reported as 17:28:34.
    #[test]
    fn a_record_listing_shift_is_undone() {
        let t = decode_with_shift(Some(0.into()), || read_reported("2026-09-23 17:28:34")).unwrap();
        assert_eq!(t.to_string(), "2026-09-23 12:28:34-04:00");
        let utc = wall_seconds(wall("2026-09-23 16:28:34"));
        assert_eq!(t.unix_seconds(), Some(utc));
        // The same call listed at -5 (no shift), 5.5 and -12 is the same instant.
        for (tz, reported) in [
            ("-5", "2026-09-23 12:28:34"),
            ("5.5", "2026-09-23 22:58:34"),
            ("-12", "2026-09-23 05:28:34"),
        ] {
            let tz: rust_decimal::Decimal = tz.parse().unwrap();
            let t = decode_with_shift(Some(tz), || read_reported(reported)).unwrap();
            assert_eq!(t.unix_seconds(), Some(utc), "timezone {tz}");
        }
        // Outside a decode, nothing is shifted.
        assert_eq!(
            read_reported("2026-09-23 12:28:34").unwrap().unix_seconds(),
            Some(utc)
        );
    }

    #[test]
    fn the_repeated_hour_keeps_its_wall_clock() {
        let t = read_reported("2026-11-01 01:30:00").unwrap();
        assert_eq!(t.offset_minutes(), None);
        assert_eq!(t.unix_seconds(), None);
        assert_eq!(t.to_string(), "2026-11-01 01:30:00");
        assert_eq!(t.wall(), wall("2026-11-01 01:30:00"));
        assert!(read_reported("not a date").is_none());
        assert_eq!(
            read_reported("2026-01-02").unwrap().to_string(),
            "2026-01-02 00:00:00-05:00"
        );
    }

    /// The rules written the long way, against which `eastern_offset` is checked: the change
    /// days found by walking the month, the skipped and repeated hours as ranges.
    fn eastern_offset_by_ranges(wall: DateTime) -> Option<i32> {
        let year = wall.date().year();
        let sunday_date = |month: u8, n: usize| {
            let sundays: Vec<Date> = (1..=days_in_month(year, month))
                .filter_map(|d| Date::new(year, month, d))
                .filter(|&d| weekday(d) == 0)
                .collect();
            if n == 0 {
                sundays.last().copied()
            } else {
                sundays.get(n - 1).copied()
            }
        };
        let (start, end) = match year {
            2007.. => (sunday_date(3, 2)?, sunday_date(11, 1)?),
            1987..=2006 => (sunday_date(4, 1)?, sunday_date(10, 0)?),
            _ => return None,
        };
        let at = |d: Date, hour: u8| DateTime::new(d, hour, 0, 0);
        let (gap_start, gap_end) = (at(start, 2)?, at(start, 3)?);
        let (fold_start, fold_end) = (at(end, 1)?, at(end, 2)?);
        if (gap_start..gap_end).contains(&wall) || (fold_start..fold_end).contains(&wall) {
            return None;
        }
        Some(if wall >= gap_end && wall < fold_start {
            EDT
        } else {
            EST
        })
    }

    #[test]
    fn every_hour_from_1985_to_2035_has_the_offset_of_the_rules() {
        // Within an hour the offset cannot change: one wall clock an hour, mid-hour.
        let start = wall_seconds(wall("1985-01-01 00:29:59"));
        let end = wall_seconds(wall("2035-01-01 00:00:00"));
        for s in (start..end).step_by(3600) {
            let w = from_wall_seconds(s).unwrap();
            assert_eq!(eastern_offset(w), eastern_offset_by_ranges(w), "{w}");
        }
    }

    #[test]
    fn shifts_within_and_across_days_agree_with_calendar_arithmetic() {
        for w in [
            "2026-09-23 17:28:34",
            "2026-01-01 00:10:00",
            "2024-02-29 23:59:59",
        ] {
            let w = wall(w);
            for minutes in [-1500, -720, -630, -61, -60, -1, 0, 1, 59, 330, 900, 1441] {
                let slow = from_wall_seconds(wall_seconds(w) + minutes * 60);
                assert_eq!(shift_wall(w, minutes), slow, "{w} {minutes}");
            }
        }
        assert_eq!(shift_wall(wall("0001-01-01 00:30:00"), -60), None);
    }

    #[test]
    fn sundays() {
        assert_eq!(sunday(2026, 3, 2), Some(8));
        assert_eq!(sunday(2026, 11, 1), Some(1));
        assert_eq!(sunday(2006, 10, 0), Some(29));
        assert_eq!(sunday(2024, 3, 2), Some(10));
        assert_eq!(sunday(2024, 11, 1), Some(3));
    }
}
