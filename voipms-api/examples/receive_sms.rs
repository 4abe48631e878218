//! Receives SMS/MMS from VoIP.ms: a small HTTP server around `callbacks::Receiver`.
//!
//! ```sh
//! VOIPMS_CALLBACK_SECRET=long-random-text cargo run -p voipms-api --features callbacks --example receive_sms
//! ```
//!
//! Then set the DID's `url_callback` to the URL it prints (with a public address in place of
//! 127.0.0.1), e.g. with `Client::enable_sms_callback`, or try it offline with `voipms mock`
//! and `voipms mock deliver`.

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use voipms_api::callbacks::{Inbound, Outcome, Receiver, Secret, callback_url};

async fn handle(
    rx: Arc<Receiver>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = req.method().to_string();
    let query = req.uri().query().unwrap_or_default().to_string();
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let handled = rx.handle(&method, &query, auth.as_deref(), &body);
    match handled.outcome {
        Outcome::Event(event) => match *event {
            Inbound::InboundSms(sms) => {
                println!("SMS from {}: {}", sms.from, sms.message.unwrap_or_default())
            }
            Inbound::SmsWebhook(hook) => println!(
                "webhook from {}: {}",
                hook.from,
                hook.text.unwrap_or_default()
            ),
            other => println!("{}", other.to_json()),
        },
        Outcome::Forbidden(why) => eprintln!("refused a request: secret {why:?}"),
        Outcome::Malformed(e) => eprintln!("malformed request: {e}"),
    }
    let mut resp = Response::new(Full::new(Bytes::from(handled.body)));
    *resp.status_mut() = hyper::StatusCode::from_u16(handled.status).unwrap_or_default();
    Ok(resp)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let secret = std::env::var("VOIPMS_CALLBACK_SECRET").unwrap_or_else(|_| "change-me".into());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8088").await?;
    println!(
        "url_callback: {}",
        callback_url("http://127.0.0.1:8088/sms", &secret)
    );
    let rx = Arc::new(Receiver::new(Secret::new(secret)));
    loop {
        let (stream, _) = listener.accept().await?;
        let rx = Arc::clone(&rx);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(Arc::clone(&rx), req));
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}
