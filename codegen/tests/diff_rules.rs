//! One case per rule of the catalogue: the base fixture spec (`tests/fixtures/diff/base/`), the
//! same spec with a small edit, and the exact findings expected. Then the rename hints, the crate
//! API effect, the semver bump, ignore entries and `--fail-on` thresholds.

use voipms_codegen::diff::{self, Bump, Change, Diff, IgnoreList, Level, Rule};
use voipms_codegen::spec::{self, Spec};

const BASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/diff/base");

fn base_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = voipms_codegen::digest::read_spec_files(BASE.as_ref())
        .expect("the base fixture is readable")
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8(b).expect("UTF-8 fixture")))
        .collect();
    files.sort();
    files
}

/// The base files with `(file, from, to)` edits; each `from` must occur exactly once.
fn edited(edits: &[(&str, &str, &str)]) -> Vec<(String, String)> {
    let mut files = base_files();
    for (file, from, to) in edits {
        let text = &mut files
            .iter_mut()
            .find(|(p, _)| p == file)
            .unwrap_or_else(|| panic!("no fixture file {file}"))
            .1;
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {file}"
        );
        *text = text.replacen(from, to, 1);
    }
    files
}

fn load(files: &[(String, String)]) -> Spec {
    spec::load_files(files).unwrap_or_else(|d| panic!("fixture does not load:\n{d}"))
}

fn diff_of(edits: &[(&str, &str, &str)]) -> Diff {
    diff::diff(&load(&base_files()), &load(&edited(edits)))
}

/// A rule's case: edits to the base, the exact `(rule, path)` findings, and the first finding's
/// old and new values.
struct Case {
    edits: &'static [(&'static str, &'static str, &'static str)],
    expect: &'static [(Rule, &'static str)],
    old: Option<&'static str>,
    new: Option<&'static str>,
}

fn run(case: &Case) {
    let d = diff_of(case.edits);
    let mut got: Vec<(Rule, &str)> = d
        .findings
        .iter()
        .map(|f| (f.rule, f.path.as_str()))
        .collect();
    let mut want = case.expect.to_vec();
    got.sort();
    want.sort();
    assert_eq!(got, want, "findings: {:#?}", d.findings);
    let (rule, path) = case.expect[0];
    let f = d
        .findings
        .iter()
        .find(|f| f.rule == rule && f.path == path)
        .expect("the expected finding");
    assert_eq!(f.old.as_deref(), case.old, "old value of {rule} {path}");
    assert_eq!(f.new.as_deref(), case.new, "new value of {rule} {path}");
    assert!(!f.message.is_empty());
}

const G: &str = "functions/general.yaml";
const M: &str = "functions/messaging.yaml";
const T: &str = "types.yaml";
const E: &str = "errors.yaml";
const C: &str = "callbacks.yaml";

macro_rules! cases {
    ($($name:ident: $case:expr;)*) => {
        $(
            #[test]
            fn $name() {
                run(&$case);
            }
        )*
        const ALL_CASES: &[Case] = &[$($case),*];
    };
}

