//! Why a command failed, and the exit status that says so.
//!
//! | status | meaning |
//! | --- | --- |
//! | 0 | success |
//! | 1 | VoIP.ms answered an error status (other than those of 4 and 5) |
//! | 2 | usage: nothing was sent |
//! | 3 | transport, HTTP or decoding failure (other than those of 6 to 9) |
//! | 4 | credentials refused: `invalid_credentials`, or `ip_not_enabled` (this address is not allowed) |
//! | 5 | rate limited: `api_limit_exceeded`, or HTTP 429 |
//! | 6 | timed out |
//! | 7 | could not connect (refused, DNS, unreachable) |
//! | 8 | HTTP 5xx |
//! | 9 | the answer does not decode (not JSON, not the API) |

use std::process::ExitCode;

use voipms_api::ErrorCode;

/// A failed command. `Display` is the message printed after `error: `; none of them can contain
/// the API password.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Bad arguments or configuration; nothing was sent. Exit 2.
    #[error("{0}")]
    Usage(String),
    /// VoIP.ms answered with an error status, and maybe its own words (`message`, the password
    /// masked). Exit 1.
    #[error(
        "{}: {}{}",
        code.as_str(),
        code.description(),
        message.as_deref().map_or_else(String::new, |m| format!(" (VoIP.ms says: {m})"))
    )]
    Api {
        /// The status code.
        code: ErrorCode,
        /// The server's `message`, if it sent one.
        message: Option<String>,
    },
    /// The call did not complete, or its answer could not be decoded. Exit 3.
    #[error("{0}")]
    Transport(String),
    /// `voipms probe`: this many functions answered otherwise than the spec says. Exit 1.
    #[error(
        "the answers of {0} function(s) differ from the spec (the drift above); \
         `--save DIR` keeps them for `cargo xtask spec check-responses` and `spec learn`"
    )]
    Drift(usize),
    /// A failure a script may want to tell apart: exit 4 to 9 (see the module docs).
    #[error("{message}")]
    Call {
        /// What went wrong and what to do.
        message: String,
        /// Which failure.
        cause: Cause,
    },
}

/// The failures with an exit status of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Exit 4.
    CredentialsRefused,
    /// Exit 5.
    RateLimited,
    /// Exit 6.
    Timeout,
    /// Exit 7.
    Connect,
    /// Exit 8.
    ServerError,
    /// Exit 9.
    Decode,
}

impl Cause {
    /// The exit status.
    pub fn exit_status(self) -> u8 {
        match self {
            Cause::CredentialsRefused => 4,
            Cause::RateLimited => 5,
            Cause::Timeout => 6,
            Cause::Connect => 7,
            Cause::ServerError => 8,
            Cause::Decode => 9,
        }
    }
}

/// The cause of an API status code with an exit status of its own.
fn api_cause(code: &ErrorCode) -> Option<Cause> {
    match code {
        ErrorCode::InvalidCredentials | ErrorCode::IpNotEnabled => Some(Cause::CredentialsRefused),
        ErrorCode::ApiLimitExceeded => Some(Cause::RateLimited),
        _ => None,
    }
}

impl Failure {
    /// The process exit status.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.status())
    }

    /// The process exit status as a number.
    pub fn status(&self) -> u8 {
        match self {
            Failure::Api { code, .. } => api_cause(code).map_or(1, Cause::exit_status),
            Failure::Drift(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Transport(_) => 3,
            Failure::Call { cause, .. } => cause.exit_status(),
        }
    }
}

