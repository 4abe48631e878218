use voipms_api::Client;
use voipms_api::dids::GetSms;

fn main() {
    let client = Client::builder("user@example.com", "secret").build().unwrap();
    // getSMS's dates are optional: without them there is no range to split, so this must
    // not compile (write `GetSms::new().within(from, to)`).
    let _records = client.records(GetSms::new());
}
