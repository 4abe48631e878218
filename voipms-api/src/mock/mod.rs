//! A local fake of VoIP.ms built from the spec, for tests that must not touch the network or
//! need real credentials (feature `mock`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use voipms_api::general::GetBalance;
//! use voipms_api::mock::MockServer;
//!
//! let mock = MockServer::start().await?;
//! let client = mock.client()?;
//! let balance = client.get_balance(GetBalance::new()).await?;
//! assert!(balance.balance.is_some());
//! # Ok(()) }
//! ```
//!
//! The server answers at `/api/v1/rest.php` for every function of the spec, in the forms
//! VoIP.ms is reported to answer (the documentation says only "GET or POST"):
//!
//! | request | answer | source |
//! | --- | --- | --- |
//! | `GET` with the parameters in the query string | the call's answer | voip-ms crate 0.13.0 CHANGELOG (confirmed live); voipms-sms-client issues 262/264 (2024-01) |
//! | `POST` of a `multipart/form-data` body (query string parameters are read too) | the call's answer | voip-ms crate 0.13.0 CHANGELOG (confirmed live) |
//! | any other `POST` (`application/x-www-form-urlencoded` above all) | HTTP 500 and an XML SOAP fault (`SOAP-ENV:Client`, `Bad Request`): the body reaches rest.php's SOAP handler | voip-ms crate 0.13.0 CHANGELOG (confirmed live); the fault's words are PHP `SoapServer`'s for an unreadable request |
//! | a request line (`METHOD target HTTP/1.1`) over 8190 bytes ([`crate::MAX_REQUEST_LINE`]) | HTTP 414 | voip-ms crate 0.13.0 CHANGELOG ("caps the request line at 8190 bytes") |
//! | another HTTP method | HTTP 405 | |
//!
//! A call it reads is answered in this order:
//!
//! 1. no `api_username` or `api_password`: `missing_credentials`; wrong ones:
//!    `invalid_credentials`;
//! 2. no `method`: `missing_method`; a function the spec does not list: `invalid_method`;
//! 3. a required parameter absent or empty: the documented `missing_<param>` code when the
//!    error table has one (matched ignoring case and underscores, and with two-word names also
//!    reversed, so `date_from` finds `missing_from_date`), else `missing_params`, the table's
//!    generic "Required parameters were not provided". The generator finds these codes once,
//!    for its per-function error lists too, and writes them into the metadata table
//!    ([`crate::meta::ParamCodes`]);
//! 4. a value that breaks a documented rule (type, value set, range, length, date range): the
//!    documented `invalid_<param>` (or `invalid_recording_<param>`) code, found the same way;
//!    `<param>_toolong` for a text over its length limit, `invalid_daterange` for a date range
//!    too long or reversed, `invalid_date` / `invalid_datetime` for a date without its own
//!    code. A value for which the error table documents no
//!    code is accepted, as nothing says how VoIP.ms answers it (the client refuses such values
//!    before sending anyway);
//! 5. an answer set with [`MockBuilder::respond`] or [`MockBuilder::fail`];
//! 6. otherwise the spec's sample success response of the function ([`example_response`]),
//!    which decodes into its typed response.
//!
//! Parameters a function does not document are ignored, as VoIP.ms does. Every accepted call
//! is recorded ([`MockServer::requests`]) without its credentials.
//!
//! With the `soap` feature the mock also answers SOAP requests at `/api/v1/server.php`
//! (`SOAP_PATH`) by the same rules, in the response form reconstructed from public clients
//! (see `voipms_api::soap`); a request it cannot read, or an operation the WSDL lacks, is a SOAP
//! fault with HTTP status 500, as PHP's SOAP server answers. `MockServer::soap_client` is a
//! client for it.

mod answers;
mod deliver;
mod http;
mod reply;
mod respond;
mod samples;
#[cfg(feature = "soap")]
mod soap;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{Client, ConfigError, ErrorCode};

pub use answers::AnswersError;
pub use deliver::{
    DeliveryAttempt, DeliveryReport, DeliveryTarget, InboundMessage, SmsCallbackSettings,
    request_delivery,
};
pub use samples::{example_params, example_response};

/// The user name the mock accepts unless told otherwise.
pub const DEFAULT_USERNAME: &str = "mock@example.com";
/// The password the mock accepts unless told otherwise (a published test value, not a secret).
pub const DEFAULT_PASSWORD: &str = "mock-password";
/// The path the mock serves, as VoIP.ms does.
pub const PATH: &str = "/api/v1/rest.php";
/// The path of the mock's SOAP endpoint (feature `soap`), as VoIP.ms's.
#[cfg(feature = "soap")]
pub const SOAP_PATH: &str = "/api/v1/server.php";
/// The mock's own endpoint that injects an inbound message (`voipms mock deliver`): a `POST`
/// form with the mock's `api_username` / `api_password`, `from`, `to`, `message` and any number
/// of `media`; answers the delivery report as JSON.
pub const DELIVER_PATH: &str = "/mock/deliver";

