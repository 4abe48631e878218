//! `voipms`: the command-line client for the VoIP.ms API.

fn main() {
    println!("voipms {}", env!("CARGO_PKG_VERSION"));
}
