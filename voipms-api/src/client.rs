//! The asynchronous client, and the parts of a call that the blocking client shares with it:
//! settings, the form body, the retry and rate-limit steps, tracing, and turning an HTTP status
//! and body into a typed result.
//!
//! Every call is one POST of an `application/x-www-form-urlencoded` body carrying
//! `api_username`, `api_password`, `method` and the parameters. Credentials never travel in a
//! URL (query strings end up in proxy and server logs).

pub(crate) mod raw_answer;

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};
use tracing::Instrument as _;

use crate::dispatch::{self, TypedJson};
use crate::error::{Error, excerpt, mask};
use crate::meta::{FunctionMeta, Kind};
use crate::outcome::Outcome;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::wire::drift::Drift;
use crate::wire::{Envelope, Form, Object, RawResponse, decode_response};
use crate::{ErrorCode, meta, validate};

/// The documented REST endpoint.
pub const DEFAULT_BASE_URL: &str = "https://voip.ms/api/v1/rest.php";

/// The User-Agent sent by default (VoIP.ms's firewall rejects requests without one).
pub const DEFAULT_USER_AGENT: &str = concat!(
    "voipms-api/",
    env!("CARGO_PKG_VERSION"),
    " (Rust; +https://crates.io/crates/voipms-api)"
);

/// The whole-request timeout unless [`ClientBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The longest wait for a connection to be established.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// API credentials. `Debug` never shows the password.
#[derive(Clone)]
pub(crate) struct Credentials {
    pub(crate) username: String,
    pub(crate) password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// A configuration problem found when building a client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid client configuration: {0}")]
pub struct ConfigError(pub(crate) String);

/// What both builders collect.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) creds: Credentials,
    pub(crate) base_url: String,
    pub(crate) allow_http: bool,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: String,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) strict_decoding: bool,
}

impl Settings {
    pub(crate) fn new(username: String, password: String) -> Settings {
        Settings {
            creds: Credentials { username, password },
            base_url: DEFAULT_BASE_URL.to_string(),
            allow_http: false,
            timeout: None,
            user_agent: DEFAULT_USER_AGENT.to_string(),
            retry: RetryPolicy::never(),
            rate_limit: None,
            strict_decoding: false,
        }
    }

    /// Checks the settings and freezes them. `own_client` says whether the HTTP client is ours
    /// (its timeout is then set on the client, not per request).
    pub(crate) fn into_core(self, own_client: bool) -> Result<Core, ConfigError> {
        let url = self.base_url.trim();
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| ConfigError(format!("base URL `{url}` is not a URL: {e}")))?;
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => {
                return Err(ConfigError(format!(
                    "base URL `{url}` is plain http, which would send the API password \
                     unencrypted: use https, or call allow_plain_http(true) for a local mock"
                )));
            }
            other => {
                return Err(ConfigError(format!(
                    "base URL `{url}` has scheme `{other}`: an https URL is needed"
                )));
            }
        }
        if parsed.password().is_some() || !parsed.username().is_empty() {
            return Err(ConfigError(
                "the base URL must not carry credentials: pass them to Client::new".to_string(),
            ));
        }
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            ConfigError(format!(
                "user agent {:?} is not a valid header value",
                self.user_agent
            ))
        })?;
        Ok(Core {
            base_url: url.to_string(),
            creds: self.creds,
            user_agent,
            request_timeout: if own_client { None } else { self.timeout },
            retry: self.retry,
            limiter: self.rate_limit.map(RateLimiter::new),
            strict_decoding: self.strict_decoding,
            drift_warned: Mutex::default(),
        })
    }

    /// The timeout our own HTTP clients get.
    pub(crate) fn client_timeout(&self) -> Duration {
        self.timeout.unwrap_or(DEFAULT_TIMEOUT)
    }

    /// The connect timeout our own HTTP clients get.
    pub(crate) fn connect_timeout(&self) -> Duration {
        self.client_timeout().min(CONNECT_TIMEOUT)
    }
}