cases! {
    function_added: Case {
        edits: &[(M, "  - name: getSMS\n", "  - name: getSMSCount\n    kind: read\n    summary: \"Counts SMS messages\"\n\n  - name: getSMS\n")],
        expect: &[(Rule::FunctionAdded, "getSMSCount")],
        old: None, new: Some("read, feature \"messaging\""),
    };
    function_removed: Case {
        edits: &[(G, "  - name: getBalance\n    kind: read\n    summary: \"Retrieves the balance\"\n    params:\n      - name: advanced\n        type: \"bool(true/false)\"\n        doc: \"True for call statistics\"\n    response:\n      balance:\n        object:\n          current_balance: {type: \"decimal\", example: \"112.19\"}\n          calls_total: \"integer\"\n\n", "")],
        expect: &[(Rule::FunctionRemoved, "getBalance")],
        old: Some("read, feature \"general\""), new: None,
    };
    deprecated_function_removed: Case {
        edits: &[(G, "  - name: oldCall\n    kind: read\n    summary: \"An old function, going away\"\n    deprecated: true\n\n", "")],
        expect: &[(Rule::DeprecatedFunctionRemoved, "oldCall")],
        old: Some("read, feature \"general\""), new: None,
    };
    function_deprecation_changed: Case {
        edits: &[(G, "    summary: \"Retrieves the balance\"\n", "    summary: \"Retrieves the balance\"\n    deprecated: true\n")],
        expect: &[(Rule::FunctionDeprecationChanged, "getBalance.deprecated")],
        old: Some("false"), new: Some("true"),
    };
    function_kind_read_to_spend: Case {
        edits: &[(G, "  - name: getBalance\n    kind: read\n", "  - name: getBalance\n    kind: spend\n")],
        expect: &[(Rule::FunctionKindReadToSpend, "getBalance.kind")],
        old: Some("read"), new: Some("spend"),
    };
    function_kind_escalated: Case {
        edits: &[(G, "  - name: setDTMF\n    kind: write\n", "  - name: setDTMF\n    kind: spend\n")],
        expect: &[(Rule::FunctionKindEscalated, "setDTMF.kind")],
        old: Some("write"), new: Some("spend"),
    };
    function_kind_read_to_write_is_escalated: Case {
        edits: &[(G, "  - name: getDTMFModes\n    kind: read\n", "  - name: getDTMFModes\n    kind: write\n")],
        expect: &[(Rule::FunctionKindEscalated, "getDTMFModes.kind")],
        old: Some("read"), new: Some("write"),
    };
    function_kind_now_retried: Case {
        edits: &[(G, "  - name: setDTMF\n    kind: write\n", "  - name: setDTMF\n    kind: read\n")],
        expect: &[(Rule::FunctionKindNowRetried, "setDTMF.kind")],
        old: Some("write"), new: Some("read"),
    };
    function_kind_spend_to_read_is_now_retried: Case {
        edits: &[(M, "  - name: sendSMS\n    kind: spend\n", "  - name: sendSMS\n    kind: read\n")],
        expect: &[(Rule::FunctionKindNowRetried, "sendSMS.kind")],
        old: Some("spend"), new: Some("read"),
    };
    function_kind_relaxed: Case {
        edits: &[(M, "  - name: sendSMS\n    kind: spend\n", "  - name: sendSMS\n    kind: write\n")],
        expect: &[(Rule::FunctionKindRelaxed, "sendSMS.kind")],
        old: Some("spend"), new: Some("write"),
    };
    function_feature_changed: Case {
        edits: &[
            (G, "  - name: getDTMFModes\n    kind: read\n    summary: \"Lists the DTMF modes\"\n\n", ""),
            (M, "functions:\n", "functions:\n  - name: getDTMFModes\n    kind: read\n    summary: \"Lists the DTMF modes\"\n\n"),
        ],
        expect: &[(Rule::FunctionFeatureChanged, "getDTMFModes.feature")],
        old: Some("general"), new: Some("messaging"),
    };
    function_source_changed: Case {
        edits: &[(G, "  - name: getBalance\n    kind: read\n", "  - name: getBalance\n    kind: read\n    source: wsdl\n")],
        expect: &[(Rule::FunctionSourceChanged, "getBalance.source")],
        old: Some("both"), new: Some("wsdl"),
    };
    probe_plan_changed: Case {
        edits: &[(G, "          calls_total: \"integer\"\n", "          calls_total: \"integer\"\n    probe: {skip: \"slow\"}\n")],
        expect: &[(Rule::ProbePlanChanged, "getBalance.probe")],
        old: Some("called without parameters"), new: Some("skip: slow"),
    };
    function_doc_changed: Case {
        edits: &[(G, "Retrieves the balance", "Retrieves the account balance")],
        expect: &[(Rule::FunctionDocChanged, "getBalance.summary")],
        old: Some("Retrieves the balance"), new: Some("Retrieves the account balance"),
    };
    function_stub_flag_is_doc: Case {
        edits: &[(G, "  - name: rawCall\n    kind: write\n", "  - name: rawCall\n    kind: write\n    stub: true\n")],
        expect: &[(Rule::FunctionDocChanged, "rawCall.stub")],
        old: Some("false"), new: Some("true"),
    };
    request_params_form_changed: Case {
        edits: &[(G, "    params: undocumented\n", "")],
        expect: &[(Rule::RequestParamsFormChanged, "rawCall.params")],
        old: Some("undocumented (open parameter map)"), new: Some("0 documented parameter(s)"),
    };
    request_param_added_required: Case {
        edits: &[(G, "        doc: \"True for call statistics\"\n", "        doc: \"True for call statistics\"\n      - name: currency\n        type: \"string\"\n        required: true\n        doc: \"Currency\"\n")],
        expect: &[(Rule::RequestParamAddedRequired, "getBalance.params.currency")],
        old: None, new: Some("string, required"),
    };
    request_param_added_optional: Case {
        edits: &[(G, "        doc: \"True for call statistics\"\n", "        doc: \"True for call statistics\"\n      - name: currency\n        type: \"string\"\n        doc: \"Currency\"\n")],
        expect: &[(Rule::RequestParamAddedOptional, "getBalance.params.currency")],
        old: None, new: Some("string, optional"),
    };
    request_param_removed: Case {
        edits: &[(M, "      - name: media\n        type: \"list(string, \\\";\\\")\"\n        doc: \"Media URLs\"\n", "")],
        expect: &[(Rule::RequestParamRemoved, "sendSMS.params.media")],
        old: Some("list(string, \";\"), optional"), new: None,
    };
    deprecated_request_param_removed: Case {
        edits: &[(M, "      - name: old_filter\n        type: \"string\"\n        doc: \"A filter VoIP.ms is retiring\"\n        deprecated: true\n", "")],
        expect: &[(Rule::DeprecatedRequestParamRemoved, "getSMS.params.old_filter")],
        old: Some("string, optional"), new: None,
    };
    request_param_became_required: Case {
        edits: &[(M, "      - name: limit\n        type: \"integer\"\n", "      - name: limit\n        type: \"integer\"\n        required: true\n")],
        expect: &[(Rule::RequestParamBecameRequired, "getSMS.params.limit.required")],
        old: Some("optional"), new: Some("required"),
    };
    request_param_became_optional: Case {
        edits: &[(M, "      - name: dst\n        type: \"phone\"\n        required: true\n", "      - name: dst\n        type: \"phone\"\n")],
        expect: &[(Rule::RequestParamBecameOptional, "sendSMS.params.dst.required")],
        old: Some("required"), new: Some("optional"),
    };
    request_param_type_changed: Case {
        edits: &[(M, "      - name: limit\n        type: \"integer\"\n", "      - name: limit\n        type: \"decimal\"\n")],
        expect: &[(Rule::RequestParamTypeChanged, "getSMS.params.limit.type")],
        old: Some("integer"), new: Some("decimal"),
    };
    request_param_wire_form_changed: Case {
        edits: &[(M, "type: \"bool(1/0)\"", "type: \"bool(yes/no)\"")],
        expect: &[(Rule::RequestParamWireFormChanged, "getSMS.params.all_messages.type")],
        old: Some("bool(1/0)"), new: Some("bool(yes/no)"),
    };
    request_param_list_separator_is_wire_form: Case {
        edits: &[(M, "type: \"list(string, \\\";\\\")\"", "type: \"list(string, \\\",\\\")\"")],
        expect: &[(Rule::RequestParamWireFormChanged, "sendSMS.params.media.type")],
        old: Some("list(string, \";\")"), new: Some("list(string, \",\")"),
    };
    request_required_params_reordered: Case {
        edits: &[(M,
            "      - name: did\n        type: \"phone\"\n        required: true\n        doc: \"DID sending the message\"\n        example: \"5551234567\"\n      - name: dst\n        type: \"phone\"\n        required: true\n        doc: \"Destination number\"\n",
            "      - name: dst\n        type: \"phone\"\n        required: true\n        doc: \"Destination number\"\n      - name: did\n        type: \"phone\"\n        required: true\n        doc: \"DID sending the message\"\n        example: \"5551234567\"\n")],
        expect: &[(Rule::RequestRequiredParamsReordered, "sendSMS.params")],
        old: Some("did, dst, message"), new: Some("dst, did, message"),
    };
    request_param_constraint_tightened: Case {
        edits: &[(M, "max_length: 160", "max_length: 140")],
        expect: &[(Rule::RequestParamConstraintTightened, "sendSMS.params.message.max_length")],
        old: Some("160"), new: Some("140"),
    };
    request_param_constraint_relaxed: Case {
        edits: &[(M, "        max: 1000\n", "        max: 5000\n")],
        expect: &[(Rule::RequestParamConstraintRelaxed, "getSMS.params.limit.max")],
        old: Some("1000"), new: Some("5000"),
    };
    request_param_min_raised_is_tightened: Case {
        edits: &[(M, "        min: 1\n", "        min: 10\n")],
        expect: &[(Rule::RequestParamConstraintTightened, "getSMS.params.limit.min")],
        old: Some("1"), new: Some("10"),
    };
    request_date_range_tightened: Case {
        edits: &[(M, "max_days: 92", "max_days: 31")],
        expect: &[(Rule::RequestParamConstraintTightened, "getSMS.date_range")],
        old: Some("from..to, at most 92 days"), new: Some("from..to, at most 31 days"),
    };
    request_date_range_removed_is_relaxed: Case {
        edits: &[(M, "    date_range: {from: from, to: to, max_days: 92, records: sms}\n", "")],
        expect: &[(Rule::RequestParamConstraintRelaxed, "getSMS.date_range")],
        old: Some("from..to, at most 92 days"), new: Some("none"),
    };
    request_param_alias_added: Case {
        edits: &[(M, "aliases: [zip]", "aliases: [zip, postal]")],
        expect: &[(Rule::RequestParamAliasAdded, "getSMS.params.zip_code.aliases")],
        old: Some("zip"), new: Some("zip, postal"),
    };
    request_param_alias_removed: Case {
        edits: &[(M, "        aliases: [zip]\n", "")],
        expect: &[(Rule::RequestParamAliasRemoved, "getSMS.params.zip_code.aliases")],
        old: Some("zip"), new: Some(""),
    };
    request_param_deprecation_changed: Case {
        edits: &[(M, "        deprecated: true\n", "")],
        expect: &[(Rule::RequestParamDeprecationChanged, "getSMS.params.old_filter.deprecated")],
        old: Some("true"), new: Some("false"),
    };
    request_param_doc_changed: Case {
        edits: &[(M, "Destination number", "Destination phone number")],
        expect: &[(Rule::RequestParamDocChanged, "sendSMS.params.dst.doc")],
        old: Some("Destination number"), new: Some("Destination phone number"),
    };
    request_param_values_from_is_doc: Case {
        edits: &[(G, "        values_from: getDTMFModes\n", "")],
        expect: &[(Rule::RequestParamDocChanged, "setDTMF.params.mode.values_from")],
        old: Some("getDTMFModes"), new: Some("none"),
    };
    request_param_example_changed: Case {
        edits: &[(M, "example: \"5551234567\"", "example: \"5557654321\"")],
        expect: &[(Rule::RequestParamExampleChanged, "sendSMS.params.did.example")],
        old: Some("5551234567"), new: Some("5557654321"),
    };
    response_became_typed: Case {
        edits: &[(G, "    summary: \"Lists the DTMF modes\"\n", "    summary: \"Lists the DTMF modes\"\n    response:\n      modes:\n        list_of: \"enum(DtmfMode)\"\n")],
        expect: &[(Rule::ResponseBecameTyped, "getDTMFModes.response")],
        old: Some("undocumented (RawResponse)"), new: Some("1 documented field(s)"),
    };
    response_became_untyped: Case {
        edits: &[(M, "    response:\n      sms: {type: \"id\", example: \"23434\"}\n", "")],
        expect: &[(Rule::ResponseBecameUntyped, "sendSMS.response")],
        old: Some("1 documented field(s)"), new: Some("undocumented (RawResponse)"),
    };
    response_field_added: Case {
        edits: &[(G, "          calls_total: \"integer\"\n", "          calls_total: \"integer\"\n          spent_total: \"decimal\"\n")],
        expect: &[(Rule::ResponseFieldAdded, "getBalance.response.balance.spent_total")],
        old: None, new: Some("decimal"),
    };
    response_field_removed: Case {
        edits: &[(G, "          calls_total: \"integer\"\n", "")],
        expect: &[(Rule::ResponseFieldRemoved, "getBalance.response.balance.calls_total")],
        old: Some("integer"), new: None,
    };
    response_field_type_changed: Case {
        edits: &[(G, "calls_total: \"integer\"", "calls_total: \"decimal\"")],
        expect: &[(Rule::ResponseFieldTypeChanged, "getBalance.response.balance.calls_total")],
        old: Some("integer"), new: Some("decimal"),
    };
    response_shape_changed_is_type_changed: Case {
        edits: &[(G, "      balance:\n        object:\n          current_balance: {type: \"decimal\", example: \"112.19\"}\n          calls_total: \"integer\"\n", "      balance: \"decimal\"\n")],
        expect: &[(Rule::ResponseFieldTypeChanged, "getBalance.response.balance")],
        old: Some("object"), new: Some("decimal"),
    };
    response_field_wire_form_changed: Case {
        edits: &[(M, "sms: {type: \"id\", example: \"23434\"}", "sms: {type: \"phone\", example: \"23434\"}")],
        expect: &[(Rule::ResponseFieldWireFormChanged, "sendSMS.response.sms")],
        old: Some("id"), new: Some("phone"),
    };
    response_list_item_field_retyped: Case {
        edits: &[(M, "          contact: \"phone\"\n", "          contact: \"integer\"\n")],
        expect: &[(Rule::ResponseFieldTypeChanged, "getSMS.response.sms.contact")],
        old: Some("phone"), new: Some("integer"),
    };
    response_field_example_changed: Case {
        edits: &[(M, "example: \"23434\"", "example: \"99999\"")],
        expect: &[(Rule::ResponseFieldExampleChanged, "sendSMS.response.sms.example")],
        old: Some("23434"), new: Some("99999"),
    };
    value_set_added: Case {
        edits: &[(T, "      - \"b\"\n", "      - \"b\"\n  Color:\n    doc: \"Colors\"\n    values:\n      - \"red\"\n")],
        expect: &[(Rule::ValueSetAdded, "value_sets.Color")],
        old: None, new: Some("red"),
    };
    value_set_removed: Case {
        edits: &[(T, "  LegacyMode:\n    doc: \"Not used by any function.\"\n    values:\n      - \"a\"\n      - \"b\"\n", "")],
        expect: &[(Rule::ValueSetRemoved, "value_sets.LegacyMode")],
        old: Some("a, b"), new: None,
    };
    request_enum_value_added: Case {
        edits: &[(T, "      - \"rfc2833\"\n", "      - \"rfc2833\"\n      - \"info\"\n")],
        expect: &[(Rule::RequestEnumValueAdded, "value_sets.DtmfMode.values.info")],
        old: None, new: Some("\"info\" (Info)"),
    };
    response_enum_value_added: Case {
        edits: &[(T, "      - \"failed\"\n", "      - \"failed\"\n      - \"queued\"\n")],
        expect: &[(Rule::ResponseEnumValueAdded, "value_sets.SmsStatus.values.queued")],
        old: None, new: Some("\"queued\" (Queued)"),
    };
    request_enum_value_removed: Case {
        edits: &[(T, "      - \"rfc2833\"\n", "")],
        expect: &[(Rule::RequestEnumValueRemoved, "value_sets.DtmfMode.values.rfc2833")],
        old: Some("\"rfc2833\" (Rfc2833)"), new: None,
    };
    response_enum_value_removed: Case {
        edits: &[(T, "      - \"failed\"\n", "")],
        expect: &[(Rule::ResponseEnumValueRemoved, "value_sets.SmsStatus.values.failed")],
        old: Some("\"failed\" (Failed)"), new: None,
    };
    enum_variant_renamed: Case {
        edits: &[(T, "name: Inband", "name: InBand")],
        expect: &[(Rule::EnumVariantRenamed, "value_sets.DtmfMode.values.inband.name")],
        old: Some("DtmfMode::Inband"), new: Some("DtmfMode::InBand"),
    };
    value_set_doc_changed: Case {
        edits: &[(T, "DTMF transport mode.", "How DTMF tones travel.")],
        expect: &[(Rule::ValueSetDocChanged, "value_sets.DtmfMode.doc")],
        old: Some("DTMF transport mode."), new: Some("How DTMF tones travel."),
    };
    value_doc_changed: Case {
        edits: &[(T, "doc: \"In the audio\"", "doc: \"In-band, in the audio\"")],
        expect: &[(Rule::ValueSetDocChanged, "value_sets.DtmfMode.values.inband.doc")],
        old: Some("In the audio"), new: Some("In-band, in the audio"),
    };
    error_code_added: Case {
        edits: &[(E, "errors:\n", "errors:\n  - code: invalid_dst\n    description: \"This is not a valid destination\"\n")],
        expect: &[(Rule::ErrorCodeAdded, "errors.invalid_dst")],
        old: None, new: Some("This is not a valid destination"),
    };
    error_code_removed: Case {
        edits: &[(E, "  - code: invalid_did\n    description: \"This is not a valid DID\"\n", "")],
        expect: &[(Rule::ErrorCodeRemoved, "errors.invalid_did")],
        old: Some("This is not a valid DID"), new: None,
    };
    error_empty_list_changed: Case {
        edits: &[(E, "    empty_list: true\n", "")],
        expect: &[(Rule::ErrorEmptyListChanged, "errors.no_sms.empty_list")],
        old: Some("true"), new: Some("false"),
    };
    error_retryable_changed: Case {
        edits: &[(E, "    retryable: true\n", "")],
        expect: &[(Rule::ErrorRetryableChanged, "errors.api_limit_exceeded.retryable")],
        old: Some("true"), new: Some("false"),
    };
    error_description_changed: Case {
        edits: &[(E, "This is not a valid DID", "Not a valid DID")],
        expect: &[(Rule::ErrorDescriptionChanged, "errors.invalid_did.description")],
        old: Some("This is not a valid DID"), new: Some("Not a valid DID"),
    };
    callback_added: Case {
        edits: &[(C, "  - name: sms_webhook\n", "  - name: fax_url_callback\n    event: FaxCallback\n    summary: \"POST per fax\"\n    method: POST\n    body: raw\n\n  - name: sms_webhook\n")],
        expect: &[(Rule::CallbackAdded, "callbacks.fax_url_callback")],
        old: None, new: Some("POST raw, event FaxCallback"),
    };
    callback_removed: Case {
        edits: &[(C, "  - name: sms_webhook\n    event: SmsWebhook\n    summary: \"POST of a JSON body per inbound message\"\n    method: POST\n    body: json\n    fields:\n      - name: to\n        type: \"phone\"\n        source: observed\n        path: \"data.payload.to[].phone_number\"\n        doc: \"The receivers.\"\n", "")],
        expect: &[(Rule::CallbackRemoved, "callbacks.sms_webhook")],
        old: Some("POST json, event SmsWebhook"), new: None,
    };
    callback_wire_changed: Case {
        edits: &[(C, "        param: from\n", "        param: sender\n")],
        expect: &[(Rule::CallbackWireChanged, "callbacks.sms_url_callback.fields.from.param")],
        old: Some("from"), new: Some("sender"),
    };
    callback_field_added: Case {
        edits: &[(C, "  - name: sms_webhook\n", "      - name: message\n        type: \"string\"\n        source: documented\n        placeholder: \"{MESSAGE}\"\n        param: message\n\n  - name: sms_webhook\n")],
        expect: &[(Rule::CallbackFieldAdded, "callbacks.sms_url_callback.fields.message")],
        old: None, new: Some("string, required: false"),
    };
    callback_field_removed: Case {
        edits: &[(C, "      - name: id\n        type: \"id\"\n        source: observed\n        placeholder: \"{ID}\"\n        param: id\n        doc: \"The message id.\"\n", "")],
        expect: &[(Rule::CallbackFieldRemoved, "callbacks.sms_url_callback.fields.id")],
        old: Some("id, required: false"), new: None,
    };
    callback_field_type_changed: Case {
        edits: &[(C, "        path: \"data.payload.to[].phone_number\"\n", "        path: \"data.payload.to.phone_number\"\n")],
        expect: &[(Rule::CallbackFieldTypeChanged, "callbacks.sms_webhook.fields.to.type")],
        old: Some("list of phone"), new: Some("phone, required: false"),
    };
    callback_doc_changed: Case {
        edits: &[(C, "        source: observed\n        placeholder: \"{ID}\"\n", "        source: documented\n        placeholder: \"{ID}\"\n")],
        expect: &[(Rule::CallbackDocChanged, "callbacks.sms_url_callback.fields.id.source")],
        old: Some("observed"), new: Some("documented"),
    };
}

