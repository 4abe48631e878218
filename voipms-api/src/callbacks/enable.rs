//! Turning the URL callback on without turning the DID's other SMS settings off.
//!
//! `setSMS` replaces a DID's whole SMS configuration: users report that every setting not sent
//! again in the same call is disabled. So [`Client::enable_sms_callback`] first reads the DID's
//! current settings with `getDIDsInfo` (the function whose answer lists them: `sms_enabled`,
//! `sms_email`, `sms_forward`, `smpp_*`, ...) and sends them back with the callback. This is a
//! dedicated helper rather than a general "update" because only the callback is changed and its
//! read-then-write is one documented round trip.
//!
//! The webhook, the SIP-account delivery and the dialing mode are not in the documentation's
//! `getDIDsInfo` sample; live answers carry them (the spec has them as observed fields), and
//! they are sent back when the answer has them.

use crate::dids::{GetDidsInfo, SetSms, SetSmsResponse, get_dids_info};
use crate::{Client, Error, ErrorCode};

/// The `setSMS` request that keeps `current` and enables the URL callback `url` with retry on
/// (receivers answer `ok`, so VoIP.ms resends only what was not received).
pub fn sms_callback_request(did: &str, current: &get_dids_info::Did, url: &str) -> SetSms {
    let mut req = SetSms::new(did, true)
        .url_callback_enable(true)
        .url_callback(url)
        .url_callback_retry(true);
    if let Some(v) = current.sms_email_enabled {
        req = req.email_enabled(v);
    }
    if let Some(v) = &current.sms_email {
        req = req.email_address(v.clone());
    }
    if let Some(v) = current.sms_forward_enabled {
        req = req.sms_forward_enable(v);
    }
    if let Some(v) = &current.sms_forward {
        req = req.sms_forward(v.clone());
    }
    if let Some(v) = current.smpp_enabled {
        req = req.smpp_enabled(v);
    }
    if let Some(v) = &current.smpp_url {
        req = req.smpp_url(v.clone());
    }
    if let Some(v) = &current.smpp_user {
        req = req.smpp_user(v.clone());
    }
    if let Some(v) = &current.smpp_pass {
        req = req.smpp_pass(v.clone());
    }
    // Observed fields (not in the documentation's sample).
    if let Some(v) = current.webhook_enabled {
        req = req.webhook_enable(v);
    }
    if let Some(v) = &current.webhook {
        req = req.webhook(v.clone());
    }
    if let Some(v) = current.sms_sipaccount_enabled {
        req = req.sms_sipaccount_enabled(v);
    }
    if let Some(v) = &current.sms_sipaccount {
        req = req.sms_sipaccount(v.clone());
    }
    if let Some(v) = &current.dialmode {
        req = req.dialmode(v.clone());
    }
    req
}

/// The DID's entry in a `getDIDsInfo` answer.
fn entry(did: &str, dids: Vec<get_dids_info::Did>) -> Result<get_dids_info::Did, Error> {
    dids.into_iter()
        .find(|d| d.did.as_deref() == Some(did))
        .ok_or_else(|| Error::Api {
            function: "getDIDsInfo".into(),
            code: ErrorCode::InvalidDid,
            message: Some(format!("{did} is not in the account's DIDs")),
        })
}

impl Client {
    /// Enables the SMS/MMS URL callback of `did` to `url` (build it with
    /// [`callback_url`](super::callback_url)), keeping the DID's other SMS settings: reads them
    /// with `getDIDsInfo`, then sends `setSMS` with them and the callback (see the
    /// [module docs](self) for why, and for the settings `getDIDsInfo` cannot return).
    pub async fn enable_sms_callback(&self, did: &str, url: &str) -> Result<SetSmsResponse, Error> {
        let info = self.get_dids_info(GetDidsInfo::new().did(did)).await?;
        let current = entry(did, info.dids)?;
        self.set_sms(sms_callback_request(did, &current, url)).await
    }
}

#[cfg(feature = "blocking")]
impl crate::blocking::Client {
    /// Blocking [`Client::enable_sms_callback`].
    pub fn enable_sms_callback(&self, did: &str, url: &str) -> Result<SetSmsResponse, Error> {
        let info = self.get_dids_info(GetDidsInfo::new().did(did))?;
        let current = entry(did, info.dids)?;
        self.set_sms(sms_callback_request(did, &current, url))
    }
}
