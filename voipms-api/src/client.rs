//! The asynchronous client, and the parts of a call that the blocking client shares with it:
//! the builder and its settings, what a call sends ([`Plan`]), the retry and rate-limit steps,
//! tracing, and turning an HTTP status and body into a typed result. Only the attempt loop and
//! the HTTP send itself differ between the two clients.
//!
//! Every call is one request carrying `api_username`, `api_password`, the function and its
//! parameters in the form of the [`Transport`]: by default a `multipart/form-data` POST, whose
//! credentials never travel in a URL (query strings end up in proxy and server logs); a GET
//! only when [`Transport::RestGet`] is chosen.

mod environment;
mod payload;
pub(crate) mod raw_answer;
mod response_future;

pub use response_future::ResponseFuture;

use std::any::Any;
use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue};
use tracing::Instrument as _;

use crate::body::TypedJson;
use crate::body::{BodyError, Format, decode_body};
use crate::error::{Error, excerpt};
use crate::meta::{FunctionMeta, Kind};
use crate::outcome::Outcome;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::redact::mask;
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::wire::drift::Drift;
use crate::wire::{Envelope, Fields, Form, Object, RawResponse};
use crate::{ErrorCode, validate};

pub use crate::transport::{MAX_REQUEST_LINE, Transport};
pub use environment::{
    BASE_URL_VAR, PASSWORD_VAR, USERNAME_VAR, check_base_url, credentials_from_env,
};
pub(crate) use payload::{Payload, multipart_form};

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

impl ConfigError {
    /// What is wrong, without the `invalid client configuration:` prefix of `Display`.
    pub fn reason(&self) -> &str {
        &self.0
    }
}

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
    pub(crate) transport: Transport,
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
            transport: Transport::default(),
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
            endpoint: self.transport.endpoint(&parsed),
            headers: self.transport.headers(user_agent),
            transport: self.transport,
            base_url: url.to_string(),
            creds: self.creds,
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

/// The frozen configuration of a client, shared by the async and blocking clients.
pub(crate) struct Core {
    base_url: String,
    /// Where requests go: the base URL, or the SOAP endpoint derived from it.
    pub(crate) endpoint: String,
    /// The headers of every request (content type, user agent, `SOAPAction`).
    pub(crate) headers: HeaderMap,
    transport: Transport,
    creds: Credentials,
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
            .field("transport", &self.transport)
            .field("username", &self.creds.username)
            .field("password", &"<redacted>")
            .field("headers", &self.headers)
            .field("retry", &self.retry)
            .field("rate_limit", &self.limiter.as_ref().map(RateLimiter::limit))
            .field("strict_decoding", &self.strict_decoding)
            .finish()
    }
}

/// A decoded body whose Rust type only the caller knows.
///
/// A call's machinery (attempts, retries, the rate limit, status codes, drift, tracing) is
/// the same for every function; over a type-erased body it is compiled once rather than once
/// per response type, and the caller takes its typed value out at the end ([`take`]).
pub(crate) trait AnyBody: Send {
    /// Keeps the drift of the decode (see [`Body::keep_drift`]).
    fn keep_drift(&mut self, drift: Vec<Drift>);
    /// The body, for a downcast to its type.
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<T: Body + Send + 'static> AnyBody for T {
    fn keep_drift(&mut self, drift: Vec<Drift>) {
        Body::keep_drift(self, drift);
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// A whole answer with its body type-erased.
pub(crate) type ErasedEnvelope = Envelope<Box<dyn AnyBody>>;

/// A decoded body, type-erased: `None` for a change answered with an empty body.
pub(crate) type Decoded = Option<Box<dyn AnyBody>>;

/// The typed value of what a call decoded (the default value for an empty body).
pub(crate) fn take<T: Default + 'static>(body: Decoded) -> T {
    match body.map(|b| b.into_any().downcast::<T>()) {
        Some(Ok(t)) => *t,
        Some(Err(_)) => {
            // A plan decodes into the type its constructor names: unreachable.
            debug_assert!(false, "a call decoded into another type than its plan's");
            T::default()
        }
        None => T::default(),
    }
}

/// How a call's body is decoded, in the transport's format: through a typed response, or,
/// for calls by wire name, through the function's typed response given back as JSON.
#[derive(Clone, Copy)]
pub(crate) enum Decode {
    /// A typed response ([`decode_erased`]).
    Typed(fn(Format, &[u8]) -> Result<ErasedEnvelope, BodyError>),
    /// The function's typed response as JSON (`dispatch::decoder`).
    Json(crate::body::Decoder),
}

impl Decode {
    fn run(self, format: Format, body: &[u8]) -> Result<ErasedEnvelope, BodyError> {
        match self {
            Decode::Typed(decode) => decode(format, body),
            Decode::Json(decode) => decode(format, body).map(erase),
        }
    }
}

/// The envelope of `T` with its body type-erased.
fn erase<T: Body + Send + 'static>(env: Envelope<T>) -> ErasedEnvelope {
    Envelope {
        status: env.status,
        body: Box::new(env.body),
        drift: env.drift,
    }
}

