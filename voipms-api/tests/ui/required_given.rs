use voipms_api::cdr::GetCdr;
use voipms_api::dids::SendSms;
use voipms_api::{Date, Decimal};

fn main() {
    let from = Date::new(2024, 1, 1).unwrap();
    let to = Date::new(2024, 1, 31).unwrap();
    let _cdr = GetCdr::new(from, to, Decimal::from(-5)).answered(true).account("100001_VoIP");
    let _sms = SendSms::new("5551234567", "5551234568", "hello");
}
