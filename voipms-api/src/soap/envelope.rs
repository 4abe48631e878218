//! Writing SOAP envelopes: the client's requests (the WSDL's `params` struct) and, for the mock
//! and tests, answers in the reconstructed response form. Text and attribute values are
//! escaped by quick-xml.

use quick_xml::escape::escape;

use crate::validate::{Rule, Subject, ValidationError};
use crate::wire::Form;

/// The opening of every envelope: the namespaces the WSDL and PHP's SOAP server use.
const OPEN: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    "\n",
    r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/""#,
    // The body namespace, `super::NAMESPACE`.
    r#" xmlns:ns1="urn:VoIPmsService""#,
    r#" xmlns:ns2="http://xml.apache.org/xml-soap""#,
    r#" xmlns:xsd1="https://voip.ms/api/schema""#,
    r#" xmlns:xsd="http://www.w3.org/2001/XMLSchema""#,
    r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
    r#" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/""#,
    r#" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">"#,
    "<SOAP-ENV:Body>"
);

const CLOSE: &str = "</SOAP-ENV:Body></SOAP-ENV:Envelope>\n";

/// Whether `name` can be an element name as it is (the WSDL's names all can).
fn is_element_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !name.to_ascii_lowercase().starts_with("xml")
}

/// Documented names all are element names, so a name refused here is one the caller made up.
fn refuse(function: &str, name: &str) -> ValidationError {
    ValidationError {
        function: function.to_string(),
        subject: Subject::Undocumented(name.to_string()),
        rule: Rule::NotElementName,
    }
}

/// One parameter: `<name xsi:type="xsd:string">value</name>`. Every value travels as a string
/// in its REST wire form: the WSDL's types are advisory (phone numbers are `xsd:integer` in one
/// operation and `xsd:string` in the next) and the server reads strings as REST does.
fn param(out: &mut String, name: &str, value: &str) {
    out.push('<');
    out.push_str(name);
    out.push_str(r#" xsi:type="xsd:string">"#);
    out.push_str(&escape(value));
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// The request envelope of `function`: `<ns1:function><params xsi:type="xsd1:functionInput">`
/// with the credentials first, then the parameters in order.
pub(crate) fn request(
    function: &str,
    username: &str,
    password: &str,
    form: &Form,
) -> Result<String, ValidationError> {
    if !is_element_name(function) {
        return Err(refuse(function, "method"));
    }
    if let Some((name, _)) = form.pairs().find(|(name, _)| !is_element_name(name)) {
        return Err(refuse(function, name));
    }
    let mut out = String::with_capacity(OPEN.len() + CLOSE.len() + 256);
    out.push_str(OPEN);
    out.push_str("<ns1:");
    out.push_str(function);
    out.push_str(r#"><params xsi:type="xsd1:"#);
    out.push_str(function);
    out.push_str(r#"Input">"#);
    param(&mut out, "api_username", username);
    param(&mut out, "api_password", password);
    for (name, value) in form.pairs() {
        param(&mut out, name, value);
    }
    out.push_str("</params></ns1:");
    out.push_str(function);
    out.push('>');
    out.push_str(CLOSE);
    Ok(out)
}

/// A JSON value as PHP's SOAP server encodes the PHP value it came from: objects as Apache
/// maps, arrays as `SOAP-ENC:Array`s, scalars typed, null as nil.
fn value(out: &mut String, tag: &str, v: &serde_json::Value) {
    use serde_json::Value;
    let scalar = |out: &mut String, ty: &str, text: &str| {
        out.push_str(&format!(r#"<{tag} xsi:type="{ty}">"#));
        out.push_str(&escape(text));
        out.push_str(&format!("</{tag}>"));
    };
    match v {
        Value::Null => out.push_str(&format!(r#"<{tag} xsi:nil="true"/>"#)),
        Value::Bool(b) => scalar(out, "xsd:boolean", if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_f64() => scalar(out, "xsd:float", &n.to_string()),
        Value::Number(n) => scalar(out, "xsd:int", &n.to_string()),
        Value::String(s) => scalar(out, "xsd:string", s),
        Value::Array(items) => {
            let item_type = if !items.is_empty() && items.iter().all(Value::is_object) {
                "ns2:Map"
            } else {
                "xsd:anyType"
            };
            out.push_str(&format!(
                r#"<{tag} SOAP-ENC:arrayType="{item_type}[{}]" xsi:type="SOAP-ENC:Array">"#,
                items.len()
            ));
            for item in items {
                value(out, "item", item);
            }
            out.push_str(&format!("</{tag}>"));
        }
        Value::Object(fields) => {
            out.push_str(&format!(r#"<{tag} xsi:type="ns2:Map">"#));
            for (k, v) in fields {
                out.push_str(r#"<item><key xsi:type="xsd:string">"#);
                out.push_str(&escape(k.as_str()));
                out.push_str("</key>");
                value(out, "value", v);
                out.push_str("</item>");
            }
            out.push_str(&format!("</{tag}>"));
        }
    }
}

/// The SOAP answer of `function` carrying the same data as the JSON answer `json`, in the
/// response form reconstructed from public clients (see the [module](super) documentation).
/// The mock answers with it; tests and benchmarks build SOAP bodies with it.
pub fn response_from_json(function: &str, json: &str) -> Result<String, serde_json::Error> {
    let data: serde_json::Value = serde_json::from_str(json)?;
    let mut out = String::with_capacity(OPEN.len() + json.len() * 3);
    out.push_str(OPEN);
    let op = if is_element_name(function) {
        function
    } else {
        "unknown"
    };
    out.push_str(&format!("<ns1:{op}Response>"));
    value(&mut out, "return", &data);
    out.push_str(&format!("</ns1:{op}Response>"));
    out.push_str(CLOSE);
    Ok(out)
}

/// A SOAP fault envelope (the mock's answer to a request it cannot read).
#[cfg(feature = "mock")]
pub(crate) fn fault_envelope(code: &str, message: &str) -> String {
    format!(
        "{OPEN}<SOAP-ENV:Fault><faultcode>{}</faultcode><faultstring>{}</faultstring>\
         </SOAP-ENV:Fault>{CLOSE}",
        escape(code),
        escape(message)
    )
}
