use voipms_api::cdr::{GetCdr, GetCdrArgs};
use voipms_api::dids::{SendSms, SendSmsArgs};
use voipms_api::accounts::{CreateSubAccount, CreateSubAccountArgs};
use voipms_api::value_sets::{DtmfMode, Nat};
use voipms_api::{Date, Decimal};

fn main() {
    let from = Date::new(2024, 1, 1).unwrap();
    let to = Date::new(2024, 1, 31).unwrap();
    let _cdr = GetCdr::new(GetCdrArgs { date_from: from, date_to: to, timezone: Decimal::from(-5) }).answered(true).account("100001_VoIP");
    let _sms = SendSms::new(SendSmsArgs { did: "5551234567", dst: "5551234568", message: "hello" });
    // Named arguments in any order; text as `&str` or `String`, lists as arrays or `Vec`.
    let _sub: CreateSubAccount = CreateSubAccountArgs {
        nat: Nat::Yes,
        dtmf_mode: DtmfMode::Auto,
        allowed_codecs: vec![String::from("ulaw")],
        music_on_hold: String::from("jazz"),
        international_route: 1,
        lock_international: 0,
        device_type: 2,
        auth_type: 1,
        protocol: 1,
        username: "VoIP",
    }
    .into();
}
