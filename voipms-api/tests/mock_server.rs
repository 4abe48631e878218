//! The mock's HTTP behaviour: GET and multipart POST answered, form-urlencoded POST faulted,
//! long request lines refused, credentials, methods, missing and invalid parameters,
//! configured answers and the request log.
#![cfg(all(feature = "mock", feature = "all-categories"))]

use voipms_api::general::GetBalance;
use voipms_api::mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer, example_params};
use voipms_api::{Error, ErrorCode};

fn creds() -> Vec<(&'static str, &'static str)> {
    vec![
        ("api_username", DEFAULT_USERNAME),
        ("api_password", DEFAULT_PASSWORD),
    ]
}

async fn get(mock: &MockServer, params: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let resp = reqwest::Client::new()
        .get(mock.url())
        .query(params)
        .send()
        .await
        .expect("the mock answers");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    (status, body)
}

/// A multipart/form-data POST, the form rest.php answers.
async fn post(mock: &MockServer, params: &[(&str, &str)]) -> serde_json::Value {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in params {
        form = form.text(k.to_string(), v.to_string());
    }
    let text = reqwest::Client::new()
        .post(mock.url())
        .multipart(form)
        .send()
        .await
        .expect("the mock answers")
        .text()
        .await
        .expect("a body");
    serde_json::from_str(&text).expect("a JSON body")
}

fn with<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v = creds();
    v.extend_from_slice(extra);
    v
}

#[tokio::test]
async fn get_query_and_post_form_both_work() {
    let mock = MockServer::start().await.expect("start");
    let (status, body) = get(&mock, &with(&[("method", "getBalance")])).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "success");
    assert!(body["balance"]["current_balance"].is_string(), "{body}");
    let body = post(&mock, &with(&[("method", "getBalance")])).await;
    assert_eq!(body["status"], "success");
}

/// rest.php hands a form-urlencoded POST to its SOAP handler, which answers a fault with HTTP
/// 500 (voip-ms crate 0.13.0 CHANGELOG, confirmed live), and refuses a request line over 8190
/// bytes with 414 (same source). The mock does the same, so a client that regressed to either
/// would fail the tests.
#[tokio::test]
async fn form_urlencoded_posts_get_a_soap_fault_and_long_requests_414() {
    let mock = MockServer::start().await.expect("start");
    let resp = reqwest::Client::new()
        .post(mock.url())
        .form(&with(&[("method", "getBalance")]))
        .send()
        .await
        .expect("the mock answers");
    assert_eq!(resp.status().as_u16(), 500);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/xml")
    );
    let text = resp.text().await.unwrap();
    assert!(
        text.contains("<faultcode>SOAP-ENV:Client</faultcode>")
            && text.contains("<faultstring>Bad Request</faultstring>"),
        "{text}"
    );
    assert!(mock.requests().is_empty(), "the call was not read");

    let long = "x".repeat(voipms_api::MAX_REQUEST_LINE);
    let (status, _) = get(&mock, &with(&[("method", "getBalance"), ("note", &long)])).await;
    assert_eq!(status, 414);
    // Just under the limit is answered.
    let target_len = |note: &str| {
        let url = reqwest::Url::parse_with_params(
            mock.url(),
            with(&[("method", "getBalance"), ("note", note)]),
        )
        .unwrap();
        "GET ".len() + url.path().len() + 1 + url.query().unwrap().len() + " HTTP/1.1".len()
    };
    let fits = "x".repeat(voipms_api::MAX_REQUEST_LINE - target_len(""));
    assert_eq!(target_len(&fits), voipms_api::MAX_REQUEST_LINE);
    let (status, _) = get(&mock, &with(&[("method", "getBalance"), ("note", &fits)])).await;
    assert_eq!(status, 200);

    // What the mock records says how each call came, and where the credentials were.
    mock.client()
        .unwrap()
        .get_balance(GetBalance::new())
        .await
        .unwrap();
    let seen = mock.requests();
    let forms: Vec<_> = seen
        .iter()
        .map(|r| (r.transport, r.credentials_in_url))
        .collect();
    assert_eq!(
        forms,
        [
            (voipms_api::Transport::RestGet, true),
            (voipms_api::Transport::Rest, false)
        ]
    );
}

#[tokio::test]
async fn credentials_are_checked() {
    let mock = MockServer::start().await.expect("start");
    let wrong = [
        ("api_username", DEFAULT_USERNAME),
        ("api_password", "not-it"),
        ("method", "getBalance"),
    ];
    assert_eq!(post(&mock, &wrong).await["status"], "invalid_credentials");
    let none = [("method", "getBalance")];
    assert_eq!(post(&mock, &none).await["status"], "missing_credentials");

    let client = voipms_api::Client::builder(DEFAULT_USERNAME, "not-it")
        .base_url(mock.url())
        .allow_plain_http(true)
        .build()
        .expect("client");
    let err = client
        .get_balance(GetBalance::new())
        .await
        .expect_err("wrong password");
    assert_eq!(err.api_code(), Some(&ErrorCode::InvalidCredentials));
    assert!(
        mock.requests().is_empty(),
        "unauthenticated calls are not logged"
    );
}

#[tokio::test]
async fn custom_credentials() {
    let mock = MockServer::builder()
        .credentials("me@example.org", "s3cret-pw")
        .start()
        .await
        .expect("start");
    assert_eq!(mock.username(), "me@example.org");
    let client = mock.client().expect("client");
    assert!(client.get_balance(GetBalance::new()).await.is_ok());
    assert_eq!(
        post(&mock, &with(&[("method", "getBalance")])).await["status"],
        "invalid_credentials"
    );
}

