//! The future a typed call returns: one concrete type for every function.
//!
//! Each generated method hands its request to [`Client::call`](super::Client::call), which
//! encodes it and starts the call's attempts (not generic, compiled once); only taking the typed
//! response out at the end depends on the function. A method written `async fn` would instead
//! give each of the ~230 functions its own state machine around the same attempts, which was
//! the largest single cost of compiling the crate.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Decoded, take};
use crate::error::Error;

/// The attempts of one call, whatever its function.
type Attempts<'a> = Pin<Box<dyn Future<Output = Result<Decoded, Error>> + Send + 'a>>;

/// A call in progress: `.await` it for the typed response `T` or the call's [`Error`].
///
/// Returned by [`Client::call`](super::Client::call) and every generated method
/// (`client.get_cdr(request).await`). It is `Send` and `Unpin`, borrows the client for `'a`,
/// and, like any future, does nothing until polled: the parameters are checked and the request
/// sent on the first poll.
#[must_use = "a call is sent only when its future is awaited"]
pub struct ResponseFuture<'a, T> {
    attempts: Attempts<'a>,
    response: PhantomData<fn() -> T>,
}

impl<'a, T> ResponseFuture<'a, T> {
    pub(super) fn new(attempts: Attempts<'a>) -> Self {
        ResponseFuture {
            attempts,
            response: PhantomData,
        }
    }
}

impl<T: Default + 'static> Future for ResponseFuture<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.attempts.as_mut().poll(cx).map(|r| r.map(take::<T>))
    }
}

impl<T> fmt::Debug for ResponseFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture")
            .field("response", &std::any::type_name::<T>())
            .finish_non_exhaustive()
    }
}
