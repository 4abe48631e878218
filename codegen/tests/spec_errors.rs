//! Every validation error of the loader, each on a small broken spec: the message names the
//! problem, the YAML path and the line.

use voipms_codegen::spec::{Diagnostic, load_files};

const TYPES: &str = "value_sets:
  DtmfMode:
    doc: \"DTMF mode.\"
    values:
      - \"auto\"
      - \"inband\"
";

const ERRORS: &str = "errors:
  - code: invalid_did
    description: \"This is not a valid DID\"
  - code: no_sms
    description: \"There are no SMS messages\"
    empty_list: true
";

const FUNCS: &str = "category: \"DIDs\"
feature: dids
functions:
  - name: sendSMS
    kind: spend
    summary: \"Send a SMS message\"
    params:
      - name: did
        type: \"phone\"
        required: true
        doc: \"DID\"
      - name: type
        type: \"enum(DtmfMode)\"
        doc: \"a keyword as a parameter name is fine\"
    response:
      sms: {type: \"id\", example: \"1\"}
";

fn files(types: &str, errors: &str, funcs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v = vec![
        ("types.yaml".to_string(), types.to_string()),
        ("errors.yaml".to_string(), errors.to_string()),
    ];
    for (name, text) in funcs {
        v.push((format!("functions/{name}"), text.to_string()));
    }
    v
}

/// Loads a spec that must fail and returns its diagnostics.
fn problems(types: &str, errors: &str, funcs: &[(&str, &str)]) -> Vec<Diagnostic> {
    match load_files(&files(types, errors, funcs)) {
        Ok(_) => panic!("the broken spec loaded"),
        Err(d) => d.0,
    }
}

/// The one diagnostic whose message contains `needle`.
fn find<'a>(diags: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic mentions {needle:?}: {diags:#?}"))
}

#[test]
fn the_base_spec_is_valid() {
    let spec = load_files(&files(TYPES, ERRORS, &[("dids.yaml", FUNCS)]))
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(spec.functions.len(), 1);
    assert_eq!(spec.errors.len(), 2);
    assert_eq!(spec.param_name_count(), 2);
}

#[test]
fn unknown_key_is_located() {
    let f = FUNCS.replace("        required: true\n", "        requird: true\n");
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(&d, "unknown field `requird`");
    assert_eq!(e.file, "functions/dids.yaml");
    assert_eq!(e.line, Some(10));
    assert!(e.path.contains("params"), "{e}");
}

#[test]
fn yaml_syntax_error_is_located() {
    let f = FUNCS.replace("    kind: spend\n", "    kind: [spend\n");
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].file, "functions/dids.yaml");
    assert!(d[0].line.is_some());
}

#[test]
fn unknown_type_names_path_and_line() {
    let f = FUNCS.replace("type: \"phone\"", "type: \"phnoe\"");
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(&d, "unknown type `phnoe`");
    assert_eq!(e.path, "functions.sendSMS.params.did.type");
    assert_eq!(e.line, Some(9));
    assert_eq!(
        e.to_string(),
        "functions/dids.yaml:9: functions.sendSMS.params.did.type: unknown type `phnoe` (expected string, integer, decimal, phone, id, date, datetime, timestamp, routing, bool(1/0|yes/no|true/false), enum(Name), count(Name) or list(<type>, \"<sep>\"))"
    );
}

#[test]
fn boolean_without_wire_form() {
    let f = FUNCS.replace("type: \"phone\"", "type: \"bool\"");
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    assert!(find(&d, "names its wire form").line == Some(9));
}

#[test]
fn unknown_value_set() {
    let f = FUNCS.replace("enum(DtmfMode)", "enum(DtmfModes)");
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(&d, "unknown value set `DtmfModes`");
    assert_eq!(e.path, "functions.sendSMS.params.type.type");
    assert_eq!(e.line, Some(13));
}

#[test]
fn unknown_value_set_in_a_response() {
    let f = FUNCS.replace("sms: {type: \"id\", example: \"1\"}", "sms: \"enum(Nope)\"");
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(&d, "unknown value set `Nope`");
    assert_eq!(e.path, "functions.sendSMS.response.sms");
    assert_eq!(e.line, Some(16));
}

#[test]
fn duplicate_function_across_files() {
    let other = FUNCS.replace("feature: dids", "feature: sms");
    let d = problems(TYPES, ERRORS, &[("dids.yaml", FUNCS), ("sms.yaml", &other)]);
    let e = find(
        &d,
        "function `sendSMS` is also defined in functions/dids.yaml",
    );
    assert_eq!(e.file, "functions/sms.yaml");
    assert_eq!(e.line, Some(4));
}