/// Decodes a body into `T`, type-erased: the one part of a call compiled per response type.
pub(crate) fn decode_erased<T: Object + Send + 'static>(
    format: Format,
    body: &[u8],
) -> Result<ErasedEnvelope, BodyError> {
    decode_body::<T>(format, body).map(erase)
}

/// What one call sends and how its answer is decoded, whatever the client and transport.
pub(crate) struct Plan<'a> {
    name: &'a str,
    meta: Option<&'static FunctionMeta>,
    form: Form,
    /// Refuse parameter names the function does not document (calls by wire name).
    strict_names: bool,
    decode: Decode,
}

impl<'a> Plan<'a> {
    /// A typed request; its answer is taken out with `take::<R::Response>`.
    pub(crate) fn typed<R: Request>(request: &R) -> Plan<'static> {
        let meta = R::meta();
        let mut form = Form::new();
        request.encode(&mut form);
        Plan {
            name: meta.name,
            meta: Some(meta),
            form,
            strict_names: false,
            decode: Decode::Typed(decode_erased::<R::Response>),
        }
    }

    /// A call by wire name with string parameters (`meta`: the function's entry, if the
    /// enabled categories have it), decoded by `decode`.
    pub(crate) fn by_name<I, K, V>(
        function: &'a str,
        meta: Option<&'static FunctionMeta>,
        params: I,
        decode: Decode,
    ) -> Plan<'a>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Plan {
            name: function,
            meta,
            form: params.into_iter().collect(),
            strict_names: true,
            decode,
        }
    }
}

/// What a call decodes into.
pub(crate) trait Body: Default {
    /// Keeps the drift of the decode (see [`Object::keep_drift`]).
    fn keep_drift(&mut self, drift: Vec<Drift>);
}

