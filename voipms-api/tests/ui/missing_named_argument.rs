use voipms_api::accounts::{CreateSubAccount, CreateSubAccountArgs};
use voipms_api::value_sets::{DtmfMode, Nat};

fn main() {
    // Five integers in a row are named, not positional; leaving `device_type` out does not
    // compile (the args struct has no `Default`).
    let _req = CreateSubAccount::new(CreateSubAccountArgs {
        username: "VoIP",
        protocol: 1,
        auth_type: 2,
        lock_international: 0,
        international_route: 1,
        music_on_hold: "jazz",
        allowed_codecs: ["ulaw", "g729"],
        dtmf_mode: DtmfMode::Auto,
        nat: Nat::Yes,
    });
}
