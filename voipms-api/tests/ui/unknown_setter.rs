use voipms_api::dids::{SendSms, SendSmsArgs};

fn main() {
    // Required parameters have no setter to forget; unknown ones do not exist.
    let _sms = SendSms::new(SendSmsArgs { did: "5551234567", dst: "5551234568", message: "hi" }).mesage("typo");
}