#[tokio::test]
async fn methods_are_checked() {
    let mock = MockServer::start().await.expect("start");
    assert_eq!(
        post(&mock, &with(&[("method", "getBalances")])).await["status"],
        "invalid_method"
    );
    assert_eq!(post(&mock, &creds()).await["status"], "missing_method");
}

#[tokio::test]
async fn missing_parameters_get_the_documented_code() {
    let mock = MockServer::start().await.expect("start");
    // `did` has its own code; `dst` has none, so the generic `missing_params`.
    let body = post(
        &mock,
        &with(&[
            ("method", "sendSMS"),
            ("dst", "5551234568"),
            ("message", "hi"),
        ]),
    )
    .await;
    assert_eq!(body["status"], "missing_did");
    let body = post(
        &mock,
        &with(&[
            ("method", "sendSMS"),
            ("did", "5551234567"),
            ("message", "hi"),
        ]),
    )
    .await;
    assert_eq!(body["status"], "missing_params");
    // An empty value is missing too.
    let body = post(
        &mock,
        &with(&[
            ("method", "sendSMS"),
            ("did", ""),
            ("dst", "5551234568"),
            ("message", "hi"),
        ]),
    )
    .await;
    assert_eq!(body["status"], "missing_did");
    let body = post(
        &mock,
        &with(&[
            ("method", "sendSMS"),
            ("did", "5551234567"),
            ("dst", "5551234568"),
            ("message", "hi"),
        ]),
    )
    .await;
    assert_eq!(body["status"], "success");
}

#[tokio::test]
async fn invalid_values_get_the_documented_code() {
    let mock = MockServer::start().await.expect("start");
    let cdr = |from: &'static str, to: &'static str| {
        with(&[
            ("method", "getCDR"),
            ("date_from", from),
            ("date_to", to),
            ("timezone", "-5"),
            ("answered", "1"),
        ])
    };
    assert_eq!(
        post(&mock, &cdr("2024-01-01", "2024-01-31")).await["status"],
        "success"
    );
    assert_eq!(
        post(&mock, &cdr("2024-13-01", "2024-01-31")).await["status"],
        "invalid_date_from"
    );
    assert_eq!(
        post(&mock, &cdr("2024-01-01", "2024-12-31")).await["status"],
        "invalid_daterange"
    );
    // Over the length limit: `digits` has a documented `invalid_digits`.
    let f = voipms_api::catalog::function("orderDIDVirtual").expect("in the spec");
    let mut params: Vec<(&str, String)> = example_params(f)
        .into_iter()
        .filter(|(k, _)| *k != "digits")
        .collect();
    params.push(("digits", "12345".to_string()));
    let mut all = with(&[("method", "orderDIDVirtual")]);
    all.extend(params.iter().map(|(k, v)| (*k, v.as_str())));
    assert_eq!(post(&mock, &all).await["status"], "invalid_digits");
    // A value of an enum type outside its value set.
    let body = post(
        &mock,
        &with(&[("method", "getBalance"), ("advanced", "maybe")]),
    )
    .await;
    assert_eq!(
        body["status"], "success",
        "no documented code for `advanced`: accepted"
    );
}

#[tokio::test]
async fn configured_answers_and_the_request_log() {
    let mock = MockServer::builder()
        .fail("sendSMS", ErrorCode::SmsFailed)
        .respond(
            "getBalance",
            r#"{"status":"success","balance":{"current_balance":"0.50"}}"#,
        )
        .start()
        .await
        .expect("start");
    let client = mock.client().expect("client");
    let balance = client
        .get_balance(GetBalance::new())
        .await
        .expect("balance");
    let current = balance.balance.and_then(|b| b.current_balance);
    assert_eq!(current, Some("0.50".parse().expect("decimal")));
    let err = client
        .send_sms(voipms_api::dids::SendSms::new(
            voipms_api::dids::SendSmsArgs {
                did: "5551234567",
                dst: "5551234568",
                message: "hello",
            },
        ))
        .await
        .expect_err("configured to fail");
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(err.api_code(), Some(&ErrorCode::SmsFailed));

    let log = mock.requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].function, "sendSMS");
    assert_eq!(log[1].param("message"), Some("hello"));
    assert!(log.iter().all(|r| r.param("api_password").is_none()));
}

#[tokio::test]
async fn a_configured_body_of_the_wrong_shape_is_a_decode_error() {
    let mock = MockServer::builder()
        .respond(
            "getBalance",
            r#"{"status":"success","balance":{"current_balance":"lots"}}"#,
        )
        .start()
        .await
        .expect("start");
    let err = mock
        .client()
        .expect("client")
        .get_balance(GetBalance::new())
        .await
        .expect_err("not a decimal");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn other_paths_and_verbs_are_refused() {
    let mock = MockServer::start().await.expect("start");
    let base = format!("http://{}", mock.addr());
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{base}/other"))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 404);
    let r = http.put(mock.url()).send().await.expect("answer");
    assert_eq!(r.status().as_u16(), 405);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let mock = MockServer::start().await.expect("start");
    let url = mock.url().to_string();
    mock.shutdown().await;
    let r = reqwest::Client::new().get(&url).send().await;
    assert!(r.is_err(), "{r:?}");
}