impl<T: Object> Body for T {
    fn keep_drift(&mut self, drift: Vec<Drift>) {
        Fields::keep_drift(self, drift);
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
    form: Form,
    strict_names: bool,
    decode: Decode,
    start: Instant,
    attempt: u32,
    span: tracing::Span,
}

impl<'a> Call<'a> {
    /// Starts the call `plan` describes.
    pub(crate) fn new(core: &'a Core, plan: Plan<'a>) -> Self {
        let Plan {
            name,
            meta,
            form,
            strict_names,
            decode,
        } = plan;
        let kind = meta.map_or("unknown", |m| m.kind.as_str());
        let span = tracing::info_span!(
            "voipms.call",
            function = name,
            kind,
            transport = core.transport.as_str(),
            outcome = tracing::field::Empty,
            attempts = tracing::field::Empty,
            http_status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        Call {
            core,
            name,
            meta,
            form,
            strict_names,
            decode,
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
    /// the body in the transport's form; a function the transport does not offer is refused.
    pub(crate) fn prepare(&self) -> Result<Payload, Error> {
        self.core.transport.check(self.name, self.meta)?;
        let prepared;
        let mut form = &self.form;
        if let Some(m) = self.meta {
            prepared = validate::prepare(m, form, self.strict_names)
                .map_err(|v| v.masked(&self.core.creds.password))?;
            form = &prepared;
        }
        self.core.transport.payload(
            &self.core.endpoint,
            self.name,
            &self.core.creds.username,
            &self.core.creds.password,
            form,
        )
    }

    /// How long the rate limit makes this attempt wait.
    pub(crate) fn rate_wait(&self) -> Duration {
        self.core
            .limiter
            .as_ref()
            .map_or(Duration::ZERO, RateLimiter::reserve)
    }

    /// Turns what one attempt got into the next step.
    pub(crate) fn outcome<B: AsRef<[u8]>>(
        &mut self,
        sent: Result<(u16, B), reqwest::Error>,
    ) -> Step<(Decoded, Outcome)> {
        let result = match sent {
            Ok((status, body)) => {
                self.span.record("http_status", status);
                self.finish(status, body.as_ref())
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
    pub(crate) fn done<U>(self, result: Result<(U, Outcome), Error>) -> Result<U, Error> {
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
    fn finish(&self, status: u16, body: &[u8]) -> Result<(Decoded, Outcome), Error> {
        let secret = self.core.creds.password.as_str();
        let format = self.core.transport.format();
        let unread = |answer: String| Error::Unread {
            function: self.name.to_string(),
            transport: self.core.transport,
            status,
            answer: mask(answer, secret),
        };
        if self.core.transport.is_rest()
            && let Some(answer) = payload::xml_answer(body)
        {
            return Err(unread(answer));
        }
        if !(200..300).contains(&status) {
            return Err(Error::Http {
                function: self.name.to_string(),
                status,
                // A SOAP fault says more than the start of its envelope.
                excerpt: match payload::fault(format, body) {
                    Some(fault) => mask(fault, secret),
                    None => excerpt(body, secret),
                },
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
                Ok((None, Outcome::Success))
            };
        }
        // A record listing reports its timestamps shifted by the `timezone` sent + 5 hours.
        let shift = self
            .meta
            .and_then(|m| m.request_shift(|p| self.form.get(p)));
        let mut env =
            crate::types::timestamp::decode_with_shift(shift, || self.decode.run(format, body))
                .map_err(|e| decode_error(e.to_string()))?;
        match env.status.as_deref() {
            // `success_test`: a `test` call that was checked and not carried out (voip-ms crate
            // 0.17.0 CHANGELOG, confirmed live).
            Some("success" | "success_test") => {
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
                Ok((Some(env.body), Outcome::Success))
            }
            // The client always sends `method`: rest.php did not read the form.
            Some("missing_method") if self.core.transport.is_rest() => {
                Err(unread("missing_method".to_string()))
            }
            Some(status) => {
                // The port-request functions answer every failure, an empty list included, as
                // `invalid` with the one real code nested under `error` (voip-ms crate 0.20.0
                // CHANGELOG, confirmed live).
                let nested = (status == "invalid")
                    .then(|| nested_code(format, body))
                    .flatten();
                let code = ErrorCode::from_code(nested.as_deref().unwrap_or(status));
                // "Nothing to list" is an empty list for reads; for a change it is a failure
                // (deleting what does not exist).
                if read && code.is_empty_list() {
                    // The body as decoded: nothing typed in it, but what it said is kept.
                    Ok((Some(env.body), Outcome::EmptyList))
                } else {
                    Err(Error::Api {
                        function: self.name.to_string(),
                        code,
                        message: server_message(format, body, secret),
                    })
                }
            }
            None => Err(decode_error(
                "the response has no `status` field".to_string(),
            )),
        }
    }
}

/// A client for the VoIP.ms API (REST/JSON by default, or SOAP: see [`Transport`]). Cheap to
/// clone (clones share connections and the rate limit); share one per process.
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

/// Builds a [`Client`] (or, with `H = reqwest::blocking::Client`, a `blocking::Client`): base
/// URL, transport, timeout, user agent, HTTP client, retries and rate limit.
#[derive(Debug, Clone)]
pub struct ClientBuilder<H = reqwest::Client> {
    settings: Settings,
    http: Option<H>,
}

/// Our own HTTP client: no redirects (a redirected POST would carry the credentials
/// elsewhere), https only unless plain http is allowed. The same calls build an async and a
/// blocking reqwest client.
macro_rules! own_http_client {
    ($builder:expr, $settings:expr) => {{
        let s: &$crate::client::Settings = $settings;
        $builder
            .timeout(s.client_timeout())
            .connect_timeout(s.connect_timeout())
            .user_agent(s.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .https_only(!s.allow_http)
            .build()
            .map_err(|e| ConfigError(e.to_string()))
    }};
}
#[cfg(feature = "blocking")]
pub(crate) use own_http_client;

impl<H> ClientBuilder<H> {
    /// A builder with the default settings for these credentials.
    pub(crate) fn with_credentials(username: String, password: String) -> Self {
        ClientBuilder {
            settings: Settings::new(username, password),
            http: None,
        }
    }

    /// The endpoint URL (default [`DEFAULT_BASE_URL`]). Must be https unless
    /// [`ClientBuilder::allow_plain_http`] is set. With [`Transport::Soap`] the SOAP endpoint
    /// is derived from it (see [`Transport`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.settings.base_url = url.into();
        self
    }

    /// Which interface of the API to talk to (default [`Transport::Rest`]).
    pub fn transport(mut self, transport: Transport) -> Self {
        self.settings.transport = transport;
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

    /// Uses a caller-configured reqwest client (`reqwest::Client`, or
    /// `reqwest::blocking::Client` for the blocking client): proxies, pools, TLS settings.
    /// Note that such a client follows redirects unless configured not to; the default one
    /// does not (a redirected POST would carry the credentials elsewhere).
    pub fn http_client(mut self, http: H) -> Self {
        self.http = Some(http);
        self
    }

    /// The HTTP client (the caller's, or one built by `own`) and the checked settings.
    pub(crate) fn into_parts(
        self,
        own: impl FnOnce(&Settings) -> Result<H, ConfigError>,
    ) -> Result<(H, Core), ConfigError> {
        let is_own = self.http.is_none();
        let http = match self.http {
            Some(c) => c,
            None => own(&self.settings)?,
        };
        Ok((http, self.settings.into_core(is_own)?))
    }
}

impl ClientBuilder<reqwest::Client> {
    /// Builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let (http, core) = self.into_parts(|s| own_http_client!(reqwest::Client::builder(), s))?;
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

    /// A client configured from the environment, as the `voipms` tool is: see
    /// [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, ConfigError> {
        ClientBuilder::<reqwest::Client>::from_env()?.build()
    }

    /// A builder, for a different base URL, transport, timeout, user agent, HTTP client,
    /// retries or rate limit.
    pub fn builder(username: impl Into<String>, password: impl Into<String>) -> ClientBuilder {
        ClientBuilder::with_credentials(username.into(), password.into())
    }

    /// Sends a typed request and decodes its typed response.
    ///
    /// The parameters are checked against the spec first (a violation is an
    /// [`Error::Validation`] and nothing is sent). A `no_*` "nothing to list" status of a
    /// read-only function is an empty response, not an error.
    ///
    /// The request is encoded at once; it is checked and sent when the returned future is
    /// first polled.
    pub fn call<R: Request>(&self, request: R) -> ResponseFuture<'_, R::Response> {
        ResponseFuture::new(Box::pin(self.execute(Plan::typed(&request))))
    }

    /// Runs a call's attempts; not generic, so compiled once for every function.
    pub(crate) async fn execute(&self, plan: Plan<'_>) -> Result<Decoded, Error> {
        let mut call = Call::new(&self.inner.core, plan);
        let span = call.span();
        async move {
            let body = match call.prepare() {
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
                let sent = self.send(&body).await;
                match call.outcome(sent) {
                    Step::Retry(delay) => tokio::time::sleep(delay).await,
                    Step::Done(result) => return call.done(result),
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn send(&self, payload: &Payload) -> Result<(u16, bytes::Bytes), reqwest::Error> {
        let core = &self.inner.core;
        let http = &self.inner.http;
        let mut req = match payload {
            Payload::Multipart(fields) => http.post(&core.endpoint).multipart(multipart_form!(
                reqwest::multipart::Form,
                fields.iter().cloned()
            )),
            Payload::Query(url) => http.get(url),
            Payload::Text(body) => http.post(&core.endpoint).body(body.clone()),
        }
        .headers(core.headers.clone());
        if let Some(t) = core.request_timeout {
            req = req.timeout(t);
        }
        let resp = req.send().await?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await?;
        Ok((status, bytes))
    }
}

/// The one code of `{"status": "invalid", "error": [{"code": "no_ports", ...}]}`; `None` when
/// `error` does not hold exactly one code.
fn nested_code(format: Format, body: &[u8]) -> Option<String> {
    let mut fields = decode_body::<RawResponse>(format, body).ok()?.body.0;
    let serde_json::Value::Array(mut errors) = fields.remove("error")? else {
        return None;
    };
    let only = errors.pop().filter(|_| errors.is_empty())?;
    only.get("code")?.as_str().map(str::to_string)
}

/// The server's own explanation in an error body (`message` beside `status`), the password
/// masked. Error bodies are small; they are read a second time only here.
fn server_message(format: Format, body: &[u8], secret: &str) -> Option<String> {
    let mut fields = decode_body::<RawResponse>(format, body).ok()?.body.0;
    let text = match fields.remove("message")? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => return None,
        other => other.to_string(),
    };
    let text = text.trim();
    (!text.is_empty()).then(|| mask(text.to_string(), secret))
}

impl Client {
    /// Reads the record of setter `S` with `key`, applies `change` and sends the whole record
    /// back (the generated `update_<x>` helpers call this).
    ///
    /// # Errors
    /// The read's or the setter's [`Error`]; [`Error::Update`] when no record has the key or a
    /// required parameter is absent from it (nothing is sent then).
    pub async fn update<S: crate::update::Updatable>(
        &self,
        key: &str,
        change: impl FnOnce(S) -> S,
    ) -> Result<S::Response, Error> {
        let read = self.call(S::read_request(key)).await?;
        let request = crate::update::prepare(S::records(read), key, change)?;
        self.call(request).await
    }
}