#[test]
fn every_rule_has_a_case() {
    // `unclassified-change` is the safety net for model fields newer than the diff: every field
    // of today's model has a rule, so no edit can trigger it (its probes are exercised by every
    // case above, which must not report it).
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| **r != Rule::UnclassifiedChange)
        .filter(|r| !ALL_CASES.iter().any(|c| c.expect[0].0 == **r))
        .map(|r| r.id())
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

#[test]
fn an_unchanged_spec_has_no_findings() {
    let d = diff_of(&[]);
    assert!(d.findings.is_empty());
    assert!(d.api.is_empty());
    assert_eq!(d.bump(), Bump::None);
    assert_eq!(
        d.verdict(),
        "no change: 0 breaking, 0 warnings, 0 info -> no bump"
    );
    assert!(!d.fails(Some(Level::Info)));
}

#[test]
fn the_real_spec_has_no_change_against_itself() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let s = spec::load_dir(dir.as_ref()).unwrap_or_else(|d| panic!("{d}"));
    let d = diff::diff(&s, &s);
    assert!(d.findings.is_empty() && d.api.is_empty());
}

fn messages(d: &Diff) -> Vec<(Rule, &str, &str)> {
    d.findings
        .iter()
        .map(|f| (f.rule, f.path.as_str(), f.message.as_str()))
        .collect()
}

