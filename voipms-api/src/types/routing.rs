//! Routing targets: where a DID, a failover or a menu option sends a call.

use std::fmt;
use std::str::FromStr;

use crate::wire::WireValue;

/// A routing target, written `header:record_id` on the wire (`account:100001_VoIP`,
/// `fwd:1026`, `vm:101`, `sys:echo`, `none:`).
///
/// The documented headers have variants of their own; anything else is kept as
/// [`Routing::Other`] so that a new header never fails decoding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Routing {
    /// `account:` a sub-account (values from getSubAccounts).
    Account(String),
    /// `fwd:` a forwarding entry (values from getForwardings).
    Fwd(String),
    /// `vm:` a voicemail box (values from getVoicemails).
    Vm(String),
    /// `sip:` a SIP URI entry (values from getSIPURIs).
    Sip(String),
    /// `grp:` a ring group (values from getRingGroups).
    Grp(String),
    /// `ivr:` an IVR (values from getIVRs).
    Ivr(String),
    /// `sys:` a system action such as `echo` or `hangup`.
    Sys(String),
    /// `recording:` a recording (values from getRecordings).
    Recording(String),
    /// `queue:` a queue (values from getQueues).
    Queue(String),
    /// `cb:` a callback entry (values from getCallbacks).
    Cb(String),
    /// `tc:` a time condition (values from getTimeConditions).
    Tc(String),
    /// `disa:` a DISA entry (values from getDISAs).
    Disa(String),
    /// `none:` no routing.
    None,
    /// A header this crate does not know.
    Other {
        /// The part before the colon.
        header: String,
        /// The part after the colon.
        value: String,
    },
}

impl Routing {
    /// The headers this crate knows, as VoIP.ms spells them (`account`, `vm`...); any other
    /// parses as [`Routing::Other`].
    pub const HEADERS: &'static [&'static str] = &[
        "account",
        "fwd",
        "vm",
        "sip",
        "grp",
        "ivr",
        "sys",
        "recording",
        "queue",
        "cb",
        "tc",
        "disa",
        "none",
    ];

    /// The header and record id.
    pub fn parts(&self) -> (&str, &str) {
        match self {
            Routing::Account(v) => ("account", v),
            Routing::Fwd(v) => ("fwd", v),
            Routing::Vm(v) => ("vm", v),
            Routing::Sip(v) => ("sip", v),
            Routing::Grp(v) => ("grp", v),
            Routing::Ivr(v) => ("ivr", v),
            Routing::Sys(v) => ("sys", v),
            Routing::Recording(v) => ("recording", v),
            Routing::Queue(v) => ("queue", v),
            Routing::Cb(v) => ("cb", v),
            Routing::Tc(v) => ("tc", v),
            Routing::Disa(v) => ("disa", v),
            Routing::None => ("none", ""),
            Routing::Other { header, value } => (header, value),
        }
    }
}

/// A routing string without the `header:` part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a routing target (expected header:record_id, e.g. account:100001_VoIP)")]
pub struct ParseRoutingError(String);

impl FromStr for Routing {
    type Err = ParseRoutingError;

    fn from_str(s: &str) -> Result<Routing, ParseRoutingError> {
        let (header, value) = s
            .split_once(':')
            .ok_or_else(|| ParseRoutingError(s.to_string()))?;
        if header.is_empty()
            || !header
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(ParseRoutingError(s.to_string()));
        }
        let v = value.to_string();
        Ok(match header {
            "account" => Routing::Account(v),
            "fwd" => Routing::Fwd(v),
            "vm" => Routing::Vm(v),
            "sip" => Routing::Sip(v),
            "grp" => Routing::Grp(v),
            "ivr" => Routing::Ivr(v),
            "sys" => Routing::Sys(v),
            "recording" => Routing::Recording(v),
            "queue" => Routing::Queue(v),
            "cb" => Routing::Cb(v),
            "tc" => Routing::Tc(v),
            "disa" => Routing::Disa(v),
            "none" if value.is_empty() => Routing::None,
            _ => Routing::Other {
                header: header.to_string(),
                value: v,
            },
        })
    }
}

impl fmt::Display for Routing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, v) = self.parts();
        write!(f, "{h}:{v}")
    }
}

impl serde::Serialize for Routing {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

// Its wire spelling (`crate::wire`): beside the type, so a new value type is one file here.
crate::wire::scalar_to_json!(Routing);

impl WireValue for Routing {
    const EXPECTED: &'static str = "a routing target (header:record_id)";
    fn write_wire(&self, out: &mut String) {
        let (h, v) = self.parts();
        out.push_str(h);
        out.push(':');
        out.push_str(v);
    }
    fn from_wire(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_header_parses_to_its_own_variant() {
        for h in Routing::HEADERS {
            let r: Routing = format!("{h}:").parse().unwrap_or_else(|e| panic!("{e}"));
            assert!(!matches!(r, Routing::Other { .. }), "{h}");
            assert_eq!(r.parts().0, *h);
        }
    }

    #[test]
    fn round_trips() {
        for s in [
            "account:100001_VoIP",
            "fwd:1026",
            "vm:101",
            "sys:echo",
            "none:",
            "new:7",
        ] {
            assert_eq!(s.parse::<Routing>().unwrap().to_string(), s);
        }
        assert_eq!(
            "vm:101".parse::<Routing>().unwrap(),
            Routing::Vm("101".into())
        );
        assert!("101".parse::<Routing>().is_err());
    }
}
