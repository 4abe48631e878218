//! The parameters of a call as the command line gives them (`name=value`), checked against
//! the metadata table before anything is sent: by `voipms call`, each window of a split date
//! range, `voipms update` and the MCP server.

use voipms_api::meta::FunctionMeta;
use voipms_api::validate;
use voipms_api::wire::Form;

use crate::describe;
use crate::failure::Failure;
use crate::suggest;

/// The checked request of a call: nothing here has been sent yet.
#[derive(Debug)]
pub struct Checked {
    /// The function.
    pub function: &'static FunctionMeta,
    /// The parameters, in command-line order.
    pub params: Vec<(String, String)>,
}

/// Checks the function and parameters against the metadata table: unknown function or
/// parameter (with suggestions), missing required parameters (all of them at once), then the
/// values (types, value sets, ranges, lengths, date ranges).
pub fn check(function: &str, args: &[String]) -> Result<Checked, Failure> {
    check_given(function, args, |_| true)
}

/// [`check`], with the routing headers checked only for the parameters `given` says the user
/// wrote: `voipms update` sends back a record's own routing values, which VoIP.ms may write
/// with a header newer than this tool.
pub fn check_given(
    function: &str,
    args: &[String],
    given: impl Fn(&str) -> bool,
) -> Result<Checked, Failure> {
    let f = describe::lookup(function)?;
    let see = format!("`voipms describe {}` lists its parameters", f.name);
    let mut params: Vec<(String, String)> = Vec::new();
    for arg in args {
        let Some((name, value)) = arg.split_once('=') else {
            return Err(Failure::Usage(format!(
                "`{arg}` is not a parameter: write name=value ({see})"
            )));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(Failure::Usage(format!(
                "`{arg}` has no parameter name ({see})"
            )));
        }
        if params.iter().any(|(k, _)| k == name) {
            return Err(Failure::Usage(format!(
                "{}: parameter `{name}` is given twice",
                f.name
            )));
        }
        if !f.params_undocumented && f.param(name).is_none() {
            let similar = suggest::similar(name, f.params.iter().map(|p| p.name));
            let why = if f.params.is_empty() {
                format!("{} takes no parameters", f.name)
            } else {
                see.clone()
            };
            return Err(Failure::Usage(format!(
                "{}: unknown parameter `{name}`{}; {why}",
                f.name,
                suggest::hint(&similar)
            )));
        }
        params.push((name.to_string(), value.to_string()));
    }
    let missing: Vec<&str> = f
        .params
        .iter()
        .filter(|p| p.required)
        .filter(|p| !params.iter().any(|(k, _)| p.is_named(k)))
        .map(|p| p.name)
        .collect();
    if !missing.is_empty() {
        let s = if missing.len() == 1 { "" } else { "s" };
        return Err(Failure::Usage(format!(
            "{}: missing required parameter{s} {} ({see})",
            f.name,
            missing.join(", ")
        )));
    }
    for (k, v) in params.iter().filter(|(k, _)| given(k)) {
        check_routing(f, k, v)?;
    }
    let mut form = Form::new();
    for (k, v) in &params {
        form.put_raw(k.clone(), v.clone());
    }
    // What is sent: booleans and phone numbers in their wire form.
    let form =
        validate::prepare(f, &form, true).map_err(|e| Failure::Usage(format!("{e} ({see})")))?;
    Ok(Checked {
        function: f,
        params: form
            .pairs()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    })
}

/// A routing value must have a header this tool knows: VoIP.ms answers a typo such as
/// `acount:` only with a generic error, after the call.
pub fn check_routing(f: &FunctionMeta, name: &str, value: &str) -> Result<(), Failure> {
    let Some(p) = f.param(name) else {
        return Ok(());
    };
    if p.ty != voipms_api::meta::WireType::Routing {
        return Ok(());
    }
    match value.parse::<voipms_api::Routing>() {
        Ok(voipms_api::Routing::Other { header, .. }) => Err(Failure::Usage(format!(
            "{}: parameter `{name}`: unknown routing header `{header}:`; valid headers: {} \
             (e.g. account:100001_VoIP, vm:101)",
            f.name,
            voipms_api::Routing::HEADERS
                .iter()
                .map(|h| format!("{h}:"))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn usage(function: &str, a: &[&str]) -> String {
        match check(function, &args(a)) {
            Err(Failure::Usage(m)) => m,
            other => panic!("{function} {a:?}: {other:?}"),
        }
    }

    #[test]
    fn checks_before_sending() {
        assert!(usage("getBalanse", &[]).contains("did you mean `getBalance`?"));
        assert!(usage("sendSMS", &["did=5551234567", "dts=1", "message=hi"]).contains("`dst`?"));
        assert!(
            usage("sendSMS", &["did=5551234567"])
                .contains("missing required parameters dst, message")
        );
        assert!(usage("sendSMS", &["did=555-1234", "dst=1", "message=hi"]).contains("`did`"));
        assert!(usage("getBalance", &["advanced"]).contains("name=value"));
        let routing = usage(
            "setDIDRouting",
            &["did=5551234567", "routing=acount:100001_VoIP"],
        );
        assert!(
            routing.contains("`acount:`") && routing.contains("account:, fwd:, vm:"),
            "{routing}"
        );
        assert!(usage("getBalance", &["advanced=true", "advanced=false"]).contains("twice"));
        assert!(
            usage(
                "getCDR",
                &[
                    "date_from=2024-01-01",
                    "date_to=2024-12-31",
                    "timezone=-5",
                    "answered=1"
                ]
            )
            .contains("days")
        );
        let ok = check(
            "sendSMS",
            &args(&["did=5551234567", "dst=5551234568", "message=a=b"]),
        );
        let ok = ok.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.params[2], ("message".to_string(), "a=b".to_string()));
    }

    #[test]
    fn what_is_sent_is_the_wire_form() {
        let sent = |function: &str, a: &[&str]| match check(function, &args(a)) {
            Ok(c) => c.params,
            Err(e) => panic!("{function} {a:?}: {e}"),
        };
        for spelling in ["1", "yes", "TRUE", "On"] {
            let p = sent("getBalance", &[&format!("advanced={spelling}")]);
            assert_eq!(p, [("advanced".to_string(), "true".to_string())]);
        }
        let p = sent("getMMS", &["did=+1 (555) 123-0001", "contact=555.987.0003"]);
        assert_eq!(p[0].1, "5551230001");
        assert_eq!(p[1].1, "5559870003");
        let refused = usage("getMMS", &["did=555-CALL-NOW"]);
        assert!(
            refused.contains("`did`") && refused.contains("+15551230001"),
            "{refused}"
        );
        assert!(usage("getBalance", &["advanced=maybe"]).contains("yes/no"));
    }
}