#[test]
fn renamed_parameter_is_a_removal_and_an_addition_with_a_hint() {
    let d = diff_of(&[(M, "      - name: dst\n", "      - name: destination\n")]);
    assert_eq!(
        messages(&d),
        vec![
            (
                Rule::RequestParamAddedRequired,
                "sendSMS.params.destination",
                "required parameter added (possibly renamed from `dst`)"
            ),
            (
                Rule::RequestParamRemoved,
                "sendSMS.params.dst",
                "parameter removed (possibly renamed to `destination`)"
            ),
        ]
    );
}

#[test]
fn parameters_of_another_type_are_not_paired() {
    let d = diff_of(&[(
        M,
        "      - name: dst\n        type: \"phone\"\n",
        "      - name: destination\n        type: \"string\"\n",
    )]);
    assert!(d.findings.iter().all(|f| !f.message.contains("renamed")));
}

#[test]
fn renamed_function_field_code_set_and_value_get_hints() {
    let d = diff_of(&[
        (G, "  - name: oldCall\n", "  - name: legacyCall\n"),
        (G, "calls_total:", "call_count:"),
        (E, "code: invalid_did", "code: bad_did"),
        (T, "  LegacyMode:\n", "  OldMode:\n"),
        (T, "      - \"rfc2833\"\n", "      - \"rfc4733\"\n"),
    ]);
    let hints: Vec<(&str, &str)> = d
        .findings
        .iter()
        .map(|f| (f.path.as_str(), f.message.as_str()))
        .collect();
    for want in [
        (
            "oldCall",
            "function removed (possibly renamed to `legacyCall`)",
        ),
        (
            "legacyCall",
            "function added (possibly renamed from `oldCall`)",
        ),
        (
            "getBalance.response.balance.calls_total",
            "field removed (possibly renamed to `call_count`)",
        ),
        (
            "getBalance.response.balance.call_count",
            "field added (possibly renamed from `calls_total`)",
        ),
        (
            "errors.invalid_did",
            "status code removed (possibly renamed to `bad_did`)",
        ),
        (
            "errors.bad_did",
            "status code added (possibly renamed from `invalid_did`)",
        ),
        (
            "value_sets.LegacyMode",
            "value set removed (possibly renamed to `OldMode`)",
        ),
        (
            "value_sets.OldMode",
            "value set added (possibly renamed from `LegacyMode`)",
        ),
        (
            "value_sets.DtmfMode.values.rfc2833",
            "value removed (possibly renamed to `rfc4733`)",
        ),
        (
            "value_sets.DtmfMode.values.rfc4733",
            "value added (possibly renamed from `rfc2833`)",
        ),
    ] {
        assert!(hints.contains(&want), "missing {want:?} in {hints:#?}");
    }
    // The deprecated function's removal stays info even when renamed.
    assert!(
        d.findings
            .iter()
            .any(|f| f.rule == Rule::DeprecatedFunctionRemoved && f.path == "oldCall")
    );
}

