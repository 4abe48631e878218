use voipms_api::dids::SendSms;

fn main() {
    // Required parameters have no setter to forget; unknown ones do not exist.
    let _sms = SendSms::new("5551234567", "5551234568", "hi").mesage("typo");
}