#[test]
fn two_functions_with_one_rust_name() {
    let f = format!(
        "{FUNCS}  - name: sendSms\n    kind: spend\n    summary: \"again\"\n    params: []\n"
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(&d, "both become the Rust method `send_sms`");
    assert_eq!(e.line, Some(17));
}

#[test]
fn two_parameters_with_one_rust_name() {
    let f = FUNCS.replace(
        "      - name: type\n",
        "      - name: dateFrom\n        type: \"date\"\n      - name: date_from\n        type: \"date\"\n      - name: type\n",
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(
        &d,
        "parameters `date_from` and `dateFrom` both become the Rust name `date_from`",
    );
    assert_eq!(e.path, "functions.sendSMS.params.date_from");
    assert_eq!(e.line, Some(14));
}

#[test]
fn duplicate_parameter() {
    let f = FUNCS.replace(
        "      - name: type\n",
        "      - name: did\n        type: \"phone\"\n      - name: type\n",
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    find(&d, "parameter `did` is listed twice");
}

#[test]
fn values_from_must_name_a_function() {
    let f = FUNCS.replace(
        "        doc: \"DID\"\n",
        "        doc: \"DID\"\n        values_from: \"getDIDz\"\n",
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(&d, "`getDIDz` is not a function of the spec");
    assert_eq!(e.path, "functions.sendSMS.params.did.values_from");
    assert_eq!(e.line, Some(12));
}

#[test]
fn date_range_must_name_date_parameters() {
    let f = FUNCS.replace(
        "    response:\n",
        "    date_range: {from: did, to: nothere, max_days: 92, records: nolist}\n    response:\n",
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    find(&d, "`did` is a phone, not a date");
    find(&d, "no parameter `nothere`");
    let e = find(&d, "`nolist` is not a list of objects in the response");
    assert_eq!(e.path, "functions.sendSMS.date_range.records");
}

#[test]
fn min_max_and_max_length_need_fitting_types() {
    let f = FUNCS.replace(
        "        doc: \"DID\"\n",
        "        doc: \"DID\"\n        min: 5\n        max: 1\n        max_length: 3\n",
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    find(&d, "min 5 is above max 1");
    find(&d, "min/max need an integer or decimal type, not phone");
    find(&d, "max_length needs a string type, not phone");
}

#[test]
fn response_shapes_are_checked() {
    let f = FUNCS.replace(
        "sms: {type: \"id\", example: \"1\"}",
        "sms: {list: {a: \"string\"}, object: {}}\n      other: {tpye: \"id\"}",
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    find(
        &d,
        "a shape has exactly one of type, object, list, list_of, map, map_of; found list, object",
    );
    let e = find(&d, "found tpye");
    assert_eq!(e.path, "functions.sendSMS.response.other");
}

#[test]
fn duplicate_error_code_and_bad_empty_list() {
    let e = format!(
        "{ERRORS}  - code: invalid_did\n    description: \"again\"\n  - code: oops\n    description: \"x\"\n    empty_list: true\n"
    );
    let d = problems(TYPES, &e, &[("dids.yaml", FUNCS)]);
    let dup = find(&d, "duplicate error code `invalid_did`");
    assert_eq!(dup.file, "errors.yaml");
    assert_eq!(dup.line, Some(2));
    find(&d, "only `no_*` codes can mean an empty list");
}

#[test]
fn value_names_must_be_rust_variants() {
    let t = format!(
        "{TYPES}  Carrier:\n    doc: \"x\"\n    values:\n      - \"-1\"\n      - \"auto\"\n      - \"Auto\"\n"
    );
    let d = problems(&t, ERRORS, &[("dids.yaml", FUNCS)]);
    find(&d, "value `-1` needs an explicit `name:`");
    find(&d, "value `Auto` maps to the Rust variant `Auto` twice");
}

#[test]
fn missing_files() {
    let d = match load_files(&[]) {
        Ok(_) => panic!("an empty spec loaded"),
        Err(d) => d.0,
    };
    find(&d, "file is missing");
    find(&d, "no function files found");
}

#[test]
fn every_problem_in_one_run() {
    let f = FUNCS
        .replace("type: \"phone\"", "type: \"phnoe\"")
        .replace("enum(DtmfMode)", "enum(Nope)");
    let e = format!("{ERRORS}  - code: invalid_did\n    description: \"again\"\n");
    let d = problems(TYPES, &e, &[("dids.yaml", &f)]);
    assert_eq!(d.len(), 3, "{d:#?}");
    // Sorted by file, then line.
    assert_eq!(d[0].file, "errors.yaml");
    assert!(d[1].line < d[2].line);
}

#[test]
fn response_examples_must_fit_their_type() {
    let f = FUNCS.replace(
        "sms: {type: \"id\", example: \"1\"}",
        "sms: {type: \"integer\", example: \"twelve\"}",
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(&d, "example `twelve` is not a valid integer");
    assert_eq!(e.path, "functions.sendSMS.response.sms");
    assert_eq!(e.line, Some(16));
}

/// `cdr.yaml` defines `getCallAccounts`; `dids.yaml` takes its values from it.
const CDR: &str = "category: \"Call Detail Records\"
feature: cdr
functions:
  - name: getCallAccounts
    kind: read
    summary: \"Retrieves the call accounts\"
";

fn referring_to_cdr() -> String {
    FUNCS.replace(
        "        doc: \"DID\"\n",
        "        doc: \"DID\"\n        values_from: \"getCallAccounts\"\n",
    )
}

#[test]
fn a_reference_into_another_file_loads() {
    let dids = referring_to_cdr();
    let spec = load_files(&files(
        TYPES,
        ERRORS,
        &[("cdr.yaml", CDR), ("dids.yaml", &dids)],
    ))
    .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(spec.functions.len(), 2);
}

#[test]
fn a_file_that_does_not_parse_is_the_only_cause_reported() {
    let cdr = CDR.replace("    kind: read\n", "    kind: [read\n");
    let dids = referring_to_cdr();
    let d = problems(TYPES, ERRORS, &[("cdr.yaml", &cdr), ("dids.yaml", &dids)]);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].file, "functions/cdr.yaml");
    assert!(d[0].line.is_some(), "{}", d[0]);
}

#[test]
fn references_into_a_file_with_an_unknown_key_are_not_missing() {
    // Still YAML: its function names are known, so only references to no function at all are
    // reported, after the file's own problem.
    let cdr = CDR.replace("    kind: read\n", "    knd: read\n");
    let dids = referring_to_cdr().replace(
        "        doc: \"a keyword as a parameter name is fine\"\n",
        "        doc: \"a keyword as a parameter name is fine\"\n        values_from: \"getNothing\"\n",
    );
    let d = problems(TYPES, ERRORS, &[("cdr.yaml", &cdr), ("dids.yaml", &dids)]);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(d[0].file, "functions/cdr.yaml");
    assert!(d[0].message.contains("knd"), "{}", d[0]);
    assert_eq!(
        d[1].message, "`getNothing` is not a function of the spec",
        "{}",
        d[1]
    );
}

#[test]
fn files_that_do_not_parse_come_before_other_problems() {
    // `errors.yaml` sorts before `functions/`, but its problem follows from nothing.
    let e = format!("{ERRORS}  - code: invalid_did\n    description: \"again\"\n");
    let broken = FUNCS.replace("    kind: spend\n", "    kind: [spend\n");
    let d = problems(TYPES, &e, &[("dids.yaml", &broken)]);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(d[0].file, "functions/dids.yaml");
    assert_eq!(d[1].file, "errors.yaml");
}

#[test]
fn response_objects_have_room_to_note_every_field() {
    let many: String = (0..65)
        .map(|i| format!("          f{i}: \"string\"\n"))
        .collect();
    let f = FUNCS.replace(
        "      sms: {type: \"id\", example: \"1\"}\n",
        &format!("      info:\n        object:\n{many}"),
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(&d, "65 fields: a response object has at most 64");
    assert_eq!(e.path, "functions.sendSMS.response.info");
}

#[test]
fn response_fields_cannot_take_the_objects_own_names() {
    let f = FUNCS.replace(
        "      sms: {type: \"id\", example: \"1\"}\n",
        "      sms: {type: \"id\", example: \"1\"}\n      drift: \"string\"\n",
    );
    let d = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let e = find(&d, "would clash with the generated object's own `drift`");
    assert_eq!(e.path, "functions.sendSMS.response.drift");
}

#[test]
fn update_from_reports_a_setter_parameter_the_record_cannot_fill() {
    let funcs = "category: \"DIDs\"
feature: dids
functions:
  - name: getThings
    kind: read
    summary: \"List things\"
    params:
      - name: thing
        type: \"id\"
    response:
      things: {list: {thing: \"id\", label: \"string\", colour: \"string\"}}
  - name: setThing
    kind: write
    update_from: {function: getThings, list: things, key: thing, filter: thing, fields: {name: label}, unfilled: [size, weight]}
    summary: \"Set a thing\"
    params:
      - name: thing
        type: \"id\"
        required: true
      - name: name
        type: \"string\"
      - name: shade
        type: \"string\"
      - name: size
        type: \"integer\"
        required: true
";
    let diags = problems(TYPES, ERRORS, &[("dids.yaml", funcs)]);
    let d = find(&diags, "parameter `shade` of `setThing` cannot be filled");
    assert_eq!(d.path, "functions.setThing.update_from");
    assert!(d.message.contains("no field `shade`"), "{}", d.message);
    assert!(d.line.is_some());
    let d = find(&diags, "`size` is required by `setThing`");
    assert_eq!(d.path, "functions.setThing.update_from.unfilled");
    find(&diags, "`weight` is not a parameter of `setThing`");
    // The mapped `name` (from `label`) and the key are fillable: no diagnostic names them.
    assert!(
        !diags.iter().any(|d| d.message.contains("`name`")),
        "{diags:?}"
    );
    assert_eq!(diags.len(), 3, "{diags:?}");
}

/// Two reads and a spend: a listing, a read that needs one of its ids, a spend.
const PROBED: &str = "category: \"DIDs\"
feature: dids
functions:
  - name: getThings
    kind: read
    summary: \"List things\"
    response:
      things: {list: {thing: \"id\", label: \"string\"}}
  - name: getThing
    kind: read
    summary: \"One thing\"
    params:
      - name: thing
        type: \"id\"
        required: true
      - name: mode
        type: \"enum(DtmfMode)\"
        required: true
    response:
      label: {type: \"string\", example: \"x\"}
    probe:
      params:
        thing: {from: \"getThings things[].thing\"}
  - name: sendThing
    kind: spend
    summary: \"Send a thing\"
    params:
      - name: thing
        type: \"id\"
        required: true
";

#[test]
fn probe_plans_every_read_and_fills_value_sets() {
    use voipms_codegen::spec::probe::{Probe, ProbeSource};
    let spec = load_files(&files(TYPES, ERRORS, &[("dids.yaml", PROBED)]))
        .unwrap_or_else(|d| panic!("{d}"));
    let get = |n: &str| spec.functions.iter().find(|f| f.name == n).unwrap();
    assert_eq!(get("getThings").probe, Some(Probe::Run(vec![])));
    let Some(Probe::Run(inputs)) = &get("getThing").probe else {
        panic!("getThing is not planned")
    };
    assert_eq!(inputs.len(), 2);
    assert_eq!(
        inputs[0].source,
        ProbeSource::Field {
            function: "getThings".into(),
            path: "things[].thing".into()
        }
    );
    // A required value-set parameter takes the set's first value.
    assert_eq!(inputs[1].source, ProbeSource::Value("auto".into()));
    // A spend is never planned.
    assert_eq!(get("sendThing").probe, None);
}

#[test]
fn a_read_with_an_unsourced_required_parameter_fails_the_check() {
    let f = PROBED.replace(
        "    probe:\n      params:\n        thing: {from: \"getThings things[].thing\"}\n",
        "",
    );
    // It loads (older revisions and imported stubs must), but `spec check` lists the gap.
    let spec =
        load_files(&files(TYPES, ERRORS, &[("dids.yaml", &f)])).unwrap_or_else(|d| panic!("{d}"));
    let gaps = voipms_codegen::spec::probe::gaps(&spec);
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    let (file, path, message) = &gaps[0];
    assert_eq!(file, "functions/dids.yaml");
    assert_eq!(path, "functions.getThing.probe");
    assert!(
        message.contains("the probe has no value for it"),
        "{message}"
    );
    assert!(
        message.contains("`thing`") && message.contains("skip"),
        "{message}"
    );
}

#[test]
fn probe_sources_are_checked() {
    for (from, needle) in [
        ("getThings things[].colour", "no field `colour`"),
        (
            "getNothing things[].thing",
            "`getNothing` is not a function",
        ),
        ("sendThing thing", "is a spend function"),
        ("getThings", "is not `FUNCTION PATH`"),
        ("getThing label", "cannot feed itself"),
    ] {
        let f = PROBED.replace("getThings things[].thing\"}", &format!("{from}\"}}"));
        let diags = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
        let d = find(&diags, needle);
        assert_eq!(
            d.path, "functions.getThing.probe.params.thing.from",
            "{from}"
        );
    }
    // `probe:` on a spend (the last function), and `skip` with `params`.
    let f = format!("{PROBED}    probe: {{skip: \"never\"}}\n");
    let diags = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let d = find(&diags, "the probe never calls one");
    assert_eq!(d.path, "functions.sendThing.probe");
    let f = PROBED.replace(
        "    probe:\n      params:",
        "    probe:\n      skip: \"why\"\n      params:",
    );
    let diags = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    find(&diags, "exclude each other");
}

#[test]
fn a_skipped_read_cannot_feed_another() {
    let f = PROBED.replace(
        "      things: {list: {thing: \"id\", label: \"string\"}}\n",
        "      things: {list: {thing: \"id\", label: \"string\"}}\n    probe: {skip: \"too slow\"}\n",
    );
    let diags = problems(TYPES, ERRORS, &[("dids.yaml", &f)]);
    let d = find(&diags, "`getThings` is skipped by the probe");
    assert_eq!(d.path, "functions.getThing.probe.params.thing.from");
}
