//! Long date ranges for the range-limited list functions.
//!
//! VoIP.ms refuses list queries whose range exceeds a documented limit (`invalid_daterange`:
//! CDRs, SMS, recordings, transactions, ... at most 92 days). [`crate::Client::records`] (async,
//! a [`Stream`]) and `blocking::Client::records` (an [`Iterator`]) split any range into
//! consecutive windows the API accepts, send one request per window, and yield the records of
//! all windows as one sequence:
//!
//! - windows are whole days, inclusive at both ends, each at most the function's `max_days`
//!   long, in chronological order: the day after one window's last day is the next window's
//!   first, so nothing is skipped or fetched twice;
//! - within a window, records come in the order VoIP.ms sends them;
//! - every other parameter of the request (time zone, filters, `limit`) is sent unchanged with
//!   each window; a `limit` therefore applies per window;
//! - requests are sent one at a time, each through the client's validation, retry policy and
//!   rate limit; the first error ends the sequence.
//!
//! The functions with a documented limit implement [`DateRanged`] (generated from the spec's
//! `date_range`); [`windows`] gives the split itself for other uses.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::validate::{Rule, Subject, ValidationError};
use crate::{Client, Date, Error, Request};

/// A list function whose date range VoIP.ms limits (`date_range` in the spec), with the
/// accessors the range helper needs.
pub trait DateRanged: Request + Clone {
    /// One record of the list.
    type Record;

    /// The request's range: `from` and `to` when set.
    fn range(&self) -> (Option<Date>, Option<Date>);

    /// The same request for the days `from..=to`.
    fn with_range(&self, from: Date, to: Date) -> Self;

    /// The records of one response.
    fn records(response: Self::Response) -> Vec<Self::Record>;

    /// The request for the days `from..=to`, in the form [`Client::records`](crate::Client::records)
    /// takes (`client.records(GetSms::new().within(from, to))`).
    fn within(self, from: Date, to: Date) -> Within<Self>
    where
        Self: Sized,
    {
        Within {
            request: self.with_range(from, to),
        }
    }
}

/// A [`DateRanged`] request that holds both dates of its range: the only kind
/// [`Client::records`](crate::Client::records) takes, so a request lacking them does not
/// compile. Generated for the requests whose range is required (`GetCdr`); a request with an
/// optional range gets it from [`DateRanged::within`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` may lack the dates of its range",
    label = "give them with `.within(from, to)`"
)]
pub trait RangeGiven: DateRanged {}

/// A request with its range set by [`DateRanged::within`]: sent exactly as the request.
#[derive(Debug, Clone, PartialEq)]
pub struct Within<R> {
    request: R,
}

impl<R> Within<R> {
    /// The request, its range set.
    pub fn into_inner(self) -> R {
        self.request
    }
}

impl<R: DateRanged> Request for Within<R> {
    type Response = R::Response;

    fn meta() -> &'static crate::meta::FunctionMeta {
        R::meta()
    }

    fn encode(&self, form: &mut crate::wire::Form) {
        self.request.encode(form);
    }
}

impl<R: DateRanged> DateRanged for Within<R> {
    type Record = R::Record;

    fn range(&self) -> (Option<Date>, Option<Date>) {
        self.request.range()
    }

    fn with_range(&self, from: Date, to: Date) -> Self {
        Within {
            request: self.request.with_range(from, to),
        }
    }

    fn records(response: Self::Response) -> Vec<Self::Record> {
        R::records(response)
    }
}

impl<R: DateRanged> RangeGiven for Within<R> {}

/// Consecutive inclusive day windows covering `from..=to`, each at most `max_days` days.
///
/// ```
/// use voipms_api::{Date, ranges::windows};
///
/// let d = |m, day| Date::new(2024, m, day).unwrap();
/// let w: Vec<_> = windows(d(1, 1), d(1, 10), 4).collect();
/// assert_eq!(w, [(d(1, 1), d(1, 4)), (d(1, 5), d(1, 8)), (d(1, 9), d(1, 10))]);
/// ```
pub fn windows(from: Date, to: Date, max_days: u32) -> Windows {
    Windows {
        next: (from <= to).then_some(from),
        to,
        span: i64::from(max_days.max(1)) - 1,
    }
}

