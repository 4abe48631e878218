//! `voipms_codegen::wsdl`: reading WSDLs (and refusing what is not one), the drift report, and imports
//! that only insert lines. Fixtures are in `tests/fixtures/wsdl/` (see its README).

use std::path::{Path, PathBuf};

use voipms_codegen::spec::{self, Kind, Spec, Type};
use voipms_codegen::wsdl::{self, WsdlError, XsdType};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wsdl")
}

fn fixture_spec() -> Spec {
    spec::load_dir(&fixtures().join("spec")).unwrap_or_else(|d| panic!("{d}"))
}

fn fixture(name: &str) -> wsdl::Wsdl {
    wsdl::read(&fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A minimal WSDL with these operations, in the official WSDL's rpc/encoded layout.
fn build_wsdl(ops: &[(&str, &[(&str, &str)])]) -> String {
    let mut types = String::new();
    let mut messages = String::new();
    let mut port = String::new();
    for (name, params) in ops {
        types.push_str(&format!(
            "<xsd:complexType name=\"{name}Input\"><xsd:sequence>\
             <xsd:element name=\"api_username\" type=\"xsd:string\"/>\
             <xsd:element name=\"api_password\" type=\"xsd:string\"/>"
        ));
        for (p, t) in *params {
            types.push_str(&format!("<xsd:element name=\"{p}\" type=\"{t}\"/>"));
        }
        types.push_str("</xsd:sequence></xsd:complexType>\n");
        messages.push_str(&format!(
            "<message name=\"{name}Request\"><part name=\"params\" type=\"xsd1:{name}Input\"/></message>\n"
        ));
        port.push_str(&format!(
            "<operation name=\"{name}\"><input message=\"tns:{name}Request\"/></operation>\n"
        ));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:tns=\"urn:t\" xmlns:xsd1=\"urn:s\">\n\
         <types><xsd:schema targetNamespace=\"urn:s\">\n{types}</xsd:schema></types>\n{messages}\
         <portType name=\"P\">\n{port}</portType>\n</definitions>\n"
    )
}

/// The fixture spec's operations as `in_step.wsdl` has them.
const IN_STEP: &[(&str, &[(&str, &str)])] = &[
    ("getBalance", &[("advanced", "xsd:boolean")]),
    ("getServersInfo", &[]),
    (
        "getDIDsInfo",
        &[("client", "xsd:integer"), ("did", "xsd:integer")],
    ),
    (
        "sendSMS",
        &[
            ("did", "xsd:integer"),
            ("dst", "xsd:integer"),
            ("message", "xsd:string"),
        ],
    ),
    (
        "setDIDInfo",
        &[("did", "xsd:integer"), ("dtmf_mode", "xsd:string")],
    ),
    (
        "e911Update",
        &[("did", "xsd:integer"), ("zip", "xsd:string")],
    ),
];

fn with_ops(extra: &[(&'static str, &'static [(&'static str, &'static str)])]) -> wsdl::Wsdl {
    let mut ops: Vec<(&str, &[(&str, &str)])> = IN_STEP.to_vec();
    for (name, params) in extra {
        match ops.iter_mut().find(|(n, _)| n == name) {
            Some(op) => op.1 = params,
            None => ops.push((name, params)),
        }
    }
    wsdl::parse(&build_wsdl(&ops)).unwrap_or_else(|e| panic!("{e}"))
}

/// A copy of the fixture spec in a temporary directory.
fn spec_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("spec"), tmp.path());
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The lines of `after` that are not in `before`, given that `before`'s lines appear in `after`
/// in order (an insert-only edit). Panics when a line of `before` is missing.
fn inserted_lines(before: &str, after: &str) -> Vec<String> {
    let mut old = before.split('\n').peekable();
    let mut inserted = Vec::new();
    for line in after.split('\n') {
        if old.peek() == Some(&line) {
            old.next();
        } else {
            inserted.push(line.to_string());
        }
    }
    let left: Vec<&str> = old.collect();
    assert!(left.is_empty(), "lines of the original are gone: {left:?}");
    inserted
}

#[test]
fn the_committed_spec_is_in_step_with_the_reference_wsdl() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join("../shared/reference/server.wsdl");
    if !path.is_file() {
        eprintln!(
            "skipped: {} is absent, nothing to check the spec against",
            path.display()
        );
        return;
    }
    let w = wsdl::read(&path).unwrap_or_else(|e| panic!("{e}"));
    let spec = spec::load_dir(&root.join("spec")).unwrap_or_else(|d| panic!("{d}"));
    let report = wsdl::check(&spec, &w);
    assert!(report.in_step(), "{}", report.render(true));
    assert_eq!(report.operations, 222);
    let expected: Vec<&str> = report
        .absent
        .iter()
        .filter(|a| a.expected())
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(expected.len(), 4, "{expected:?}");
    // The aliases are what keep these in step.
    assert!(
        !report
            .params
            .iter()
            .any(|p| p.function == "e911Provision" && !p.added.is_empty())
    );
}

