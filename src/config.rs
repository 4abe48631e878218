//! Where calls go and with which credentials: the environment and `--base-url`.

use std::net::IpAddr;

use url::{Host, Url};

use crate::failure::Failure;

/// The environment variable holding the API user name (the account's e-mail).
pub const USERNAME_VAR: &str = "VOIPMS_API_USERNAME";
/// The environment variable holding the API password. Never a command-line argument: those
/// end up in shell history and process lists.
pub const PASSWORD_VAR: &str = "VOIPMS_API_PASSWORD";

/// API credentials. `Debug` never shows the password.
pub struct Credentials {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// A variable's value, `None` when unset, empty or not Unicode.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The credentials from the environment.
pub fn credentials() -> Result<Credentials, Failure> {
    match (var(USERNAME_VAR), var(PASSWORD_VAR)) {
        (Some(username), Some(password)) => Ok(Credentials { username, password }),
        (user, _) => {
            let missing = match user {
                None => USERNAME_VAR,
                Some(_) => PASSWORD_VAR,
            };
            Err(Failure::Usage(format!(
                "{missing} is not set: set {USERNAME_VAR} to the account's e-mail and \
                 {PASSWORD_VAR} to the API password from the VoIP.ms portal's API page \
                 (or see `voipms mock` for a local test server)"
            )))
        }
    }
}

/// The endpoint URL to call and whether it is plain http, from `--base-url` / `VOIPMS_BASE_URL`
/// (`None`: the production endpoint). Plain http is allowed only for loopback hosts; a URL
/// without a path gets `/api/v1/rest.php`.
pub fn base_url(given: Option<&str>) -> Result<Option<(String, bool)>, Failure> {
    let Some(given) = given.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let bad = |why: &str| Failure::Usage(format!("base URL `{given}`: {why}"));
    let mut url = Url::parse(given).map_err(|e| bad(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Say nothing more: the text may be a secret.
        return Err(Failure::Usage(
            "the base URL must not contain credentials: use VOIPMS_API_USERNAME and \
             VOIPMS_API_PASSWORD"
                .to_string(),
        ));
    }
    let plain = match url.scheme() {
        "https" => false,
        "http" if is_loopback(url.host()) => true,
        "http" => {
            return Err(bad(
                "plain http is only allowed for loopback addresses (127.0.0.1, ::1, localhost): \
                 use https",
            ));
        }
        other => return Err(bad(&format!("`{other}` is not http or https"))),
    };
    if url.path() == "/" || url.path().is_empty() {
        url.set_path(voipms_api::mock::PATH);
    }
    Ok(Some((url.to_string(), plain)))
}

fn is_loopback(host: Option<Host<&str>>) -> bool {
    match host {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> (String, bool) {
        match base_url(Some(s)) {
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
        assert!(base_url(Some("http://voip.ms/api/v1/rest.php")).is_err());
        assert!(base_url(Some("http://10.0.0.1/")).is_err());
        assert!(base_url(Some("ftp://127.0.0.1/")).is_err());
        assert!(base_url(Some("not a url")).is_err());
        assert!(matches!(base_url(None), Ok(None)));
        assert!(matches!(base_url(Some("  ")), Ok(None)));
    }

    #[test]
    fn credentials_in_the_url_are_refused_without_echoing_them() {
        let Err(e) = base_url(Some("https://me:hunter22@voip.ms/")) else {
            panic!("accepted");
        };
        assert!(!e.to_string().contains("hunter22"), "{e}");
    }
}