/// The iterator of [`windows`].
#[derive(Debug, Clone)]
pub struct Windows {
    next: Option<Date>,
    to: Date,
    span: i64,
}

impl Iterator for Windows {
    type Item = (Date, Date);

    fn next(&mut self) -> Option<(Date, Date)> {
        let start = self.next?;
        let end = start
            .add_days(self.span)
            .map_or(self.to, |d| d.min(self.to));
        self.next = if end < self.to { end.add_days(1) } else { None };
        Some((start, end))
    }
}

/// The windows of a request, or why it cannot be split.
fn plan<R: DateRanged>(request: &R) -> Result<Windows, Error> {
    let meta = R::meta();
    let fail = |subject: Subject, rule: Rule| {
        Error::Validation(ValidationError {
            function: meta.name.to_string(),
            subject,
            rule,
        })
    };
    let (from_name, to_name, max_days) = match meta.date_range {
        Some(r) => (r.from, r.to, r.max_days),
        None => ("from", "to", u32::MAX),
    };
    let (from, to) = match request.range() {
        (Some(from), Some(to)) => (from, to),
        (None, _) => return Err(fail(Subject::Param(from_name), Rule::NeededForWindows)),
        (_, None) => return Err(fail(Subject::Param(to_name), Rule::NeededForWindows)),
    };
    if to < from {
        let both = Subject::DateRange {
            from: from_name,
            to: to_name,
        };
        return Err(fail(both, Rule::Reversed { from, to }));
    }
    Ok(windows(from, to, max_days))
}

type Pending<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// The records of a long date range, fetched window by window: see the [module](self) docs.
///
/// A [`Stream`]; [`RecordStream::next`] and [`RecordStream::collect_all`] spare the
/// `StreamExt` import.
#[must_use = "a stream does nothing until polled"]
pub struct RecordStream<R: DateRanged> {
    client: Client,
    request: R,
    windows: Result<Windows, Option<Error>>,
    buffer: std::vec::IntoIter<R::Record>,
    pending: Option<Pending<R::Response>>,
}

// The pending future is boxed and nothing else is pinned: moving the stream is fine.
impl<R: DateRanged> Unpin for RecordStream<R> {}

impl<R> Stream for RecordStream<R>
where
    R: DateRanged + Send + 'static,
    R::Response: Send + 'static,
{
    type Item = Result<R::Record, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(record) = this.buffer.next() {
                return Poll::Ready(Some(Ok(record)));
            }
            if let Some(fut) = this.pending.as_mut() {
                let result = match fut.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(r) => r,
                };
                this.pending = None;
                match result {
                    Ok(response) => this.buffer = R::records(response).into_iter(),
                    Err(e) => {
                        this.windows = Err(None);
                        return Poll::Ready(Some(Err(e)));
                    }
                }
                continue;
            }
            let next = match &mut this.windows {
                Ok(w) => w.next(),
                Err(e) => return Poll::Ready(e.take().map(Err)),
            };
            let Some((from, to)) = next else {
                return Poll::Ready(None);
            };
            let request = this.request.with_range(from, to);
            let client = this.client.clone();
            this.pending = Some(Box::pin(async move { client.call(request).await }));
        }
    }
}

impl<R> RecordStream<R>
where
    R: DateRanged + Send + 'static,
    R::Response: Send + 'static,
{
    /// The next record, `None` at the end (or after an error).
    pub async fn next(&mut self) -> Option<Result<R::Record, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every record of the range, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<R::Record>, Error> {
        let mut out = Vec::new();
        while let Some(record) = self.next().await {
            out.push(record?);
        }
        Ok(out)
    }
}

impl Client {
    /// The records of `request`'s whole date range, however long: the range is split into
    /// windows the API accepts and the records of every window are yielded in order, as one
    /// stream. See the [`ranges`](crate::ranges) module for the exact behaviour.
    ///
    /// ```no_run
    /// # async fn demo(client: voipms_api::Client) -> Result<(), voipms_api::Error> {
    /// use voipms_api::Date;
    /// use voipms_api::cdr::{GetCdr, GetCdrArgs};
    ///
    /// let (from, to) = (Date::new(2024, 1, 1).unwrap(), Date::new(2024, 12, 31).unwrap());
    /// let mut cdrs = client.records(GetCdr::new(GetCdrArgs { date_from: from, date_to: to, timezone: -5 }).answered(true));
    /// while let Some(cdr) = cdrs.next().await {
    ///     println!("{:?}", cdr?.date);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn records<R>(&self, request: R) -> RecordStream<R>
    where
        R: RangeGiven + Send + 'static,
        R::Response: Send + 'static,
    {
        RecordStream {
            client: self.clone(),
            windows: plan(&request).map_err(Some),
            request,
            buffer: Vec::new().into_iter(),
            pending: None,
        }
    }
}

