//! What an agent may call: decided from the spec's kind of each function (read, write, spend),
//! the server's `--allow` flags, a spend call's `confirm`, and the session's spend budget.
//!
//! A refusal happens before anything is sent, and says what would allow the call.

use std::sync::atomic::{AtomicU32, Ordering};

use voipms_api::meta::{FunctionMeta, Kind};

/// The kinds `--allow` opens beside `read`, which is always allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Allow {
    /// Functions that change the account (set*, del*, create*...).
    Write,
    /// Functions that spend money or send something (sendSMS, orderDID...): each call also
    /// needs `confirm: true`.
    Spend,
}

/// The server's policy, and the spend calls this session has made.
#[derive(Debug)]
pub struct Policy {
    write: bool,
    spend: bool,
    max_spend_calls: Option<u32>,
    spent: AtomicU32,
}

impl Policy {
    /// `allow` as given with `--allow`; `max_spend_calls` with `--max-spend-calls`.
    pub fn new(allow: &[Allow], max_spend_calls: Option<u32>) -> Policy {
        Policy {
            write: allow.contains(&Allow::Write),
            spend: allow.contains(&Allow::Spend),
            max_spend_calls,
            spent: AtomicU32::new(0),
        }
    }

    /// Whether functions of `kind` may be called at all (and so listed as tools).
    pub fn allows(&self, kind: Kind) -> bool {
        match kind {
            Kind::Read => true,
            Kind::Write => self.write,
            Kind::Spend => self.spend,
        }
    }

    /// Whether anything beyond reads is allowed (for the annotations of the generic tools).
    pub fn read_only(&self) -> bool {
        !self.write && !self.spend
    }

    /// The policy's answer to a call of `f`: `Ok` to send it (a spend call is counted), or why
    /// not. `confirm` is the call's `confirm` argument.
    pub fn admit(&self, f: &FunctionMeta, confirm: bool) -> Result<(), String> {
        match f.kind {
            Kind::Read => Ok(()),
            Kind::Write if self.write => Ok(()),
            Kind::Write => Err(format!(
                "`{}` changes the account (a write function): refused, nothing was sent. This \
                 server is read-only; whoever runs it can start it with `--allow write`.",
                f.name
            )),
            Kind::Spend if !self.spend => Err(format!(
                "`{}` spends money or sends something (a spend function): refused, nothing was \
                 sent. Whoever runs this server can start it with `--allow spend`.",
                f.name
            )),
            Kind::Spend if !confirm => Err(format!(
                "`{}` spends money or sends something: it is sent only with `confirm: true`, \
                 once the user has agreed to this exact call. Nothing was sent.",
                f.name
            )),
            Kind::Spend => {
                let limit = self.max_spend_calls.unwrap_or(u32::MAX);
                let taken = self
                    .spent
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                        (n < limit).then_some(n + 1)
                    });
                taken.map(drop).map_err(|n| {
                    format!(
                        "`{}`: this session has made its {n} spend call(s) allowed by \
                         `--max-spend-calls`: refused, nothing was sent.",
                        f.name
                    )
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str) -> &'static FunctionMeta {
        voipms_api::catalog::function(name).unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn reads_only_by_default() {
        let p = Policy::new(&[], None);
        assert!(p.read_only());
        assert!(p.admit(f("getBalance"), false).is_ok());
        for (name, says) in [
            ("delSubAccount", "--allow write"),
            ("sendSMS", "--allow spend"),
        ] {
            let e = p.admit(f(name), true).err().unwrap_or_default();
            assert!(e.contains(says) && e.contains("nothing was sent"), "{e}");
        }
    }

    #[test]
    fn spend_needs_confirm_and_stays_within_its_budget() {
        let p = Policy::new(&[Allow::Spend], Some(2));
        assert!(!p.allows(Kind::Write) && p.allows(Kind::Spend));
        let send = f("sendSMS");
        assert!(
            p.admit(send, false)
                .is_err_and(|e| e.contains("confirm: true"))
        );
        assert!(p.admit(send, true).is_ok());
        assert!(p.admit(send, true).is_ok());
        let e = p.admit(send, true).err().unwrap_or_default();
        assert!(e.contains("--max-spend-calls"), "{e}");
        // Refusals for want of `confirm` spend nothing of the budget.
        let q = Policy::new(&[Allow::Spend, Allow::Write], Some(1));
        assert!(q.admit(send, false).is_err());
        assert!(q.admit(send, true).is_ok());
        assert!(q.admit(f("setDIDInfo"), false).is_ok());
    }
}
