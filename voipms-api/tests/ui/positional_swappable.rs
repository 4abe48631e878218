use voipms_api::dids::SendSms;

fn main() {
    // Three texts in a row: positional arguments could be swapped silently, so `new` takes them
    // by name only.
    let _sms = SendSms::new("5551234568", "5551234567", "hello");
}