#[test]
fn a_removed_function_reports_no_parameter_or_field_findings() {
    let d = diff_of(&[(M, "  - name: sendSMS\n", "  - name: sendSMSv2\n")]);
    let rules: Vec<Rule> = d.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, vec![Rule::FunctionRemoved, Rule::FunctionAdded]);
    assert!(
        d.findings[0]
            .message
            .contains("possibly renamed to `sendSMSv2`")
    );
}

fn api(d: &Diff) -> Vec<(Change, &str, Option<&str>, Option<&str>)> {
    d.api
        .iter()
        .map(|a| {
            (
                a.change,
                a.item.as_str(),
                a.old.as_deref(),
                a.new.as_deref(),
            )
        })
        .collect()
}

#[test]
fn a_parameter_becoming_optional_changes_the_constructor_and_calls_for_a_minor_bump() {
    let d = diff_of(&[(
        M,
        "      - name: dst\n        type: \"phone\"\n        required: true\n",
        "      - name: dst\n        type: \"phone\"\n",
    )]);
    assert_eq!(
        api(&d),
        vec![
            (
                Change::Changed,
                "SendSms.dst",
                Some("field SendSms.dst: String"),
                Some("field SendSms.dst: Option<String>"),
            ),
            (
                Change::Changed,
                "SendSms::new",
                Some(
                    "fn SendSms::new(SendSmsArgs { did: impl Into<String>, dst: impl Into<String>, message: impl Into<String> }) -> SendSms"
                ),
                Some(
                    "fn SendSms::new(SendSmsArgs { did: impl Into<String>, message: impl Into<String> }) -> SendSms"
                ),
            ),
            (
                Change::Added,
                "SendSms::dst",
                None,
                Some("fn SendSms::dst(self, impl Into<String>) -> Self"),
            ),
        ]
    );
    assert_eq!(d.bump(), Bump::Minor);
    assert_eq!(d.verdict(), "0 breaking, 0 warnings, 1 info -> minor bump");
    assert!(!d.fails(Some(Level::Breaking)));
    assert!(d.fails(Some(Level::Info)));
}

