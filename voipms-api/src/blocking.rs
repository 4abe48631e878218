//! The blocking client (cargo feature `blocking`): the same methods, validation, retries, rate
//! limit, tracing and results as the async [`crate::Client`], for programs without an async
//! runtime.
//!
//! ```no_run
//! # fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use voipms_api::blocking::Client;
//! use voipms_api::general::GetBalance;
//!
//! let client = Client::new("me@example.com", "api-password")?;
//! let balance = client.get_balance(GetBalance::new().advanced(true))?;
//! println!("{:?}", balance.balance);
//! # Ok(()) }
//! ```
//!
//! Like `reqwest::blocking`, on which it is built, it must not be used from inside an async
//! runtime (it runs its own); use the async client there.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, USER_AGENT};

use crate::client::{Body, Call, ConfigError, Core, Decode, Settings, Step};
use crate::dispatch::{self, TypedJson};
use crate::meta::FunctionMeta;
use crate::rate_limit::RateLimit;
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::wire::{Form, RawResponse, decode_response};
use crate::{Error, meta};

/// A blocking client for the VoIP.ms REST/JSON API. Cheap to clone (clones share connections
/// and the rate limit) and usable from many threads.
///
/// `Debug` shows the user name, never the password.
#[derive(Clone)]
pub struct Client {
    http: reqwest::blocking::Client,
    core: Arc<Core>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.core, f)
    }
}

/// Builds a blocking [`Client`]; the same settings as [`crate::ClientBuilder`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    settings: Settings,
    http: Option<reqwest::blocking::Client>,
}

impl ClientBuilder {
    /// The endpoint URL (default [`crate::DEFAULT_BASE_URL`]). Must be https unless
    /// [`ClientBuilder::allow_plain_http`] is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.settings.base_url = url.into();
        self
    }

    /// Allows an `http://` base URL, for local mocks. Credentials then travel unencrypted.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.settings.allow_http = allow;
        self
    }

    /// The whole-request timeout (default [`crate::DEFAULT_TIMEOUT`]). With
    /// [`ClientBuilder::http_client`] it is set on each request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self
    }

    /// The User-Agent header (default [`crate::DEFAULT_USER_AGENT`]), sent on every request.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.settings.user_agent = ua.into();
        self
    }

    /// Retries read-only calls that failed transiently (default: never). See [`RetryPolicy`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// Limits how many requests start per period (default: no limit); calls wait for a slot.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.settings.rate_limit = Some(limit);
        self
    }

    /// Turns drift into an error; see [`crate::ClientBuilder::strict_decoding`].
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.settings.strict_decoding = strict;
        self
    }

    /// Uses a caller-configured `reqwest::blocking::Client`.
    pub fn http_client(mut self, http: reqwest::blocking::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let own = self.http.is_none();
        let http = match self.http {
            Some(c) => c,
            None => reqwest::blocking::Client::builder()
                .timeout(self.settings.client_timeout())
                .connect_timeout(self.settings.connect_timeout())
                .user_agent(self.settings.user_agent.clone())
                .redirect(reqwest::redirect::Policy::none())
                .https_only(!self.settings.allow_http)
                .build()
                .map_err(|e| ConfigError(e.to_string()))?,
        };
        let core = self.settings.into_core(own)?;
        Ok(Client {
            http,
            core: Arc::new(core),
        })
    }
}

impl Client {
    /// A client for the production endpoint.
    pub fn new(
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Result<Client, ConfigError> {
        Client::builder(username, password).build()
    }

    /// A builder, for a different base URL, timeout, user agent, HTTP client, retries or
    /// rate limit.
    pub fn builder(username: impl Into<String>, password: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            settings: Settings::new(username.into(), password.into()),
            http: None,
        }
    }

    /// Sends a typed request and decodes its typed response; see [`crate::Client::call`].
    pub fn call<R: Request>(&self, request: R) -> Result<R::Response, Error> {
        let meta = R::meta();
        let mut form = Form::new();
        request.encode(&mut form);
        self.execute(
            meta.name,
            Some(meta),
            &form,
            false,
            decode_response::<R::Response>,
        )
    }

    /// Calls any function by wire name with string parameters; see
    /// [`crate::Client::call_raw`].
    pub fn call_raw<I, K, V>(
        &self,
        function: &str,
        params: I,
    ) -> Result<serde_json::Map<String, serde_json::Value>, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut form = Form::new();
        for (k, v) in params {
            form.put_raw(k, v);
        }
        let meta = meta::function(function);
        self.execute(function, meta, &form, true, decode_response::<RawResponse>)
            .map(|r| r.0)
    }

    /// Calls any function by wire name, decoding the answer once through its typed response;
    /// see [`crate::Client::call_typed`].
    pub fn call_typed<I, K, V>(&self, function: &str, params: I) -> Result<TypedJson, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut form = Form::new();
        for (k, v) in params {
            form.put_raw(k, v);
        }
        let meta = meta::function(function);
        self.execute(function, meta, &form, true, dispatch::decoder(function))
    }

    fn execute<T: Body>(
        &self,
        name: &str,
        meta: Option<&'static FunctionMeta>,
        form: &Form,
        strict_names: bool,
        decode: Decode<T>,
    ) -> Result<T, Error> {
        let mut call = Call::new(&self.core, name, meta);
        let span = call.span();
        let _entered = span.enter();
        let body = match call.prepare(form, strict_names) {
            Ok(body) => body,
            Err(e) => return call.done(Err(e)),
        };
        loop {
            let wait = call.rate_wait();
            if !wait.is_zero() {
                tracing::debug!(
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    "waiting for the rate limit"
                );
                std::thread::sleep(wait);
            }
            let sent = self.send(body.clone());
            match call.outcome(sent, decode) {
                Step::Retry(delay) => std::thread::sleep(delay),
                Step::Done(result) => return call.done(result),
            }
        }
    }

    fn send(&self, body: String) -> Result<(u16, bytes::Bytes), reqwest::Error> {
        let mut req = self
            .http
            .post(&self.core.base_url)
            .header(CONTENT_TYPE, crate::client::FORM_CONTENT_TYPE)
            .header(USER_AGENT, self.core.user_agent.clone())
            .body(body);
        if let Some(t) = self.core.request_timeout {
            req = req.timeout(t);
        }
        let resp = req.send()?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes()?;
        Ok((status, bytes))
    }
}