/// The frozen configuration of a client, shared by the async and blocking transports.
pub(crate) struct Core {
    pub(crate) base_url: String,
    creds: Credentials,
    pub(crate) user_agent: HeaderValue,
    /// Set per request when the caller supplied the HTTP client.
    pub(crate) request_timeout: Option<Duration>,
    retry: RetryPolicy,
    limiter: Option<RateLimiter>,
    /// Drift is an error instead of a warning.
    strict_decoding: bool,
    /// The (function, field path, kind) of every drift already logged: each is logged once.
    drift_warned: Mutex<HashSet<(String, String, &'static str)>>,
}

impl Core {
    /// Logs each deviation the first time this client sees it (target `voipms_api::drift`).
    fn warn_drift(&self, drift: &[Drift]) {
        let Ok(mut seen) = self.drift_warned.lock() else {
            return;
        };
        for d in drift {
            if seen.insert((d.function.clone(), d.path.clone(), d.kind.as_str())) {
                tracing::warn!(
                    target: "voipms_api::drift",
                    function = %d.function,
                    path = %d.path,
                    kind = d.kind.as_str(),
                    count = d.count,
                    "response differs from the spec: {}",
                    d.kind
                );
            }
        }
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("username", &self.creds.username)
            .field("password", &"<redacted>")
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("rate_limit", &self.limiter.as_ref().map(RateLimiter::limit))
            .field("strict_decoding", &self.strict_decoding)
            .finish()
    }
}

/// How a call's body is decoded: through a typed response (`decode_response::<T>`), or, for
/// calls by wire name, through the function's typed response given back as JSON.
pub(crate) type Decode<T> = fn(&[u8]) -> Result<Envelope<T>, serde_json::Error>;

/// What a call decodes into.
pub(crate) trait Body: Default {
    /// Keeps the drift of the decode (see [`Object::keep_drift`]).
    fn keep_drift(&mut self, drift: Vec<Drift>);
}

impl<T: Object> Body for T {
    fn keep_drift(&mut self, drift: Vec<Drift>) {
        Object::keep_drift(self, drift);
    }
}

impl Body for TypedJson {
    fn keep_drift(&mut self, drift: Vec<Drift>) {
        self.drift = drift;
    }
}

/// One step of the attempt loop.
pub(crate) enum Step<T> {
    /// Wait this long, then send again.
    Retry(Duration),
    /// The call is over.
    Done(Result<T, Error>),
}

/// The state of one call across its attempts; owns the call's tracing span.
pub(crate) struct Call<'a> {
    core: &'a Core,
    name: &'a str,
    meta: Option<&'static FunctionMeta>,
    start: Instant,
    attempt: u32,
    span: tracing::Span,
}