#[test]
fn a_constructor_left_with_no_swappable_arguments_takes_them_in_order_again() {
    // `dst` and `message` become optional: only `did` is left, so `new` is positional and
    // `SendSmsArgs` goes away (code naming it stops compiling).
    let d = diff_of(&[
        (
            M,
            "      - name: dst\n        type: \"phone\"\n        required: true\n",
            "      - name: dst\n        type: \"phone\"\n",
        ),
        (
            M,
            "      - name: message\n        type: \"string\"\n        required: true\n",
            "      - name: message\n        type: \"string\"\n",
        ),
    ]);
    let api = api(&d);
    assert!(
        api.contains(&(
            Change::Removed,
            "SendSmsArgs",
            Some("struct SendSmsArgs; feature \"messaging\""),
            None,
        )),
        "{api:?}"
    );
    assert!(
        api.contains(&(
            Change::Changed,
            "SendSms::new",
            Some(
                "fn SendSms::new(SendSmsArgs { did: impl Into<String>, dst: impl Into<String>, message: impl Into<String> }) -> SendSms"
            ),
            Some("fn SendSms::new(did: impl Into<String>) -> SendSms"),
        )),
        "{api:?}"
    );
}

#[test]
fn documentation_changes_call_for_a_patch() {
    let d = diff_of(&[(M, "Destination number", "Destination phone number")]);
    assert!(d.api.is_empty());
    assert_eq!(d.bump(), Bump::Patch);
    assert_eq!(d.verdict(), "0 breaking, 0 warnings, 1 info -> patch bump");
}

