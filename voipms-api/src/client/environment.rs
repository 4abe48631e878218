//! A client configured from the environment, by the rules the `voipms` command-line tool
//! applies: the same variables, and the same check of the base URL.

use std::net::IpAddr;

use reqwest::Url;

use super::{ClientBuilder, ConfigError};

/// The variable holding the API user name (the account's e-mail).
pub const USERNAME_VAR: &str = "VOIPMS_API_USERNAME";
/// The variable holding the API password (set on the VoIP.ms portal's API page).
pub const PASSWORD_VAR: &str = "VOIPMS_API_PASSWORD";
/// The variable holding another endpoint (a proxy, a local mock); optional.
pub const BASE_URL_VAR: &str = "VOIPMS_BASE_URL";

/// The path of the REST endpoint, which a base URL without a path gets.
const REST_PATH: &str = "/api/v1/rest.php";

/// A variable's value, `None` when unset, empty or not Unicode.
pub(crate) fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The user name and password from [`USERNAME_VAR`] and [`PASSWORD_VAR`]; the error names the
/// first one missing (never a value).
pub fn credentials_from_env() -> Result<(String, String), ConfigError> {
    match (var(USERNAME_VAR), var(PASSWORD_VAR)) {
        (Some(username), Some(password)) => Ok((username, password)),
        (user, _) => {
            let missing = if user.is_none() {
                USERNAME_VAR
            } else {
                PASSWORD_VAR
            };
            Err(ConfigError(format!(
                "{missing} is not set: set {USERNAME_VAR} to the account's e-mail and \
                 {PASSWORD_VAR} to the API password from the VoIP.ms portal's API page"
            )))
        }
    }
}

/// Checks a base URL the way [`ClientBuilder::from_env`] checks [`BASE_URL_VAR`], and returns
/// it with whether it is plain http: https, or plain http for a loopback host only
/// (`127.0.0.1`, `::1`, `localhost`: a local mock); no credentials in it; a URL without a path
/// gets `/api/v1/rest.php`. Blank text is `None` (the production endpoint).
pub fn check_base_url(given: &str) -> Result<Option<(String, bool)>, ConfigError> {
    let given = given.trim();
    if given.is_empty() {
        return Ok(None);
    }
    let bad = |why: &str| ConfigError(format!("base URL `{given}`: {why}"));
    let mut url = Url::parse(given).map_err(|e| bad(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Say nothing more: the text may be a secret.
        return Err(ConfigError(format!(
            "the base URL must not contain credentials: use {USERNAME_VAR} and {PASSWORD_VAR}"
        )));
    }
    let plain = match url.scheme() {
        "https" => false,
        "http" if is_loopback(&url) => true,
        "http" => {
            return Err(bad(
                "plain http is only allowed for loopback addresses (127.0.0.1, ::1, localhost): \
                 use https",
            ));
        }
        other => return Err(bad(&format!("`{other}` is not http or https"))),
    };
    if url.path() == "/" || url.path().is_empty() {
        url.set_path(REST_PATH);
    }
    Ok(Some((url.to_string(), plain)))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

impl<H> ClientBuilder<H> {
    /// A builder from the environment, by the `voipms` tool's rules: credentials from
    /// [`USERNAME_VAR`] and [`PASSWORD_VAR`] (both required), and the endpoint from
    /// [`BASE_URL_VAR`] when set (checked by [`check_base_url`]: plain http only for a loopback
    /// mock). Every other setting can still be changed on the builder.
    pub fn from_env() -> Result<Self, ConfigError> {
        let (username, password) = credentials_from_env()?;
        let mut builder = ClientBuilder::with_credentials(username, password);
        if let Some((url, plain)) = var(BASE_URL_VAR)
            .map(|u| check_base_url(&u))
            .transpose()?
            .flatten()
        {
            builder = builder.base_url(url).allow_plain_http(plain);
        }
        Ok(builder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> (String, bool) {
        match check_base_url(s) {
            Ok(Some(v)) => v,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn plain_http_only_for_loopback() {
        assert_eq!(
            ok("http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080/api/v1/rest.php".to_string(), true)
        );
        assert_eq!(ok("http://[::1]:9/x").0, "http://[::1]:9/x");
        assert!(ok("http://localhost:8080/api/v1/rest.php").1);
        assert!(!ok("https://voip.ms/api/v1/rest.php").1);
        assert!(check_base_url("http://voip.ms/api/v1/rest.php").is_err());
        assert!(check_base_url("http://10.0.0.1/").is_err());
        assert!(check_base_url("ftp://127.0.0.1/").is_err());
        assert!(check_base_url("not a url").is_err());
        assert!(matches!(check_base_url("  "), Ok(None)));
    }

    #[test]
    fn credentials_in_the_url_are_refused_without_echoing_them() {
        let Err(e) = check_base_url("https://me:hunter22@voip.ms/") else {
            panic!("accepted");
        };
        assert!(!e.to_string().contains("hunter22"), "{e}");
    }
}
