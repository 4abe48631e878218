//! The typed client against the mock for every function of the spec: each call goes through
//! `Client::call` (the path every generated method takes) with valid sample values for its
//! required parameters, and must return `Ok` with the typed response holding every field of the
//! spec's sample body. This proves that the spec's response shapes and the generated decoders
//! agree for all functions.
//!
//! The request types come from the generated `for_every_request!`, so a function added to the
//! spec is covered without touching this file; `the_list_covers_every_function` checks the
//! list against the metadata table.
//!
//! With the `soap` feature the same runs over SOAP against the mock's SOAP endpoint: the same
//! typed responses, and the functions the WSDL lacks refused before sending.
#![cfg(all(feature = "mock", feature = "all-categories"))]

use std::fmt::Debug;
use std::marker::PhantomData;

use voipms_api::meta::FunctionMeta;

use voipms_api::catalog::FUNCTIONS;
use voipms_api::mock::{MockServer, example_params, example_response};
use voipms_api::wire::Form;
use voipms_api::*;

/// A request of function `R` with the sample values of its required parameters, answered with
/// `R`'s typed response.
struct Sample<R>(PhantomData<R>);

impl<R: Request> Request for Sample<R> {
    type Response = R::Response;

    fn meta() -> &'static FunctionMeta {
        R::meta()
    }

    fn encode(&self, form: &mut Form) {
        for (name, value) in example_params(R::meta()) {
            form.put_raw(name, value);
        }
    }
}

#[derive(Default)]
struct Outcome {
    transport: Transport,
    seen: Vec<&'static str>,
    failures: Vec<String>,
}

impl Outcome {
    async fn typed<R>(&mut self, client: &Client)
    where
        R: Request,
        R::Response: Debug + PartialEq + serde::Serialize,
    {
        let name = R::meta().name;
        self.seen.push(name);
        let result = client.call(Sample::<R>(PhantomData)).await;
        if !offered(self.transport, R::meta()) {
            if !matches!(result, Err(Error::NotOffered { .. })) {
                self.failures
                    .push(format!("{name}: not in the WSDL, yet {result:?}"));
            }
            return;
        }
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                self.failures.push(format!("{name}: {e}"));
                return;
            }
        };
        // Every field of the sample must have landed in the typed response, not been skipped
        // as unknown: compare the typed value serialized back with the sample's fields.
        let sample: serde_json::Value =
            serde_json::from_str(example_response(name).unwrap_or("{}")).unwrap_or_default();
        let typed = match serde_json::to_value(&response) {
            Ok(v) => v,
            Err(e) => {
                self.failures
                    .push(format!("{name}: serializing the response: {e}"));
                return;
            }
        };
        let mut missing = Vec::new();
        absent_fields("", &sample, &typed, &mut missing);
        missing.retain(|path| path != "status");
        if !missing.is_empty() {
            self.failures.push(format!(
                "{name}: sample fields missing from the typed response: {}; typed: {typed}",
                missing.join(", ")
            ));
        }
    }
}

/// The paths of the non-empty values of `sample` (objects and lists followed down to their
/// scalars) that are absent or null in `typed`.
fn absent_fields(
    path: &str,
    sample: &serde_json::Value,
    typed: &serde_json::Value,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    if is_empty(sample) {
        return;
    }
    if typed.is_null() {
        out.push(path.to_string());
        return;
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (sample, typed) {
        (Value::Object(s), Value::Object(t)) => {
            for (k, v) in s {
                absent_fields(&join(k), v, t.get(k).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(s), Value::Array(t)) => {
            for (i, v) in s.iter().enumerate() {
                absent_fields(
                    &join(&i.to_string()),
                    v,
                    t.get(i).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        // A scalar that became a typed value (a separated list becomes an array): present.
        _ => {}
    }
}

fn is_empty(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

macro_rules! every {
    ($outcome:expr, $client:expr, [$($ty:ty,)*]) => {
        $( $outcome.typed::<$ty>($client).await; )*
    };
}

/// Whether `transport` offers function `f` (SOAP: only the WSDL's operations).
fn offered(transport: Transport, f: &FunctionMeta) -> bool {
    f.in_wsdl || transport == Transport::Rest
}

async fn run_all(transport: Transport) -> Outcome {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = match transport {
        #[cfg(feature = "soap")]
        Transport::Soap => mock.soap_client(),
        _ => mock.client(),
    }
    .expect("a client for the mock");
    let mut outcome = Outcome {
        transport,
        ..Outcome::default()
    };
    voipms_api::for_every_request!(every!(outcome, &client,));
    outcome
}

fn assert_all_passed(outcome: &Outcome) {
    assert!(
        outcome.failures.is_empty(),
        "{} of {} functions failed:\n{}",
        outcome.failures.len(),
        outcome.seen.len(),
        outcome.failures.join("\n")
    );
}

#[tokio::test]
async fn every_function_decodes_into_its_typed_response() {
    assert_all_passed(&run_all(Transport::Rest).await);
}

#[cfg(feature = "soap")]
#[tokio::test]
async fn every_function_decodes_into_its_typed_response_over_soap() {
    let outcome = run_all(Transport::Soap).await;
    assert_all_passed(&outcome);
    let refused = FUNCTIONS.iter().filter(|f| !f.in_wsdl).count();
    assert_eq!(
        refused, 4,
        "getSequences, setSequences, delSequences, getInvoice"
    );
    assert_eq!(outcome.seen.len(), FUNCTIONS.len());
}

#[tokio::test]
async fn the_list_covers_every_function() {
    let mut seen = run_all(Transport::Rest).await.seen;
    seen.sort_unstable();
    let mut all: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
    all.sort_unstable();
    assert_eq!(seen, all);
}

#[test]
fn the_field_check_catches_dropped_fields() {
    let sample = serde_json::json!({"a": {"b": "1", "c": ""}, "l": [{"x": "y"}], "s": "1;2"});
    let typed = serde_json::json!({"a": {"b": 1, "c": null}, "l": [{"x": null}], "s": [1, 2]});
    let mut missing = Vec::new();
    absent_fields("", &sample, &typed, &mut missing);
    assert_eq!(missing, ["l.0.x"]);
}