#[test]
fn a_response_value_added_is_a_warning_and_adds_a_variant() {
    let d = diff_of(&[(
        T,
        "      - \"failed\"\n",
        "      - \"failed\"\n      - \"queued\"\n",
    )]);
    assert_eq!(
        api(&d),
        vec![(
            Change::Added,
            "SmsStatus::Queued",
            None,
            Some("variant SmsStatus::Queued")
        )]
    );
    assert_eq!(d.verdict(), "0 breaking, 1 warning, 0 info -> patch bump");
    assert!(d.fails(Some(Level::Warning)));
    assert!(!d.fails(Some(Level::Breaking)));
    assert!(!d.fails(None));
}

#[test]
fn crate_items_follow_the_generator_names() {
    let d = diff_of(&[
        (
            G,
            "  - name: getDTMFModes\n    kind: read\n    summary: \"Lists the DTMF modes\"\n\n",
            "",
        ),
        (
            E,
            "errors:\n",
            "errors:\n  - code: invalid_dst\n    description: \"Bad destination\"\n",
        ),
        (
            G,
            "          calls_total: \"integer\"\n",
            "          calls_total: \"integer\"\n          type: \"string\"\n",
        ),
        (G, "        values_from: getDTMFModes\n", ""),
    ]);
    let items: Vec<(Change, &str)> = d.api.iter().map(|a| (a.change, a.item.as_str())).collect();
    assert_eq!(
        items,
        vec![
            (Change::Removed, "Client::get_dtmf_modes"),
            (Change::Removed, "GetDtmfModes"),
            (Change::Removed, "GetDtmfModes::new"),
            (Change::Added, "ErrorCode::InvalidDst"),
            (Change::Added, "get_balance::Balance.type_"),
        ]
    );
    assert_eq!(
        d.api[0].old.as_deref(),
        Some("fn Client::get_dtmf_modes(&self, GetDtmfModes) -> RawResponse; feature \"general\"")
    );
}

#[test]
fn a_feature_move_changes_the_method_and_its_types() {
    let d = diff_of(&[
        (
            G,
            "  - name: getDTMFModes\n    kind: read\n    summary: \"Lists the DTMF modes\"\n\n",
            "",
        ),
        (
            M,
            "functions:\n",
            "functions:\n  - name: getDTMFModes\n    kind: read\n    summary: \"Lists the DTMF modes\"\n\n",
        ),
    ]);
    let items: Vec<(Change, &str)> = d.api.iter().map(|a| (a.change, a.item.as_str())).collect();
    assert_eq!(
        items,
        vec![
            (Change::Changed, "Client::get_dtmf_modes"),
            (Change::Changed, "GetDtmfModes"),
        ]
    );
}

#[test]
fn ignored_findings_do_not_count_or_fail_but_still_bump() {
    let mut d = diff_of(&[
        (M, "        max_length: 160\n", ""),
        (G, "          calls_total: \"integer\"\n", ""),
    ]);
    let list = IgnoreList::parse(
        "# accepted\nresponse-field-removed getBalance.response.*  # gone upstream\nfunction-removed nothing  # stale\n",
    )
    .expect("valid ignore file");
    let stale = d.apply_ignores(&list);
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].line, 3);
    let counts = d.counts();
    assert_eq!((counts.breaking, counts.info, counts.ignored), (0, 1, 1));
    assert_eq!(
        d.findings
            .iter()
            .find(|f| f.rule == Rule::ResponseFieldRemoved)
            .and_then(|f| f.ignored.as_deref()),
        Some("gone upstream")
    );
    assert!(!d.fails(Some(Level::Breaking)));
    assert!(d.fails(Some(Level::Info)));
    assert_eq!(d.bump(), Bump::Minor);
    assert_eq!(
        d.verdict(),
        "0 breaking, 0 warnings, 1 info (1 ignored) -> minor bump"
    );
}

