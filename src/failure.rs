//! Why a command failed, and the exit status that says so.

use std::process::ExitCode;

use voipms_api::ErrorCode;

/// A failed command. `Display` is the message printed after `error: `; none of them can contain
/// the API password.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Bad arguments or configuration; nothing was sent. Exit 2.
    #[error("{0}")]
    Usage(String),
    /// VoIP.ms answered with an error status. Exit 1.
    #[error("{}: {}", .0.as_str(), .0.description())]
    Api(ErrorCode),
    /// The call did not complete, or its answer could not be decoded. Exit 3.
    #[error("{0}")]
    Transport(String),
}

impl Failure {
    /// The process exit status.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Failure::Api(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Transport(_) => 3,
        })
    }
}

impl From<voipms_api::Error> for Failure {
    fn from(e: voipms_api::Error) -> Self {
        if let Some(code) = e.api_code() {
            return Failure::Api(code.clone());
        }
        match e {
            voipms_api::Error::Validation(v) => Failure::Usage(v.to_string()),
            other => Failure::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_print_code_and_description() {
        let f = Failure::Api(ErrorCode::InvalidCredentials);
        assert_eq!(
            f.to_string(),
            "invalid_credentials: Username or Password is incorrect"
        );
        assert_eq!(f.exit_code(), ExitCode::from(1));
    }
}