impl<'a> Call<'a> {
    /// Starts a call of `name`; `meta` is its metadata when the table knows it.
    pub(crate) fn new(core: &'a Core, name: &'a str, meta: Option<&'static FunctionMeta>) -> Self {
        let kind = meta.map_or("unknown", |m| m.kind.as_str());
        let span = tracing::info_span!(
            "voipms.call",
            function = name,
            kind,
            outcome = tracing::field::Empty,
            attempts = tracing::field::Empty,
            http_status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        Call {
            core,
            name,
            meta,
            start: Instant::now(),
            attempt: 1,
            span,
        }
    }

    /// The call's span, to run its attempts in.
    pub(crate) fn span(&self) -> tracing::Span {
        self.span.clone()
    }

    fn kind(&self) -> Option<Kind> {
        self.meta.map(|m| m.kind)
    }

    /// Validates the parameters (rewriting accepted spellings into their wire form) and builds
    /// the form body (credentials first, then `method`).
    pub(crate) fn prepare(&self, form: &Form, strict_names: bool) -> Result<String, Error> {
        let prepared;
        let mut form = form;
        if let Some(m) = self.meta {
            prepared = validate::prepare(m, form, strict_names)
                .map_err(|v| v.masked(&self.core.creds.password))?;
            form = &prepared;
        }
        Ok(form.urlencoded(&[
            ("api_username", &self.core.creds.username),
            ("api_password", &self.core.creds.password),
            ("method", self.name),
        ]))
    }

    /// How long the rate limit makes this attempt wait.
    pub(crate) fn rate_wait(&self) -> Duration {
        self.core
            .limiter
            .as_ref()
            .map_or(Duration::ZERO, RateLimiter::reserve)
    }

    /// Turns what one attempt got into the next step.
    pub(crate) fn outcome<T: Body, B: AsRef<[u8]>>(
        &mut self,
        sent: Result<(u16, B), reqwest::Error>,
        decode: Decode<T>,
    ) -> Step<(T, Outcome)> {
        let result = match sent {
            Ok((status, body)) => {
                self.span.record("http_status", status);
                self.finish(status, body.as_ref(), decode)
            }
            Err(e) => Err(self.transport_error(&e)),
        };
        if let Err(e) = &result
            && let Some(delay) = self.core.retry.retry_after(self.kind(), e, self.attempt)
        {
            tracing::warn!(
                attempt = self.attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %e,
                "retrying a read-only call"
            );
            self.attempt += 1;
            return Step::Retry(delay);
        }
        Step::Done(result)
    }

    /// Records the outcome on the span and hands the result back.
    pub(crate) fn done<T>(self, result: Result<(T, Outcome), Error>) -> Result<T, Error> {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        let outcome = match &result {
            Ok((_, outcome)) => *outcome,
            Err(e) => Outcome::from(e),
        }
        .as_str();
        self.span.record("outcome", outcome);
        self.span.record("attempts", self.attempt);
        self.span.record("duration_ms", ms);
        // Called inside the span (instrumented future or entered guard).
        match &result {
            Ok(_) => tracing::debug!(outcome, duration_ms = ms, "call finished"),
            Err(e) => tracing::debug!(outcome, duration_ms = ms, error = %e, "call failed"),
        }
        result.map(|(t, _)| t)
    }

    fn transport_error(&self, e: &reqwest::Error) -> Error {
        // reqwest's messages name the URL, never the body; mask anyway, whatever the causes say.
        let mut message = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            let text = s.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            source = s.source();
        }
        Error::Transport {
            function: self.name.to_string(),
            message: mask(message, &self.core.creds.password),
            timeout: e.is_timeout(),
            connect: e.is_connect(),
        }
    }

    /// Turns an HTTP status and body into the typed result and how the call ended.
    fn finish<T: Body>(
        &self,
        status: u16,
        body: &[u8],
        decode: Decode<T>,
    ) -> Result<(T, Outcome), Error> {
        let secret = self.core.creds.password.as_str();
        if !(200..300).contains(&status) {
            return Err(Error::Http {
                function: self.name.to_string(),
                status,
                excerpt: excerpt(body, secret),
            });
        }
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let decode_error = |message: String| Error::Decode {
            function: self.name.to_string(),
            message: mask(message, secret),
            excerpt: excerpt(body, secret),
        };
        let read = self.kind() == Some(Kind::Read);
        if body.iter().all(u8::is_ascii_whitespace) {
            // Some functions that change something answer success with an empty body. A read
            // that answers nothing cannot be told from a lost response: that is an error.
            return if read {
                Err(decode_error("the body is empty".to_string()))
            } else {
                Ok((T::default(), Outcome::Success))
            };
        }
        let mut env = decode(body).map_err(|e| decode_error(e.to_string()))?;
        match env.status.as_deref() {
            Some("success") => {
                let mut drift = std::mem::take(&mut env.drift);
                for d in &mut drift {
                    d.function = self.name.to_string();
                }
                self.core.warn_drift(&drift);
                if self.core.strict_decoding
                    && let Some(d) = drift.first()
                {
                    // The path says where; an excerpt would show values (personal data).
                    return Err(Error::Decode {
                        function: self.name.to_string(),
                        message: format!(
                            "strict decoding: `{}` {} ({} deviation(s) in all)",
                            d.path,
                            d.kind,
                            drift.len()
                        ),
                        excerpt: String::new(),
                    });
                }
                env.body.keep_drift(drift);
                Ok((env.body, Outcome::Success))
            }
            Some(code) => {
                let code = ErrorCode::from_code(code);
                // "Nothing to list" is an empty list for reads; for a change it is a failure
                // (deleting what does not exist).
                if read && code.is_empty_list() {
                    // The body as decoded: nothing typed in it, but what it said is kept.
                    Ok((env.body, Outcome::EmptyList))
                } else {
                    Err(Error::Api {
                        function: self.name.to_string(),
                        code,
                        message: server_message(body, secret),
                    })
                }
            }
            None => Err(decode_error(
                "the response has no `status` field".to_string(),
            )),
        }
    }
}

