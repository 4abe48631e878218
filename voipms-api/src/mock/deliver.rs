//! The mock delivers inbound messages as VoIP.ms does: it keeps each DID's `setSMS` callback
//! settings, and for an injected message it calls the configured URL callback (a `GET` with the
//! placeholders substituted and URL-encoded, resent while the reply is not `ok` and retry is on)
//! and webhook (a `POST` of the JSON envelope), and lists the message in `getSMS` / `getMMS`.
//!
//! VoIP.ms resends every 30 minutes, without end; the mock resends after
//! [`MockBuilder::retry_interval`](super::MockBuilder::retry_interval), at most
//! [`MockBuilder::max_attempts`](super::MockBuilder::max_attempts) times, so tests stay short.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::{State, last};
use crate::types::{Date, DateTime};

/// An inbound message to inject with [`MockServer::deliver_sms`](super::MockServer::deliver_sms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundMessage {
    /// The number that sent it.
    pub from: String,
    /// The DID that receives it.
    pub to: String,
    /// Its text.
    pub message: String,
    /// MMS media URLs (none: an SMS).
    pub media: Vec<String>,
}

impl InboundMessage {
    /// An SMS from `from` to the DID `to`.
    pub fn new(
        from: impl Into<String>,
        to: impl Into<String>,
        message: impl Into<String>,
    ) -> InboundMessage {
        InboundMessage {
            from: from.into(),
            to: to.into(),
            message: message.into(),
            media: Vec::new(),
        }
    }

    /// With a media URL (an MMS).
    pub fn media(mut self, url: impl Into<String>) -> InboundMessage {
        self.media.push(url.into());
        self
    }
}

/// A DID's callback settings, as the last `setSMS` left them (`setSMS` replaces them all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SmsCallbackSettings {
    /// `url_callback_enable`.
    pub url_callback_enable: bool,
    /// `url_callback`.
    pub url_callback: Option<String>,
    /// `url_callback_retry`.
    pub url_callback_retry: bool,
    /// `webhook_enable`.
    pub webhook_enable: bool,
    /// `webhook`.
    pub webhook: Option<String>,
}

/// Which configured target a delivery request went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryTarget {
    /// The URL callback (`GET`).
    UrlCallback,
    /// The webhook (`POST` JSON).
    Webhook,
}

/// One request the mock made to deliver a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    /// Where it went.
    pub target: DeliveryTarget,
    /// The URL requested (placeholders substituted).
    pub url: String,
    /// The HTTP status of the reply, when one came.
    pub status: Option<u16>,
    /// The reply body (its first 200 bytes), or why there was none.
    pub reply: String,
    /// Whether the reply was a success: `ok` for the URL callback, any 2xx for the webhook.
    pub accepted: bool,
}

/// What delivering one message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReport {
    /// The message id (as `getSMS` / `getMMS` list it and `{ID}` substitutes it).
    pub id: String,
    /// The requests made, in order.
    pub attempts: Vec<DeliveryAttempt>,
}

impl DeliveryReport {
    /// Whether every configured target accepted the message (`false` when none is configured).
    pub fn delivered(&self) -> bool {
        let accepted = |t| self.attempts.iter().any(|a| a.target == t && a.accepted);
        let tried = |t| self.attempts.iter().any(|a| a.target == t);
        let targets = [DeliveryTarget::UrlCallback, DeliveryTarget::Webhook];
        targets.iter().any(|&t| tried(t)) && targets.iter().all(|&t| !tried(t) || accepted(t))
    }

    /// The report as JSON (what `voipms mock deliver` prints).
    pub fn to_json(&self) -> Value {
        let attempts: Vec<Value> = self
            .attempts
            .iter()
            .map(|a| {
                json!({
                    "target": match a.target {
                        DeliveryTarget::UrlCallback => "url_callback",
                        DeliveryTarget::Webhook => "webhook",
                    },
                    "url": a.url,
                    "status": a.status,
                    "reply": a.reply,
                    "accepted": a.accepted,
                })
            })
            .collect();
        json!({"id": self.id, "delivered": self.delivered(), "attempts": attempts})
    }
}

/// Answers the mock's [`DELIVER_PATH`](super::DELIVER_PATH) endpoint: checks the credentials,
/// delivers the message, returns the report's JSON.
pub(crate) async fn control(
    state: &State,
    params: &[(String, String)],
) -> Result<String, (hyper::StatusCode, String)> {
    let user = last(params, "api_username");
    let pass = last(params, "api_password");
    if user != Some(state.username.as_str()) || pass != Some(state.password.as_str()) {
        return Err((
            hyper::StatusCode::FORBIDDEN,
            "wrong or missing api_username / api_password\n".into(),
        ));
    }
    let (Some(from), Some(to)) = (last(params, "from"), last(params, "to")) else {
        return Err((
            hyper::StatusCode::BAD_REQUEST,
            "from and to are required\n".into(),
        ));
    };
    let mut msg = InboundMessage::new(from, to, last(params, "message").unwrap_or_default());
    msg.media = params
        .iter()
        .filter(|(k, _)| k == "media")
        .map(|(_, v)| v.clone())
        .collect();
    Ok(deliver(state, msg).await.to_json().to_string())
}

