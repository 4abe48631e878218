//! The long-date-range helper: a range of any length is fetched in windows the API accepts,
//! and the records come out in order, each day exactly once.

// Uses requests of several categories.
#![cfg(feature = "all-categories")]

mod common;

use common::{Reply, Seen, Server};
use voipms_api::cdr::{GetCdr, GetCdrArgs};
use voipms_api::dids::GetSms;
use voipms_api::{Date, DateRanged, Error};

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap()
}

/// A fake getCDR/getSMS: one record per day of the requested range (dated at noon), and
/// `invalid_daterange` for ranges over 92 days, as VoIP.ms does.
fn per_day(seen: &Seen) -> Reply {
    let (from_key, to_key, list) = match seen.function().as_str() {
        "getCDR" => ("date_from", "date_to", "cdr"),
        _ => ("from", "to", "sms"),
    };
    let from: Date = seen.param(from_key).unwrap().parse().unwrap();
    let to: Date = seen.param(to_key).unwrap().parse().unwrap();
    if from.days_until(to) > 92 {
        return Reply::status("invalid_daterange");
    }
    let mut records = Vec::new();
    let mut day = from;
    while day <= to {
        // Each list's own identifier (the clients decode strictly: fields of the spec only).
        records.push(if list == "cdr" {
            format!(r#"{{"date":"{day} 12:00:00","uniqueid":"{day}"}}"#)
        } else {
            format!(r#"{{"date":"{day} 12:00:00","id":"{}"}}"#, day.to_days())
        });
        day = day.add_days(1).unwrap();
    }
    if records.is_empty() {
        return Reply::status(if list == "cdr" { "no_cdr" } else { "no_sms" });
    }
    Reply::success(&format!(r#""{list}":[{}]"#, records.join(",")))
}

fn windows_seen(server: &Server, from_key: &str, to_key: &str) -> Vec<(Date, Date)> {
    server
        .seen()
        .iter()
        .map(|s| {
            (
                s.param(from_key).unwrap().parse().unwrap(),
                s.param(to_key).unwrap().parse().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_long_cdr_range_streams_every_day_once_in_order() {
    let server = Server::start(per_day);
    let client = server.client("pw").build().unwrap();
    let (from, to) = (d(2023, 11, 15), d(2025, 1, 20));
    let request = GetCdr::new(GetCdrArgs {
        date_from: from,
        date_to: to,
        timezone: -5,
    })
    .answered(true);
    let mut stream = client.records(request);
    let mut days = Vec::new();
    while let Some(cdr) = stream.next().await {
        days.push(cdr.unwrap().uniqueid.unwrap());
    }
    let expected: Vec<String> = (0..=from.days_until(to))
        .map(|n| from.add_days(n).unwrap().to_string())
        .collect();
    assert_eq!(days, expected, "every day once, in order");

    let windows = windows_seen(&server, "date_from", "date_to");
    assert_eq!(windows.len(), 5);
    assert_eq!(windows[0].0, from);
    assert_eq!(windows.last().unwrap().1, to);
    for (a, b) in &windows {
        assert!(a.days_until(*b) < 92, "{a}..{b}");
    }
    for w in windows.windows(2) {
        assert_eq!(w[0].1.add_days(1).unwrap(), w[1].0, "no gap, no overlap");
    }
    // Every other parameter travels unchanged with each window.
    for s in server.seen() {
        assert_eq!(s.param("timezone").as_deref(), Some("-5"));
        assert_eq!(s.param("answered").as_deref(), Some("1"));
    }
}

#[tokio::test]
async fn empty_windows_and_optional_ranges() {
    let server = Server::start(|seen: &Seen| {
        // Nothing in the first window.
        if seen.param("from").as_deref() == Some("2024-01-01") {
            Reply::status("no_sms")
        } else {
            per_day(seen)
        }
    });
    let client = server.client("pw").build().unwrap();
    let sms = GetSms::new()
        .did("5551234567")
        .within(d(2024, 1, 1), d(2024, 6, 30));
    let all = client.records(sms).collect_all().await.unwrap();
    // Windows of 92 days: 2024-01-01..=2024-04-01 (nothing), then from 2024-04-02.
    assert_eq!(
        all.len() as i64,
        d(2024, 4, 2).days_until(d(2024, 6, 30)) + 1
    );
    assert_eq!(all[0].date.unwrap().wall().date(), d(2024, 4, 2));
    assert!(
        server
            .seen()
            .iter()
            .all(|s| s.param("did").as_deref() == Some("5551234567"))
    );
}

#[tokio::test]
async fn the_first_error_ends_the_stream() {
    let server = Server::start(|seen: &Seen| {
        if seen.param("date_from").as_deref() == Some("2024-04-02") {
            Reply::status("invalid_credentials")
        } else {
            per_day(seen)
        }
    });
    let client = server.client("pw").build().unwrap();
    let mut stream = client.records(GetCdr::new(GetCdrArgs {
        date_from: d(2024, 1, 1),
        date_to: d(2024, 12, 31),
        timezone: 0,
    }));
    let mut ok = 0;
    let mut errors = Vec::new();
    while let Some(r) = stream.next().await {
        match r {
            Ok(_) => ok += 1,
            Err(e) => errors.push(e),
        }
    }
    assert_eq!(ok, 92, "the first window's records");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].function(), "getCDR");
    assert_eq!(server.count(), 2, "no request after the error");
}

#[tokio::test]
async fn a_range_that_cannot_be_split_is_a_validation_error() {
    let server = Server::start(per_day);
    let client = server.client("pw").build().unwrap();
    // A request lacking its dates does not compile (tests/ui/records_without_range.rs).
    let reversed = client.records(GetCdr::new(GetCdrArgs {
        date_from: d(2024, 2, 1),
        date_to: d(2024, 1, 1),
        timezone: 0,
    }));
    assert!(matches!(
        reversed.collect_all().await,
        Err(Error::Validation(_))
    ));
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn the_stream_is_a_futures_stream_and_can_be_spawned() {
    fn is_stream<S: futures_core::Stream + Send + 'static>(_: &S) {}
    let server = Server::start(per_day);
    let client = server.client("pw").build().unwrap();
    let stream = client.records(GetCdr::new(GetCdrArgs {
        date_from: d(2024, 1, 1),
        date_to: d(2024, 4, 30),
        timezone: 0,
    }));
    is_stream(&stream);
    let n = tokio::spawn(async move { stream.collect_all().await.unwrap().len() })
        .await
        .unwrap();
    assert_eq!(n, 121);
}

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_iterator_yields_the_same_records() {
    let server = Server::start(per_day);
    let (from, to) = (d(2024, 1, 1), d(2024, 12, 31));
    let blocking = server.blocking("pw").build().unwrap();
    let days: Vec<String> = blocking
        .records(GetCdr::new(GetCdrArgs {
            date_from: from,
            date_to: to,
            timezone: 0,
        }))
        .map(|r| r.unwrap().uniqueid.unwrap())
        .collect();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let client = server.client("pw").build().unwrap();
    let async_days: Vec<String> = rt
        .block_on(
            client
                .records(GetCdr::new(GetCdrArgs {
                    date_from: from,
                    date_to: to,
                    timezone: 0,
                }))
                .collect_all(),
        )
        .unwrap()
        .into_iter()
        .map(|c| c.uniqueid.unwrap())
        .collect();
    assert_eq!(days.len(), 366);
    assert_eq!(days, async_days);
}