/// A client for the VoIP.ms REST/JSON API. Cheap to clone (clones share connections and the
/// rate limit); share one per process.
///
/// `Debug` shows the user name, never the password.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    core: Core,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner.core, f)
    }
}

/// Builds a [`Client`]: base URL, timeout, user agent, HTTP client, retries and rate limit.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    settings: Settings,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// The endpoint URL (default [`DEFAULT_BASE_URL`]). Must be https unless
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

    /// The whole-request timeout (default [`DEFAULT_TIMEOUT`]). With
    /// [`ClientBuilder::http_client`] it is set on each request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self
    }

    /// The User-Agent header (default [`DEFAULT_USER_AGENT`]), sent on every request, also
    /// with [`ClientBuilder::http_client`].
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

    /// Turns drift into an error: a response that differs from the spec (a field the spec
    /// lacks, a value not of its type, a list answered as one record...) fails with
    /// [`Error::Decode`] naming the field path, instead of being read tolerantly and logged.
    /// Off by default; meant for tests that keep a mock and the spec in step.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.settings.strict_decoding = strict;
        self
    }

    /// Uses a caller-configured `reqwest::Client` (proxies, pools, TLS settings). Note that
    /// such a client follows redirects unless configured not to; the default one does not
    /// (a redirected POST would carry the credentials elsewhere).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let own = self.http.is_none();
        let http = match self.http {
            Some(c) => c,
            None => reqwest::Client::builder()
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
            inner: Arc::new(Inner { http, core }),
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

    /// Sends a typed request and decodes its typed response.
    ///
    /// The parameters are checked against the spec first (a violation is an
    /// [`Error::Validation`] and nothing is sent). A `no_*` "nothing to list" status of a
    /// read-only function is an empty response, not an error.
    pub async fn call<R: Request>(&self, request: R) -> Result<R::Response, Error> {
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
        .await
    }

    /// Calls any function by wire name with string parameters, returning the JSON fields of
    /// the response (without `status`). Parameters of functions in the metadata table are
    /// validated like typed calls (and names they do not document are refused); unknown
    /// functions are sent as they are and never retried.
    pub async fn call_raw<I, K, V>(
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
            .await
            .map(|r| r.0)
    }

    /// Calls any function by wire name with string parameters, like [`Client::call_raw`], and
    /// decodes the answer once, through the function's typed response: what `voipms call`
    /// prints. Functions the spec lacks (or whose category feature is off) come back as
    /// received.
    pub async fn call_typed<I, K, V>(&self, function: &str, params: I) -> Result<TypedJson, Error>
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
            .await
    }

    async fn execute<T: Body>(
        &self,
        name: &str,
        meta: Option<&'static FunctionMeta>,
        form: &Form,
        strict_names: bool,
        decode: Decode<T>,
    ) -> Result<T, Error> {
        let mut call = Call::new(&self.inner.core, name, meta);
        let span = call.span();
        async move {
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
                    tokio::time::sleep(wait).await;
                }
                let sent = self.send(body.clone()).await;
                match call.outcome(sent, decode) {
                    Step::Retry(delay) => tokio::time::sleep(delay).await,
                    Step::Done(result) => return call.done(result),
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn send(&self, body: String) -> Result<(u16, bytes::Bytes), reqwest::Error> {
        let core = &self.inner.core;
        let mut req = self
            .inner
            .http
            .post(&core.base_url)
            .header(CONTENT_TYPE, FORM_CONTENT_TYPE)
            .header(USER_AGENT, core.user_agent.clone())
            .body(body);
        if let Some(t) = core.request_timeout {
            req = req.timeout(t);
        }
        let resp = req.send().await?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await?;
        Ok((status, bytes))
    }
}

/// The server's own explanation in an error body (`{"status": "...", "message": "..."}`),
/// the password masked. Error bodies are small; they are read a second time only here.
fn server_message(body: &[u8], secret: &str) -> Option<String> {
    let mut fields =
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body).ok()?;
    let text = match fields.remove("message")? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => return None,
        other => other.to_string(),
    };
    let text = text.trim();
    (!text.is_empty()).then(|| mask(text.to_string(), secret))
}