/// Asks a running mock (its API URL, as [`MockServer::url`](super::MockServer::url) gives it,
/// or just its base) to deliver `msg`, with the mock's credentials. Returns the delivery
/// report's JSON, or why it failed.
pub async fn request_delivery(
    mock_url: &str,
    username: &str,
    password: &str,
    msg: &InboundMessage,
) -> Result<Value, String> {
    let base = mock_url
        .trim_end_matches('/')
        .trim_end_matches(super::PATH)
        .trim_end_matches('/');
    let url = format!("{base}{}", super::DELIVER_PATH);
    let mut form: Vec<(&str, &str)> = vec![
        ("api_username", username),
        ("api_password", password),
        ("from", &msg.from),
        ("to", &msg.to),
        ("message", &msg.message),
    ];
    form.extend(msg.media.iter().map(|m| ("media", m.as_str())));
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let resp = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("cannot reach the mock at {url}: {e}"))?;
    let status = resp.status();
    let text = resp
        .text()
        .await
        .map_err(|e| format!("reading the mock's answer: {e}"))?;
    if !status.is_success() {
        return Err(format!("the mock answered {status}: {}", text.trim()));
    }
    serde_json::from_str(&text).map_err(|e| format!("the mock's answer is not JSON: {e}"))
}

/// A delivered message, for `getSMS` / `getMMS`.
#[derive(Debug, Clone)]
struct Stored {
    id: String,
    date: String,
    msg: InboundMessage,
}

/// The mock's SMS state: callback settings per DID and the messages delivered.
#[derive(Debug, Default)]
pub(crate) struct Inbox {
    settings: HashMap<String, SmsCallbackSettings>,
    messages: Vec<Stored>,
    next_id: u64,
}

/// A DID as digits only, so `+1 555-123-4567` and `15551234567` find the same settings.
fn did_key(did: &str) -> String {
    let digits: String = did.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('1') {
        Some(rest) if rest.len() == 10 => rest.to_string(),
        _ => digits,
    }
}

fn flag(params: &[(String, String)], name: &str) -> bool {
    last(params, name).is_some_and(|v| v.trim() == "1")
}

/// Records what an accepted call changes: `setSMS` replaces the DID's callback settings.
pub(crate) fn record(state: &State, function: &str, params: &[(String, String)]) {
    if function != "setSMS" {
        return;
    }
    let Some(did) = last(params, "did") else {
        return;
    };
    let text = |name| {
        last(params, name)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let settings = SmsCallbackSettings {
        url_callback_enable: flag(params, "url_callback_enable"),
        url_callback: text("url_callback"),
        url_callback_retry: flag(params, "url_callback_retry"),
        webhook_enable: flag(params, "webhook_enable"),
        webhook: text("webhook"),
    };
    if let Ok(mut inbox) = state.inbox.lock() {
        inbox.settings.insert(did_key(did), settings);
    }
}

/// The DID's callback settings.
pub(crate) fn settings(state: &State, did: &str) -> Option<SmsCallbackSettings> {
    let inbox = state.inbox.lock().ok()?;
    inbox.settings.get(&did_key(did)).cloned()
}

/// `getSMS` / `getMMS` once messages were delivered: the delivered ones (filtered by `did`),
/// newest first; `None` to answer as usual.
pub(crate) fn listing(
    state: &State,
    function: &str,
    params: &[(String, String)],
) -> Option<String> {
    let mms = match function {
        "getSMS" => false,
        "getMMS" => true,
        _ => return None,
    };
    let inbox = state.inbox.lock().ok()?;
    if inbox.messages.is_empty() {
        return None;
    }
    let did = last(params, "did").filter(|d| !d.is_empty()).map(did_key);
    let rows: Vec<Value> = inbox
        .messages
        .iter()
        .rev()
        .filter(|s| s.msg.media.is_empty() != mms)
        .filter(|s| did.as_ref().is_none_or(|d| *d == did_key(&s.msg.to)))
        .map(|s| {
            let mut row = json!({
                "id": s.id,
                "date": s.date,
                "type": "1",
                "did": did_key(&s.msg.to),
                "contact": did_key(&s.msg.from),
                "message": s.msg.message,
            });
            if mms {
                row["media"] = json!(s.msg.media);
            }
            row
        })
        .collect();
    if rows.is_empty() {
        return Some(json!({"status": "no_sms"}).to_string());
    }
    let key = "sms"; // getMMS lists under `sms` too (its documented response)
    Some(json!({"status": "success", key: rows}).to_string())
}

/// The current UTC time as `yyyy-mm-dd hh:mm:ss`.
fn now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let secs = i64::try_from(secs).unwrap_or(0);
    let s = secs.rem_euclid(86_400);
    Date::from_days(secs.div_euclid(86_400))
        .and_then(|d| DateTime::new(d, (s / 3600) as u8, (s / 60 % 60) as u8, (s % 60) as u8))
        .map_or_else(|| "1970-01-01 00:00:00".to_string(), |t| t.to_string())
}

