//! The asynchronous client: one POST per call to the REST endpoint.

use std::fmt;
use std::time::Duration;

use crate::error::{Error, excerpt};
use crate::request::Request;
use crate::wire::{Form, Object, RawResponse, decode_response};
use crate::{ErrorCode, meta, validate};

/// The documented REST endpoint.
pub const DEFAULT_BASE_URL: &str = "https://voip.ms/api/v1/rest.php";

/// The User-Agent sent by default (VoIP.ms's firewall rejects requests without one).
pub const DEFAULT_USER_AGENT: &str = concat!(
    "voipms-api/",
    env!("CARGO_PKG_VERSION"),
    " (+https://crates.io/crates/voipms-api)"
);

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

/// A client for the VoIP.ms REST/JSON API. Cheap to clone; share one per process.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    creds: Credentials,
}

/// A configuration problem found when building a client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid client configuration: {0}")]
pub struct ConfigError(pub(crate) String);

/// Builds a [`Client`] with a non-default base URL, timeout, user agent or HTTP client.
#[derive(Debug)]
pub struct ClientBuilder {
    creds: Credentials,
    base_url: String,
    timeout: Option<Duration>,
    user_agent: String,
    allow_http: bool,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// The endpoint URL (default [`DEFAULT_BASE_URL`]). Must be https unless
    /// [`ClientBuilder::allow_plain_http`] is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Allows an `http://` base URL, for local mocks. Credentials then travel unencrypted.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The whole-request timeout (default 30 s). Ignored with [`ClientBuilder::http_client`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The User-Agent header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Uses a caller-configured `reqwest::Client` (proxies, pools, TLS settings).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let url = self.base_url.trim();
        let https = url.starts_with("https://");
        let http = url.starts_with("http://");
        if !(https || (http && self.allow_http)) {
            return Err(ConfigError(if http {
                format!("base URL `{url}` is plain http: call allow_plain_http(true) to allow it")
            } else {
                format!("base URL `{url}` is not an https URL")
            }));
        }
        let client = match self.http {
            Some(c) => c,
            None => reqwest::Client::builder()
                .timeout(self.timeout.unwrap_or(Duration::from_secs(30)))
                .user_agent(self.user_agent)
                .build()
                .map_err(|e| ConfigError(e.to_string()))?,
        };
        Ok(Client {
            http: client,
            base_url: url.to_string(),
            creds: self.creds,
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

    /// A builder, for a different base URL, timeout, user agent or HTTP client.
    pub fn builder(username: impl Into<String>, password: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            creds: Credentials {
                username: username.into(),
                password: password.into(),
            },
            base_url: DEFAULT_BASE_URL.to_string(),
            timeout: None,
            user_agent: DEFAULT_USER_AGENT.to_string(),
            allow_http: false,
            http: None,
        }
    }

    /// Sends a typed request and decodes its typed response.
    pub async fn call<R: Request>(&self, request: R) -> Result<R::Response, Error> {
        let meta = R::meta();
        let mut form = Form::new();
        request.encode(&mut form);
        validate::check(meta, &form, false)?;
        let (status, body) = self.post(meta.name, &form).await?;
        finish::<R::Response>(meta.name, status, &body)
    }

    /// Calls any function by wire name with string parameters, returning the JSON fields of
    /// the response (without `status`). Parameters of functions in the metadata table are
    /// validated like typed calls; unknown functions are sent as they are.
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
        let name: &'static str = match meta::function(function) {
            Some(m) => {
                validate::check(m, &form, true)?;
                m.name
            }
            None => "raw call",
        };
        let (status, body) = self
            .post_named(function, &form)
            .await
            .map_err(|e| rename(e, name))?;
        finish::<RawResponse>(name, status, &body).map(|r| r.0)
    }

    async fn post(&self, function: &'static str, form: &Form) -> Result<(u16, Vec<u8>), Error> {
        self.post_named(function, form)
            .await
            .map_err(|e| rename(e, function))
    }

    async fn post_named(&self, method: &str, form: &Form) -> Result<(u16, Vec<u8>), Error> {
        let body = form.urlencoded(&[
            ("api_username", &self.creds.username),
            ("api_password", &self.creds.password),
            ("method", method),
        ]);
        let resp = self
            .http
            .post(&self.base_url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
            .send()
            .await
            .map_err(transport)?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(transport)?;
        Ok((status, bytes.to_vec()))
    }
}

fn transport(e: reqwest::Error) -> Error {
    // reqwest's message names the URL, never the body: the password is not in it.
    Error::Transport {
        function: "",
        message: e.to_string(),
        timeout: e.is_timeout(),
    }
}

fn rename(e: Error, function: &'static str) -> Error {
    match e {
        Error::Transport {
            message, timeout, ..
        } => Error::Transport {
            function,
            message,
            timeout,
        },
        other => other,
    }
}

/// Turns an HTTP status and body into the typed result.
pub(crate) fn finish<T: Object>(
    function: &'static str,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    if !(200..300).contains(&status) {
        return Err(Error::Http {
            function,
            status,
            excerpt: excerpt(body),
        });
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        // A few functions answer success with an empty body.
        return Ok(T::default());
    }
    let env = decode_response::<T>(body).map_err(|e| Error::Decode {
        function,
        message: e.to_string(),
        excerpt: excerpt(body),
    })?;
    match env.status.as_deref() {
        Some("success") => Ok(env.body),
        Some(code) => {
            let code = ErrorCode::from_code(code);
            if code.is_empty_list() {
                Ok(T::default())
            } else {
                Err(Error::Api { function, code })
            }
        }
        None => Err(Error::Decode {
            function,
            message: "the response has no `status` field".to_string(),
            excerpt: excerpt(body),
        }),
    }
}