impl From<voipms_api::Error> for Failure {
    fn from(e: voipms_api::Error) -> Self {
        let call = |cause, message| Failure::Call { message, cause };
        match e {
            voipms_api::Error::Api { code, message, .. } => Failure::Api { code, message },
            // The library's hint names `Transport::RestGet`; here the knob is a flag.
            voipms_api::Error::Unread {
                function,
                transport,
                status,
                answer,
            } => Failure::Transport(format!(
                "{function}: VoIP.ms did not read the request: it answered {answer} (HTTP \
                 {status}) (rest.php answers GET query strings and multipart/form-data POSTs, and \
                 hands a form-urlencoded POST to its SOAP handler: check that the base URL is \
                 rest.php and that no proxy in between rewrites the request{})",
                if transport == voipms_api::Transport::RestGet {
                    ", or try without --get"
                } else {
                    ", or try --get to compare"
                }
            )),
            voipms_api::Error::RequestTooLong { function, bytes } => Failure::Usage(format!(
                "{function}: as a GET the request line would be {bytes} bytes, over the {} \
                 VoIP.ms accepts: call it without --get (a multipart POST); nothing was sent",
                voipms_api::MAX_REQUEST_LINE
            )),
            voipms_api::Error::Validation(v) => Failure::Usage(v.to_string()),
            // The library's hint names `Transport::Rest`; here the knob is a flag.
            voipms_api::Error::NotOffered { function, .. } => Failure::Usage(format!(
                "{function} is not offered over SOAP: the WSDL has no operation for it (only \
                 the documentation lists it); call it without --soap; nothing was sent"
            )),
            // The library's hint names `ClientBuilder::timeout`; here the knob is a flag.
            voipms_api::Error::Transport {
                function,
                message,
                timeout: true,
                ..
            } => call(
                Cause::Timeout,
                format!(
                    "{function}: {message} (timed out: raise --timeout SECONDS, default {}, for \
                     slow calls such as long CDR ranges, or try again later)",
                    crate::args::DEFAULT_TIMEOUT_SECS
                ),
            ),
            e @ voipms_api::Error::Transport { connect: true, .. } => {
                call(Cause::Connect, e.to_string())
            }
            // The library's hint names `ClientBuilder::retry`, which this tool does not offer.
            voipms_api::Error::Transport {
                function, message, ..
            } => Failure::Transport(format!(
                "{function}: {message} (the connection failed: try again)"
            )),
            voipms_api::Error::Http {
                function,
                status: 429,
                excerpt,
            } => call(
                Cause::RateLimited,
                format!(
                    "{function}: HTTP status 429 (too many requests: slow down); body starts with {excerpt:?}"
                ),
            ),
            voipms_api::Error::Http {
                function,
                status: status @ 500..=599,
                excerpt,
            } => call(
                Cause::ServerError,
                format!(
                    "{function}: HTTP status {status} (a failure at VoIP.ms: try again later); \
                     body starts with {excerpt:?}"
                ),
            ),
            e @ voipms_api::Error::Decode { .. } => call(Cause::Decode, e.to_string()),
            other => Failure::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_print_code_and_description() {
        let api = |code, message: Option<&str>| Failure::Api {
            code,
            message: message.map(str::to_string),
        };
        let f = api(ErrorCode::InvalidCredentials, None);
        assert_eq!(
            f.to_string(),
            "invalid_credentials: Username or Password is incorrect"
        );
        assert_eq!(f.status(), 4);
        assert_eq!(api(ErrorCode::ApiLimitExceeded, None).status(), 5);
        assert_eq!(api(ErrorCode::InvalidDid, None).status(), 1);
        // The server's own words are kept.
        let f = api(ErrorCode::InvalidDid, Some("DID 5551234567 is not yours"));
        assert_eq!(
            f.to_string(),
            format!(
                "invalid_did: {} (VoIP.ms says: DID 5551234567 is not yours)",
                ErrorCode::InvalidDid.description()
            )
        );
    }

    /// Transport failures speak of this tool's flags, never of the library's builder.
    #[test]
    fn transport_failures_name_no_library_knob() {
        for (timeout, connect, status) in [(true, false, 6), (false, true, 7), (false, false, 3)] {
            let f = Failure::from(voipms_api::Error::Transport {
                function: "getCDR".to_string(),
                message: "it broke".to_string(),
                timeout,
                connect,
            });
            let text = f.to_string();
            assert_eq!(f.status(), status, "{text}");
            assert!(text.starts_with("getCDR: it broke ("), "{text}");
            assert!(!text.contains("ClientBuilder"), "{text}");
            assert_eq!(text.contains("--timeout"), timeout, "{text}");
        }
    }
}
