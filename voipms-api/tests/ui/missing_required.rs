use voipms_api::dids::SendSms;

fn main() {
    // `message` is required: forgetting it is a compile error, not a runtime surprise.
    let _sms = SendSms::new("5551234567", "5551234568");
}