/// The records of a long date range, fetched window by window with the blocking client.
#[cfg(feature = "blocking")]
#[must_use = "an iterator does nothing until consumed"]
pub struct RecordIter<R: DateRanged> {
    client: crate::blocking::Client,
    request: R,
    windows: Result<Windows, Option<Error>>,
    buffer: std::vec::IntoIter<R::Record>,
}

#[cfg(feature = "blocking")]
impl<R: DateRanged> Iterator for RecordIter<R> {
    type Item = Result<R::Record, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(record) = self.buffer.next() {
                return Some(Ok(record));
            }
            let (from, to) = match &mut self.windows {
                Ok(w) => w.next()?,
                Err(e) => return e.take().map(Err),
            };
            match self.client.call(self.request.with_range(from, to)) {
                Ok(response) => self.buffer = R::records(response).into_iter(),
                Err(e) => {
                    self.windows = Err(None);
                    return Some(Err(e));
                }
            }
        }
    }
}

#[cfg(feature = "blocking")]
impl crate::blocking::Client {
    /// The records of `request`'s whole date range, however long, as one iterator; see
    /// [`crate::Client::records`].
    pub fn records<R: RangeGiven>(&self, request: R) -> RecordIter<R> {
        RecordIter {
            client: self.clone(),
            windows: plan(&request).map_err(Some),
            request,
            buffer: Vec::new().into_iter(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn windows_tile_the_range_exactly() {
        let (from, to) = (d(2023, 1, 1), d(2024, 12, 31));
        let w: Vec<_> = windows(from, to, 92).collect();
        assert_eq!(w[0].0, from);
        assert_eq!(w.last().unwrap().1, to);
        for (a, b) in &w {
            assert!(a <= b && a.days_until(*b) < 92);
        }
        for pair in w.windows(2) {
            assert_eq!(pair[0].1.add_days(1), Some(pair[1].0), "no gap, no overlap");
        }
        let total: i64 = w.iter().map(|(a, b)| a.days_until(*b) + 1).sum();
        assert_eq!(total, from.days_until(to) + 1);
        assert_eq!(windows(to, to, 92).collect::<Vec<_>>(), [(to, to)]);
        assert_eq!(windows(to, from, 92).count(), 0);
        assert_eq!(windows(from, to, 1).count() as i64, from.days_until(to) + 1);
    }

    #[test]
    fn windows_stop_at_the_end_of_the_calendar() {
        let w: Vec<_> = windows(d(9999, 12, 1), d(9999, 12, 31), 400).collect();
        assert_eq!(w, [(d(9999, 12, 1), d(9999, 12, 31))]);
    }

    #[cfg(feature = "dids")]
    #[test]
    fn a_request_without_its_range_cannot_be_split() {
        let sms = crate::dids::GetSms::new();
        let Err(Error::Validation(v)) = plan(&sms) else {
            panic!("no range");
        };
        assert_eq!(
            (v.function.as_str(), &v.subject, &v.rule),
            ("getSMS", &Subject::Param("from"), &Rule::NeededForWindows)
        );
    }

    #[cfg(feature = "cdr")]
    #[test]
    fn a_reversed_range_cannot_be_split() {
        let cdr = crate::cdr::GetCdr::new(crate::cdr::GetCdrArgs {
            date_from: d(2024, 2, 1),
            date_to: d(2024, 1, 1),
            timezone: 0,
        });
        let Err(Error::Validation(v)) = plan(&cdr) else {
            panic!("reversed range");
        };
        assert_eq!(
            v.subject,
            Subject::DateRange {
                from: "date_from",
                to: "date_to"
            }
        );
    }
}