#[test]
fn findings_are_located_in_the_new_files() {
    let files = edited(&[
        (M, "type: \"bool(1/0)\"", "type: \"bool(yes/no)\""),
        (
            M,
            "      - name: media\n        type: \"list(string, \\\";\\\")\"\n        doc: \"Media URLs\"\n",
            "",
        ),
        (
            E,
            "  - code: invalid_did\n    description: \"This is not a valid DID\"\n",
            "",
        ),
    ]);
    let mut d = diff::diff(&load(&base_files()), &load(&files));
    d.locate(&files, "spec");
    let at = |rule: Rule| {
        d.findings
            .iter()
            .find(|f| f.rule == rule)
            .and_then(|f| f.location.as_ref())
            .map(|l| (l.file.as_str(), l.line))
    };
    let text = &files.iter().find(|(p, _)| p == M).expect("messaging").1;
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    assert_eq!(
        at(Rule::RequestParamWireFormChanged),
        Some(("spec/functions/messaging.yaml", line_of("bool(yes/no)")))
    );
    // A removed parameter points at its function's parameter list.
    assert_eq!(
        at(Rule::RequestParamRemoved),
        Some(("spec/functions/messaging.yaml", Some(7)))
    );
    assert_eq!(
        at(Rule::ErrorCodeRemoved),
        Some(("spec/errors.yaml", Some(1)))
    );
}

#[test]
fn findings_are_ordered_by_level_then_path() {
    let d = diff_of(&[
        (E, "This is not a valid DID", "Not a valid DID"),
        (
            T,
            "      - \"failed\"\n",
            "      - \"failed\"\n      - \"queued\"\n",
        ),
        (M, "        max_length: 160\n", "        max_length: 100\n"),
        (G, "          calls_total: \"integer\"\n", ""),
    ]);
    let order: Vec<(Level, &str)> = d
        .findings
        .iter()
        .map(|f| (f.level(), f.path.as_str()))
        .collect();
    assert_eq!(
        order,
        vec![
            (Level::Breaking, "getBalance.response.balance.calls_total"),
            (Level::Warning, "sendSMS.params.message.max_length"),
            (Level::Warning, "value_sets.SmsStatus.values.queued"),
            (Level::Info, "errors.invalid_did.description"),
        ]
    );
}

#[test]
fn the_catalogue_table_lists_every_rule() {
    let table = Rule::catalogue_markdown();
    for r in Rule::ALL {
        assert!(table.contains(&format!(
            "| `{}` | {} | {} |",
            r.id(),
            r.level(),
            r.direction()
        )));
    }
}

#[test]
fn a_category_file_renamed_without_its_feature_is_refused() {
    // The generated module list is made from the file names alone, so a file must be named
    // after its feature: renaming one is renaming the module (an API change), not a move.
    let mut files = base_files();
    for (path, _) in &mut files {
        if path == G {
            *path = "functions/common.yaml".into();
        }
    }
    let err = spec::load_files(&files).expect_err("a file not named after its feature");
    assert!(err.to_string().contains("must be the file's name"), "{err}");
}

/// The catalogue in the documentation (between `<!-- spec-diff rules -->` markers, in
/// `docs/spec-diff.md` or wherever it moved in the README) matches the code.
#[test]
fn the_documented_catalogue_is_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (open, close) = ("<!-- spec-diff rules -->\n", "<!-- /spec-diff rules -->");
    let mut found = 0;
    for file in ["docs/spec-diff.md", "README.md"] {
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        let Some(start) = text.find(open) else {
            continue;
        };
        let body = &text[start + open.len()..];
        let end = body.find(close).expect("closing marker");
        assert_eq!(
            &body[..end],
            Rule::catalogue_markdown(),
            "{file}: regenerate the table with `cargo xtask spec diff --rules`"
        );
        found += 1;
    }
    assert!(found > 0, "no documented rule catalogue");
}

#[test]
fn a_status_only_response_is_an_alias_and_its_first_field_makes_it_a_struct() {
    // sendSMS answering `status` alone: its response is the shared `Acknowledgement`.
    let to_status_only = diff_of(&[(
        M,
        "    response:\n      sms: {type: \"id\", example: \"23434\"}\n",
        "    response: {}\n",
    )]);
    let changes = api(&to_status_only);
    assert!(
        changes.contains(&(
            Change::Changed,
            "SendSmsResponse",
            Some("struct SendSmsResponse; feature \"messaging\""),
            Some("type SendSmsResponse = Acknowledgement; feature \"messaging\""),
        )),
        "{changes:?}"
    );
    assert!(
        changes.contains(&(
            Change::Removed,
            "SendSmsResponse.sms",
            Some("field SendSmsResponse.sms: Option<String>"),
            None,
        )),
        "{changes:?}"
    );
    assert_eq!(to_status_only.bump(), Bump::Minor);

    // And back: the alias becomes a struct of its own, which code that used it as the shared
    // type may not compile against.
    let from_status_only = diff::diff(
        &load(&edited(&[(
            M,
            "    response:\n      sms: {type: \"id\", example: \"23434\"}\n",
            "    response: {}\n",
        )])),
        &load(&base_files()),
    );
    let changes = api(&from_status_only);
    assert!(
        changes.contains(&(
            Change::Changed,
            "SendSmsResponse",
            Some("type SendSmsResponse = Acknowledgement; feature \"messaging\""),
            Some("struct SendSmsResponse; feature \"messaging\""),
        )),
        "{changes:?}"
    );
    assert_eq!(from_status_only.bump(), Bump::Minor);
}