/// Stores `msg` and delivers it to the DID's configured targets.
pub(crate) async fn deliver(state: &State, msg: InboundMessage) -> DeliveryReport {
    let date = now();
    let (id, settings) = match state.inbox.lock() {
        Ok(mut inbox) => {
            inbox.next_id += 1;
            let id = (100_000 + inbox.next_id).to_string();
            inbox.messages.push(Stored {
                id: id.clone(),
                date: date.clone(),
                msg: msg.clone(),
            });
            (id, inbox.settings.get(&did_key(&msg.to)).cloned())
        }
        Err(_) => (String::new(), None),
    };
    let mut report = DeliveryReport {
        id: id.clone(),
        attempts: Vec::new(),
    };
    let Some(settings) = settings else {
        return report;
    };
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_default();
    if settings.url_callback_enable
        && let Some(template) = &settings.url_callback
    {
        let url = substitute(template, &msg, &id, &date);
        let mut attempt = 1;
        loop {
            let a = request(&http, DeliveryTarget::UrlCallback, &url, None).await;
            let accepted = a.accepted;
            report.attempts.push(a);
            if accepted || !settings.url_callback_retry || attempt >= state.max_attempts {
                break;
            }
            attempt += 1;
            tokio::time::sleep(state.retry_interval).await;
        }
    }
    if settings.webhook_enable
        && let Some(url) = &settings.webhook
    {
        let body = webhook_body(&msg, &id, &date);
        report
            .attempts
            .push(request(&http, DeliveryTarget::Webhook, url, Some(body)).await);
    }
    report
}

/// The URL callback template with the placeholders replaced by URL-encoded values (`+` for
/// spaces). Several media URLs are joined with `,` (VoIP.ms's joining is not documented).
fn substitute(template: &str, msg: &InboundMessage, id: &str, date: &str) -> String {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    template
        .replace("{FROM}", &enc(&did_key(&msg.from)))
        .replace("{TO}", &enc(&did_key(&msg.to)))
        .replace("{MESSAGE}", &enc(&msg.message))
        .replace("{ID}", &enc(id))
        .replace("{TIMESTAMP}", &enc(date))
        .replace("{MEDIA}", &enc(&msg.media.join(",")))
}

/// The webhook envelope integrations observe (numbers in E.164).
fn webhook_body(msg: &InboundMessage, id: &str, date: &str) -> String {
    let e164 = |n: &str| {
        let d = did_key(n);
        if d.len() == 10 {
            format!("+1{d}")
        } else {
            format!("+{d}")
        }
    };
    let media: Vec<Value> = msg
        .media
        .iter()
        .map(|u| json!({"url": u, "content_type": Value::Null}))
        .collect();
    json!({"data": {
        "event_type": "message.received",
        "record_type": "event",
        "id": format!("mock-{id}"),
        "occurred_at": date,
        "payload": {
            "record_type": "message",
            "id": id,
            "from": {"phone_number": e164(&msg.from)},
            "to": [{"phone_number": e164(&msg.to)}],
            "text": msg.message,
            "media": media,
        }
    }})
    .to_string()
}

async fn request(
    http: &reqwest::Client,
    target: DeliveryTarget,
    url: &str,
    json_body: Option<String>,
) -> DeliveryAttempt {
    let req = match json_body {
        Some(body) => http
            .post(url)
            .header("content-type", "application/json")
            .body(body),
        None => http.get(url),
    };
    let (status, reply) = match req.send().await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap_or_default();
            let cut = (0..=text.len().min(200))
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            (Some(status), text[..cut].to_string())
        }
        Err(e) => (None, format!("no reply: {e}")),
    };
    let ok_status = status.is_some_and(|s| (200..300).contains(&s));
    let accepted = match target {
        DeliveryTarget::UrlCallback => ok_status && reply.trim() == "ok",
        DeliveryTarget::Webhook => ok_status,
    };
    DeliveryAttempt {
        target,
        url: url.to_string(),
        status,
        reply,
        accepted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_url_encoded() {
        let msg = InboundMessage::new("5557654321", "+1 555 123 4567", "hi there & 😀");
        let url = substitute(
            "http://x/sms?to={TO}&from={FROM}&message={MESSAGE}&id={ID}&date={TIMESTAMP}",
            &msg,
            "7",
            "2026-11-30 11:00:00",
        );
        assert_eq!(
            url,
            "http://x/sms?to=5551234567&from=5557654321&message=hi+there+%26+%F0%9F%98%80&id=7&date=2026-11-30+11%3A00%3A00"
        );
    }
}
