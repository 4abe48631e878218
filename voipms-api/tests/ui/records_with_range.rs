use voipms_api::cdr::{GetCdr, GetCdrArgs};
use voipms_api::dids::GetSms;
use voipms_api::{Client, Date, DateRanged};

fn main() {
    let client = Client::builder("user@example.com", "secret").build().unwrap();
    let (from, to) = (Date::new(2024, 1, 1).unwrap(), Date::new(2024, 12, 31).unwrap());
    // Required dates: as it is; a fractional time zone (Newfoundland) as written.
    let _cdrs = client.records(GetCdr::new(GetCdrArgs { date_from: from, date_to: to, timezone: -3.5 }));
    // Optional dates: given by `within`.
    let _sms = client.records(GetSms::new().within(from, to));
}
