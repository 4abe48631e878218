use voipms_api::dids::{SendSms, SendSmsArgs};

fn main() {
    // `message` is required: forgetting it is a compile error, not a runtime surprise.
    let _sms = SendSms::new(SendSmsArgs { did: "5551234567", dst: "5551234568" });
}