/// The last value of `name`, PHP's rule for repeated names.
fn last<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// One call the mock received and authenticated, without its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockRequest {
    /// The `method` parameter: the function's wire name.
    pub function: String,
    /// The interface and form it came over: [`crate::Transport::Rest`] for a multipart POST
    /// to `/api/v1/rest.php`, [`crate::Transport::RestGet`] for a GET there, or (feature
    /// `soap`) `Transport::Soap` for `server.php`.
    pub transport: crate::Transport,
    /// Whether the URL's query string carried `api_username` or `api_password` (as a GET's
    /// does): the password is then in every log that records URLs.
    pub credentials_in_url: bool,
    /// Every other parameter in the order received (query string first, then the form body).
    pub params: Vec<(String, String)>,
}

impl MockRequest {
    /// The value of the last parameter named `name` (PHP's rule for repeated names).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A configured answer for one function.
#[derive(Debug, Clone)]
pub(crate) enum Canned {
    /// This JSON body.
    Body(String),
    /// `{"status": code}`.
    Fail(ErrorCode),
}

/// What the server answers with; shared by its connections.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) username: String,
    pub(crate) password: String,
    pub(crate) canned: HashMap<String, Canned>,
    pub(crate) faults: HashMap<String, Fault>,
    pub(crate) log: Mutex<Vec<MockRequest>>,
    /// `setSMS` callback settings and delivered messages.
    pub(crate) inbox: Mutex<deliver::Inbox>,
    /// Pause before resending a URL callback whose reply was not `ok`.
    pub(crate) retry_interval: Duration,
    /// Most URL callback requests per message.
    pub(crate) max_attempts: u32,
}

/// A transport-level misbehaviour of one function: a slow answer, a non-2xx HTTP status.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fault {
    pub(crate) delay: Option<std::time::Duration>,
    pub(crate) http_status: Option<u16>,
}

/// Configures a [`MockServer`]: credentials, address and answers of particular functions.
#[derive(Debug, Clone)]
pub struct MockBuilder {
    username: String,
    password: String,
    addr: SocketAddr,
    canned: HashMap<String, Canned>,
    retry_interval: Duration,
    max_attempts: u32,
    faults: HashMap<String, Fault>,
}

impl Default for MockBuilder {
    fn default() -> Self {
        MockBuilder {
            username: DEFAULT_USERNAME.to_string(),
            password: DEFAULT_PASSWORD.to_string(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            canned: HashMap::new(),
            retry_interval: Duration::from_millis(200),
            max_attempts: 3,
            faults: HashMap::new(),
        }
    }
}

impl MockBuilder {
    /// The credentials the mock accepts (default [`DEFAULT_USERNAME`] / [`DEFAULT_PASSWORD`]).
    pub fn credentials(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.username = username.into();
        self.password = password.into();
        self
    }

    /// The address to listen on (default `127.0.0.1:0`: a free port on the loopback interface).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Answers valid calls of `function` (wire name) with this JSON body instead of the spec's
    /// sample, e.g. `{"status":"success","balance":{"current_balance":"0.00"}}` or
    /// `{"status":"no_cdr"}`.
    pub fn respond(mut self, function: impl Into<String>, body: impl Into<String>) -> Self {
        self.canned
            .insert(function.into(), Canned::Body(body.into()));
        self
    }

    /// Answers valid calls of each function saved in `dir` with its saved body: the files
    /// `voipms call --save DIR` and `voipms probe --save DIR` write (an account's answers,
    /// replayed offline). Of several files for one function, the last in name order (the
    /// latest saved) wins. Each is like a [`MockBuilder::respond`].
    pub fn answers_from(mut self, dir: impl AsRef<std::path::Path>) -> Result<Self, AnswersError> {
        for (function, body) in answers::read_dir(dir.as_ref())? {
            self.canned.insert(function, Canned::Body(body));
        }
        Ok(self)
    }

    /// Answers valid calls of `function` (wire name) with the status `code`, e.g.
    /// `fail("sendSMS", ErrorCode::SmsFailed)`.
    pub fn fail(mut self, function: impl Into<String>, code: ErrorCode) -> Self {
        self.canned.insert(function.into(), Canned::Fail(code));
        self
    }

    /// How long the mock waits before resending a URL callback whose reply was not `ok`
    /// (VoIP.ms waits 30 minutes; default 200 ms).
    pub fn retry_interval(mut self, interval: Duration) -> Self {
        self.retry_interval = interval;
        self
    }

    /// The most URL callback requests per message, the first included (VoIP.ms has no limit;
    /// default 3).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Answers calls of `function` (wire name) with this HTTP status (e.g. 503) and a short
    /// text body, as a failing server or proxy would. The call is still recorded.
    pub fn http_status(mut self, function: impl Into<String>, status: u16) -> Self {
        self.faults.entry(function.into()).or_default().http_status = Some(status);
        self
    }

