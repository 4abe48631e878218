//! Where calls go and with which credentials: the environment and `--base-url`.

use crate::failure::Failure;

/// The environment variable holding the API user name (the account's e-mail).
pub const USERNAME_VAR: &str = voipms_api::USERNAME_VAR;
/// The environment variable holding the API password. Never a command-line argument: those
/// end up in shell history and process lists.
pub const PASSWORD_VAR: &str = voipms_api::PASSWORD_VAR;

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

/// The credentials from the environment, by the library's rule
/// ([`voipms_api::credentials_from_env`]).
pub fn credentials() -> Result<Credentials, Failure> {
    voipms_api::credentials_from_env()
        .map(|(username, password)| Credentials { username, password })
        .map_err(|e| {
            Failure::Usage(format!(
                "{} (or see `voipms mock` for a local test server)",
                e.reason()
            ))
        })
}

/// The endpoint URL to call and whether it is plain http, from `--base-url` / `VOIPMS_BASE_URL`
/// (`None`: the production endpoint), by the library's rule ([`voipms_api::check_base_url`]).
pub fn base_url(given: Option<&str>) -> Result<Option<(String, bool)>, Failure> {
    voipms_api::check_base_url(given.unwrap_or(""))
        .map_err(|e| Failure::Usage(e.reason().to_string()))
}