#[test]
fn the_fixture_spec_is_in_step_with_in_step_wsdl() {
    let report = wsdl::check(&fixture_spec(), &fixture("in_step.wsdl"));
    expect_test::expect![[r#"
        WSDL: 6 operations; spec: 7 functions (1 documentation-only)

        spec functions the WSDL lacks (1):
            getSequences (functions/general.yaml): documentation-only, expected

        spec parameters the WSDL lacks: 1 in 1 function (documentation-only, expected):
            setDIDInfo: note

        in step with the WSDL
    "#]]
    .assert_eq(&report.render(true));
    assert!(report.in_step());
}

#[test]
fn drift_wsdl_reports_the_new_operation_and_the_new_parameter() {
    let report = wsdl::check(&fixture_spec(), &fixture("drift.wsdl"));
    expect_test::expect![[r#"
        WSDL: 7 operations; spec: 7 functions (1 documentation-only)

        operations missing from the spec (1):
          + getDIDsSpamScore(did xsd:integer, detailed xsd:boolean, threshold xsd:decimal, label xsd:string)
              `wsdl import` files it in functions/dids.yaml (like getDIDsInfo, setDIDInfo: family `did`)

        spec functions the WSDL lacks (1):
            getSequences (functions/general.yaml): documentation-only, expected

        parameters:
          sendSMS (functions/dids.yaml):
            + priority xsd:integer: in the WSDL, not in the spec

        spec parameters the WSDL lacks: 1 in 1 function (documentation-only, expected); --verbose lists them

        drift: 1 operation missing from the spec, 1 parameter added (`cargo xtask wsdl import` adds what is missing; it never deletes)
    "#]]
    .assert_eq(&report.render(false));
    assert!(!report.in_step());
}

#[test]
fn every_kind_of_drift_is_reported() {
    // getSequences is now in the WSDL; setDIDInfo lost dtmf_mode (documentation-only from now
    // on, not drift: the spec cannot tell); e911Update is gone; a type worth a look.
    let w = with_ops(&[
        ("getSequences", &[("sequence", "xsd:integer")]),
        ("setDIDInfo", &[("did", "xsd:boolean")]),
    ]);
    let w = wsdl::Wsdl {
        operations: w
            .operations
            .into_iter()
            .filter(|o| o.name != "e911Update")
            .collect(),
    };
    let report = wsdl::check(&fixture_spec(), &w);
    expect_test::expect![[r#"
        WSDL: 6 operations; spec: 7 functions (0 documentation-only)

        spec functions the WSDL lacks (1):
          - e911Update (functions/e911.yaml, source: both): gone from the WSDL; check whether VoIP.ms removed it

        marked `source: documentation` but the WSDL now has them (1):
          ! getSequences: `wsdl import` sets `source: both`

        parameters:
          getSequences (functions/general.yaml):
            + sequence xsd:integer: in the WSDL, not in the spec

        spec parameters the WSDL lacks: 2 in 1 function (documentation-only, expected):
            setDIDInfo: dtmf_mode, note

        types worth a look (1; advisory: a `note:` on the parameter that mentions the WSDL marks it reviewed):
          ? setDIDInfo.did: WSDL xsd:boolean, spec phone: the WSDL types it as a flag

        drift: 1 function gone from the WSDL, 1 documentation-only function now in the WSDL, 1 parameter added (`cargo xtask wsdl import` adds what is missing; it never deletes)
    "#]]
    .assert_eq(&report.render(true));
}

#[test]
fn a_parameter_gone_from_a_wsdl_only_function_is_drift() {
    let dir = spec_copy();
    let drift = fixture("drift.wsdl");
    wsdl::import_dir(dir.path(), &drift).unwrap_or_else(|e| panic!("{e}"));
    let spec = spec::load_dir(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let w = with_ops(&[
        (
            "sendSMS",
            &[
                ("did", "xsd:integer"),
                ("dst", "xsd:integer"),
                ("message", "xsd:string"),
                ("priority", "xsd:integer"),
            ],
        ),
        (
            "getDIDsSpamScore",
            &[
                ("did", "xsd:integer"),
                ("detailed", "xsd:boolean"),
                ("threshold", "xsd:decimal"),
            ],
        ),
    ]);
    let report = wsdl::check(&spec, &w);
    assert!(!report.in_step());
    let p = report
        .params
        .iter()
        .find(|p| p.function == "getDIDsSpamScore")
        .expect("getDIDsSpamScore drifts");
    assert_eq!(p.removed, ["label"]);
    assert!(report.render(false).contains("1 parameter removed"));
}

#[test]
fn a_note_mentioning_the_wsdl_marks_a_type_as_reviewed() {
    let w = with_ops(&[(
        "e911Update",
        &[("did", "xsd:integer"), ("zip", "xsd:boolean")],
    )]);
    // zip_code carries a note that mentions the WSDL.
    assert!(wsdl::check(&fixture_spec(), &w).types.is_empty());
    let w = with_ops(&[(
        "e911Update",
        &[("did", "xsd:boolean"), ("zip", "xsd:string")],
    )]);
    assert_eq!(wsdl::check(&fixture_spec(), &w).types.len(), 1);
}

#[test]
fn the_worth_a_look_table() {
    use voipms_codegen::spec::BoolForm;
    let concern = |x: XsdType, t: Type| wsdl::type_concern(&x, &t).is_some();
    // The WSDL's usual imprecision: not listed.
    assert!(!concern(XsdType::Integer, Type::Phone));
    assert!(!concern(XsdType::Integer, Type::Id));
    assert!(!concern(XsdType::Integer, Type::String));
    assert!(!concern(XsdType::Integer, Type::Bool(BoolForm::TrueFalse)));
    assert!(!concern(XsdType::Integer, Type::Enum("X".into())));
    assert!(!concern(XsdType::String, Type::Integer));
    assert!(!concern(XsdType::String, Type::Date));
    assert!(!concern(XsdType::Decimal, Type::Decimal));
    assert!(!concern(XsdType::Boolean, Type::Bool(BoolForm::OneZero)));
    assert!(!concern(XsdType::Other("xsd:date".into()), Type::Date));
    // Worth a look.
    assert!(concern(XsdType::Boolean, Type::Integer));
    assert!(concern(XsdType::Boolean, Type::String));
    assert!(concern(XsdType::Decimal, Type::Integer));
    assert!(concern(XsdType::Decimal, Type::Bool(BoolForm::TrueFalse)));
    assert!(concern(XsdType::Integer, Type::Decimal));
    assert!(concern(XsdType::Integer, Type::Date));
    assert!(concern(XsdType::Integer, Type::Routing));
}

#[test]
fn malformed_inputs_are_refused_with_a_clear_message() {
    let cases = [
        ("truncated.wsdl", "not XML: "),
        ("login.html", "not a WSDL: this is an HTML page"),
        ("empty.wsdl", "the file is empty"),
        (
            "not_wsdl.xml",
            "not a WSDL: the root element is <{http://www.w3.org/2005/Atom}feed>",
        ),
        ("no_operations.wsdl", "no <portType> lists any <operation>"),
        ("does-not-exist.wsdl", "cannot read the file: "),
    ];
    for (name, want) in cases {
        let err = wsdl::read(&fixtures().join(name)).expect_err(name);
        assert!(err.is_unreadable(), "{name}: {err}");
        let msg = err.to_string();
        assert!(msg.contains(want), "{name}: {msg}");
    }
    assert!(matches!(
        wsdl::read(&fixtures().join("does-not-exist.wsdl")),
        Err(WsdlError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound
    ));
    assert!(matches!(wsdl::parse("  \n"), Err(WsdlError::Empty)));
    assert!(matches!(
        wsdl::parse("<a><b></a>"),
        Err(WsdlError::NotXml(_))
    ));
}

#[test]
fn the_wsdl_reader_follows_the_declared_chain() {
    let w = fixture("drift.wsdl");
    assert_eq!(w.operations.len(), 7);
    let op = w.operation("getDIDsSpamScore").unwrap();
    let params: Vec<(&str, String)> = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.xsd.to_string()))
        .collect();
    assert_eq!(
        params,
        [
            ("did", "xsd:integer".to_string()),
            ("detailed", "xsd:boolean".to_string()),
            ("threshold", "xsd:decimal".to_string()),
            ("label", "xsd:string".to_string()),
        ]
    );
    assert!(w.operation("getServersInfo").unwrap().params.is_empty());
}

/// What importing `drift.wsdl` into the fixture spec inserts into `functions/dids.yaml`.
const INSERTED: &str = r#"      - name: priority
        type: "integer"
        doc: "From the WSDL (xsd:integer); to be documented."
  - name: getDIDsSpamScore
    kind: read
    source: wsdl
    stub: true
    # Imported from the WSDL by `cargo xtask wsdl import`: write the summary, check each
    # parameter (type, required, doc) and add the response, then remove `stub: true`.
    summary: |-
      TODO: imported from the WSDL; describe what getDIDsSpamScore does.
    params:
      - name: did
        type: "integer"
        doc: "From the WSDL (xsd:integer); to be documented."
      - name: detailed
        type: "bool(true/false)"
        doc: "From the WSDL (xsd:boolean); to be documented."
      - name: threshold
        type: "decimal"
        doc: "From the WSDL (xsd:decimal); to be documented."
      - name: label
        type: "string"
        doc: "From the WSDL (xsd:string); to be documented."
"#;

#[test]
fn import_adds_the_stub_and_the_parameter_and_nothing_else() {
    let dir = spec_copy();
    let before: Vec<(String, String)> = [
        "functions/dids.yaml",
        "functions/general.yaml",
        "functions/e911.yaml",
        "types.yaml",
        "errors.yaml",
    ]
    .iter()
    .map(|f| (f.to_string(), read(&dir.path().join(f))))
    .collect();
    let done =
        wsdl::import_dir(dir.path(), &fixture("drift.wsdl")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.functions.len(), 1);
    assert_eq!(done.functions[0].name, "getDIDsSpamScore");
    assert_eq!(done.functions[0].file, "functions/dids.yaml");
    assert_eq!(done.functions[0].kind, Kind::Read);
    assert_eq!(done.params.len(), 1);
    assert_eq!(
        (
            done.params[0].function.as_str(),
            done.params[0].name.as_str()
        ),
        ("sendSMS", "priority")
    );
    assert_eq!(done.changed.len(), 1);

    for (file, old) in &before {
        let new = read(&dir.path().join(file));
        if file != "functions/dids.yaml" {
            assert_eq!(&new, old, "{file} changed");
            continue;
        }
        let inserted = inserted_lines(old, &new);
        // One blank line separates the stub from the function before it.
        let blank = inserted.iter().filter(|l| l.is_empty()).count();
        assert_eq!(blank, 1, "{inserted:#?}");
        let inserted: Vec<&str> = inserted
            .iter()
            .map(String::as_str)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(inserted, INSERTED.lines().collect::<Vec<_>>());
        // The parameter went right after sendSMS's last parameter.
        let at = done.params[0].line;
        assert_eq!(new.lines().nth(at - 1), Some("      - name: priority"));
        assert_eq!(new.lines().nth(at - 2), Some("        max_length: 160"));
    }

    let spec = spec::load_dir(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let stub = spec.function("getDIDsSpamScore").unwrap();
    assert!(stub.stub);
    assert_eq!(stub.source, spec::Source::Wsdl);
    assert!(stub.params.iter().all(|p| !p.required));
    assert!(stub.response.is_none());
    assert_eq!(
        stub.params
            .iter()
            .map(|p| p.ty.to_string())
            .collect::<Vec<_>>(),
        ["integer", "bool(true/false)", "decimal", "string"]
    );
    assert!(!spec.function("sendSMS").unwrap().stub);
    assert!(wsdl::check(&spec, &fixture("drift.wsdl")).in_step());

    // A second import has nothing to do.
    let again =
        wsdl::import_dir(dir.path(), &fixture("drift.wsdl")).unwrap_or_else(|e| panic!("{e}"));
    assert!(again.is_empty());
}

#[test]
fn import_fills_empty_and_undocumented_params_and_updates_the_source() {
    let dir = spec_copy();
    let old = read(&dir.path().join("functions/general.yaml"));
    let w = with_ops(&[
        ("getSequences", &[("sequence", "xsd:integer")]),
        ("getServersInfo", &[("server_pop", "xsd:integer")]),
    ]);
    let done = wsdl::import_dir(dir.path(), &w).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.sources, ["getSequences"]);
    assert_eq!(done.documented, ["getSequences"]);
    let new = read(&dir.path().join("functions/general.yaml"));
    let doc = "doc: \"From the WSDL (xsd:integer); to be documented.\"";
    let expected = old
        .replace("    source: documentation\n", "    source: both\n")
        .replace(
            "    params: undocumented\n",
            &format!(
                "    params:\n      - name: sequence\n        type: \"integer\"\n        {doc}\n"
            ),
        )
        .replace(
            "    params: []\n",
            &format!(
                "    params:\n      - name: server_pop\n        type: \"integer\"\n        {doc}\n"
            ),
        );
    assert_ne!(expected, old);
    assert_eq!(new, expected);
    let spec = spec::load_dir(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let f = spec.function("getSequences").unwrap();
    assert_eq!(f.source, spec::Source::Both);
    assert!(!f.params_undocumented);
    assert_eq!(f.params.len(), 1);
    assert!(wsdl::check(&spec, &w).in_step());
}

#[test]
fn an_import_that_would_not_validate_writes_nothing() {
    let dir = spec_copy();
    let old = read(&dir.path().join("functions/general.yaml"));
    // `get_balance` becomes the same Rust method as `getBalance`.
    let w = with_ops(&[("get_balance", &[])]);
    let err = wsdl::import_dir(dir.path(), &w).expect_err("a Rust name collision");
    assert!(matches!(err, wsdl::ImportError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("nothing was written"), "{err}");
    assert_eq!(read(&dir.path().join("functions/general.yaml")), old);
}

#[test]
fn a_new_family_goes_to_the_default_category() {
    let spec = fixture_spec();
    let c = wsdl::choose_category(&spec, "getWidgets").unwrap();
    assert_eq!(c.feature, "general");
    assert!(c.reason.contains("default"), "{}", c.reason);
    let c = wsdl::choose_category(&spec, "e911Cancel").unwrap();
    assert_eq!(c.feature, "e911");
}

#[test]
fn categories_are_guessed_well_on_the_committed_spec() {
    // Leave one out: would each function of the spec be filed where the reviewers put it?
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let spec = spec::load_dir(&root).unwrap_or_else(|d| panic!("{d}"));
    let right = spec
        .functions
        .iter()
        .filter(|f| wsdl::choose_category(&spec, &f.name).is_some_and(|c| c.file == f.file))
        .count();
    let share = right as f64 / spec.functions.len() as f64;
    assert!(share >= 0.7, "{right}/{} filed right", spec.functions.len());
}
