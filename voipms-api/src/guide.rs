//! Common tasks, each with a program that compiles (they are doctests), and where to look next.
//!
//! To find a function by its VoIP.ms name, see the [function index](crate::function_index):
//! VoIP.ms files functions under irregular categories (`sendSMS` is in [`dids`](crate::dids)).
//!
//! # Send an SMS
//!
//! [`Client::send_sms`](crate::Client::send_sms) with a [`SendSms`](crate::dids::SendSms):
//! the DID to send from, the destination, the text (at most 160 characters, checked before
//! sending). `sendSMS` spends money: it is never retried.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use voipms_api::Client;
//! use voipms_api::dids::{SendSms, SendSmsArgs};
//!
//! let client = Client::new("me@example.com", "api-password")?;
//! let sent = client.send_sms(SendSms::new(SendSmsArgs { did: "5551234567", dst: "5551234568", message: "hello" })).await?;
//! println!("{:?}", sent.sms);
//! # Ok(()) }
//! ```
//!
//! # Read received SMS
//!
//! [`GetSms`](crate::dids::GetSms) filters by date, DID, contact and direction; no `sms` status
//! is an empty list, not an error. To be told of each message as it arrives instead, set a
//! callback URL on the DID with [`SetSms`](crate::dids::SetSms) (`url_callback`,
//! `url_callback_enable`).
//!
//! ```no_run
//! # async fn demo(client: voipms_api::Client) -> Result<(), voipms_api::Error> {
//! use voipms_api::Date;
//! use voipms_api::dids::GetSms;
//! use voipms_api::value_sets::MessageType;
//!
//! let day = Date::new(2024, 3, 1).expect("a valid date");
//! let list = client.get_sms(GetSms::new().from(day).to(day).type_(MessageType::Received)).await?;
//! for sms in &list.sms {
//!     println!("{:?} {:?}: {:?}", sms.date, sms.contact, sms.message);
//! }
//! # Ok(()) }
//! ```
//!
//! # Export call records (CDRs) over any range
//!
//! `getCDR` accepts at most 92 days; [`Client::records`](crate::Client::records) splits a longer
//! range into windows and yields the records as one sequence (any
//! [`DateRanged`](crate::DateRanged) request: CDRs, SMS, recordings, transactions...).
//!
//! ```no_run
//! # async fn demo(client: voipms_api::Client) -> Result<(), voipms_api::Error> {
//! use voipms_api::Date;
//! use voipms_api::cdr::{GetCdr, GetCdrArgs};
//!
//! let from = Date::new(2024, 1, 1).expect("a valid date");
//! let to = Date::new(2024, 6, 30).expect("a valid date");
//! let mut cdrs = client.records(GetCdr::new(GetCdrArgs { date_from: from, date_to: to, timezone: -5 }).answered(true));
//! while let Some(cdr) = cdrs.next().await {
//!     let cdr = cdr?;
//!     println!("{:?},{:?},{:?}", cdr.date, cdr.destination, cdr.total);
//! }
//! # Ok(()) }
//! ```
//!
//! # Change where a DID rings
//!
//! [`SetDidRouting`](crate::dids::SetDidRouting) takes a [`Routing`](crate::Routing): a
//! sub-account, a voicemail box, a ring group... parsed from VoIP.ms's `header:id` form.
//!
//! ```no_run
//! # async fn demo(client: voipms_api::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use voipms_api::Routing;
//! use voipms_api::dids::SetDidRouting;
//!
//! let target: Routing = "account:100001_VoIP".parse()?;
//! client.set_did_routing(SetDidRouting::new("5551234567", target)).await?;
//! client.set_did_routing(SetDidRouting::new("5551234568", Routing::Vm("101".into()))).await?;
//! # Ok(()) }
//! ```
//!
//! # Manage sub-accounts
//!
//! [`GetSubAccounts`](crate::accounts::GetSubAccounts) lists them;
//! [`CreateSubAccount`](crate::accounts::CreateSubAccount) takes the required settings as
//! constructor arguments (the numeric codes come from `getProtocols`, `getAuthTypes`...).
//!
//! ```no_run
//! # async fn demo(client: voipms_api::Client) -> Result<(), voipms_api::Error> {
//! use voipms_api::accounts::GetSubAccounts;
//!
//! let subs = client.get_sub_accounts(GetSubAccounts::new()).await?;
//! for a in &subs.accounts {
//!     println!("{:?} {:?}", a.account, a.description);
//! }
//! # Ok(()) }
//! ```
//!
//! # Handle errors
//!
//! One [`Error`](crate::Error) type; what VoIP.ms answered is an
//! [`ErrorCode`](crate::ErrorCode). Nothing is sent when a parameter breaks a documented rule.
//!
//! ```no_run
//! # async fn demo(client: voipms_api::Client) {
//! use voipms_api::{Error, ErrorCode};
//! use voipms_api::general::GetBalance;
//!
//! match client.get_balance(GetBalance::new()).await {
//!     Ok(b) => println!("{:?}", b.balance),
//!     Err(e) if e.api_code() == Some(&ErrorCode::InvalidCredentials) => {
//!         eprintln!("check the API password and the allowed IP addresses on the portal")
//!     }
//!     Err(e) if e.is_timeout() => eprintln!("timed out: {e}"),
//!     Err(Error::Validation(v)) => eprintln!("not sent: {v}"),
//!     Err(e) => eprintln!("{e}"),
//! }
//! # }
//! ```
//!
//! # Test with the mock (feature `mock`)
//!
//! [`MockServer`](crate::mock::MockServer) answers every function with its sample response, and
//! fails the ones you tell it to.
#![cfg_attr(
    feature = "mock",
    doc = r#"
```
# #[tokio::main(flavor = "current_thread")]
# async fn main() -> Result<(), Box<dyn std::error::Error>> {
use voipms_api::ErrorCode;
use voipms_api::dids::{SendSms, SendSmsArgs};
use voipms_api::mock::MockServer;

let mock = MockServer::builder().fail("sendSMS", ErrorCode::SmsFailed).start().await?;
let client = mock.client()?;
let err = client.send_sms(SendSms::new(SendSmsArgs { did: "5551234567", dst: "5551234568", message: "hi" })).await.unwrap_err();
assert_eq!(err.api_code(), Some(&ErrorCode::SmsFailed));
# Ok(()) }
```
"#
)]