    /// Waits this long before answering calls of `function` (wire name): a slow server, to
    /// test timeouts.
    pub fn delay(mut self, function: impl Into<String>, delay: std::time::Duration) -> Self {
        self.faults.entry(function.into()).or_default().delay = Some(delay);
        self
    }

    /// Binds the address and starts serving on the current tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let state = Arc::new(State {
            username: self.username,
            password: self.password,
            canned: self.canned,
            faults: self.faults,
            log: Mutex::new(Vec::new()),
            inbox: Mutex::new(deliver::Inbox::default()),
            retry_interval: self.retry_interval,
            max_attempts: self.max_attempts,
        });
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(http::serve(listener, Arc::clone(&state)));
        Ok(MockServer {
            addr,
            url: format!("http://{addr}{PATH}"),
            state,
            task,
        })
    }
}

/// A running mock of VoIP.ms. Stops when dropped (or with [`MockServer::shutdown`]).
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    url: String,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl MockServer {
    /// Starts a mock with the default credentials on a free loopback port.
    pub async fn start() -> std::io::Result<MockServer> {
        MockBuilder::default().start().await
    }

    /// A builder for other credentials, another address or configured answers.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// The endpoint URL (`http://127.0.0.1:PORT/api/v1/rest.php`): the client's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The SOAP endpoint URL (`http://127.0.0.1:PORT/api/v1/server.php`, feature `soap`); a
    /// client with [`MockServer::url`] as base URL and [`crate::Transport::Soap`] calls it.
    #[cfg(feature = "soap")]
    pub fn soap_url(&self) -> String {
        format!("http://{}{SOAP_PATH}", self.addr)
    }

    /// The address the mock listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The user name the mock accepts.
    pub fn username(&self) -> &str {
        &self.state.username
    }

    /// A client for this mock: its URL, plain http allowed, its credentials, and
    /// [strict decoding](crate::ClientBuilder::strict_decoding): an answer that differs from
    /// the spec (a body given to [`MockBuilder::respond`] with a field the spec lacks, say)
    /// fails the call, so test fixtures stay in step with the spec. Build a client with
    /// [`MockServer::url`] to read drifted answers tolerantly.
    pub fn client(&self) -> Result<Client, ConfigError> {
        self.client_over(crate::Transport::Rest)
    }

    fn client_over(&self, transport: crate::Transport) -> Result<Client, ConfigError> {
        self.client_builder()
            .transport(transport)
            .strict_decoding(true)
            .build()
    }

    /// A client builder set for this mock (its URL, plain http allowed, its credentials) with
    /// every other setting at its default: tolerant decoding (drift recorded, not an error),
    /// retries, no rate limit. Add settings and `build()`.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        Client::builder(self.state.username.clone(), self.state.password.clone())
            .base_url(self.url.clone())
            .allow_plain_http(true)
    }

    /// [`MockServer::client_builder`] for the blocking client (feature `blocking`). The mock
    /// must keep serving while the test thread blocks: start it on a multi-thread runtime
    /// the test holds, as below.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use voipms_api::general::GetBalance;
    /// use voipms_api::mock::MockServer;
    ///
    /// let rt = tokio::runtime::Runtime::new()?;
    /// let mock = rt.block_on(MockServer::start())?;
    /// let client = mock.blocking_client_builder().build()?;
    /// let balance = client.get_balance(GetBalance::new())?;
    /// assert!(balance.balance.is_some());
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "blocking")]
    pub fn blocking_client_builder(&self) -> crate::blocking::ClientBuilder {
        crate::blocking::Client::builder(self.state.username.clone(), self.state.password.clone())
            .base_url(self.url.clone())
            .allow_plain_http(true)
    }

    /// Like [`MockServer::client`], over SOAP ([`crate::Transport::Soap`]): the same strict
    /// client, talking to the mock's SOAP endpoint.
    #[cfg(feature = "soap")]
    pub fn soap_client(&self) -> Result<Client, ConfigError> {
        self.client_over(crate::Transport::Soap)
    }

    /// The calls received so far that passed the credential and method checks, oldest first.
    pub fn requests(&self) -> Vec<MockRequest> {
        match self.state.log.lock() {
            Ok(log) => log.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Injects an inbound message: stores it (listed by `getSMS`, or `getMMS` with media) and
    /// calls the URL callback and webhook the last `setSMS` of its DID configured, as VoIP.ms
    /// does, resending the URL callback while the reply is not `ok` and retry is on. Returns
    /// when every request is done.
    pub async fn deliver_sms(&self, message: InboundMessage) -> DeliveryReport {
        deliver::deliver(&self.state, message).await
    }

    /// The callback settings the last `setSMS` of `did` left.
    pub fn sms_callback_settings(&self, did: &str) -> Option<SmsCallbackSettings> {
        deliver::settings(&self.state, did)
    }

    /// Stops accepting connections and closes the open ones.
    pub async fn shutdown(mut self) {
        self.task.abort();
        // The accept loop owns the connection tasks: they end with it.
        let _ = (&mut self.task).await;
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
