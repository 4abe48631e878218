//! From files to a checked [`Spec`]: parse each file strictly, then check what serde cannot
//! (cross references, Rust name collisions, value sets), collecting every problem.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::raw::{ErrorsFile, FunctionsFile, RawParams, TypesFile};
use super::shape::{ShapeError, parse_fields};
use super::{
    Category, DateRange, Diagnostic, Diagnostics, EnumValue, ErrorDef, Field, Function, Param,
    Shape, Spec, Type, ValueSet, locate,
};
use crate::names;

struct Ctx<'a> {
    diags: Vec<Diagnostic>,
    texts: HashMap<&'a str, &'a str>,
}

impl Ctx<'_> {
    fn err(&mut self, file: &str, path: &str, message: impl Into<String>) {
        let line = self.texts.get(file).and_then(|t| locate(t, path));
        self.diags.push(Diagnostic::new(file, path, line, message));
    }
}

fn serde_diag(file: &str, e: &serde_yaml::Error) -> Diagnostic {
    let line = e.location().map(|l| l.line());
    // serde_yaml prefixes the message with the path it was at (`functions[2].params[0]: ...`).
    let msg = e.to_string();
    let msg = match msg.rsplit_once(" at line ") {
        Some((head, _)) => head.to_string(),
        None => msg,
    };
    let (path, message) = match msg.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (p.to_string(), m.to_string()),
        _ => (String::new(), msg),
    };
    Diagnostic::new(file, path, line, message)
}

fn is_wire_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_rust_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !names::is_keyword(s)
}

pub fn load(files: &[(String, String)]) -> Result<Spec, Diagnostics> {
    let mut ctx = Ctx {
        diags: Vec::new(),
        texts: HashMap::new(),
    };
    for (p, t) in files {
        ctx.texts.insert(p.as_str(), t.as_str());
    }
    let find = |name: &str| files.iter().find(|(p, _)| p == name);

    // types.yaml
    let mut value_sets: Vec<ValueSet> = Vec::new();
    match find("types.yaml") {
        None => ctx
            .diags
            .push(Diagnostic::new("types.yaml", "", None, "file is missing")),
        Some((file, text)) => match serde_yaml::from_str::<TypesFile>(text) {
            Err(e) => ctx.diags.push(serde_diag(file, &e)),
            Ok(tf) => {
                for (name, vs) in tf.value_sets {
                    let path = format!("value_sets.{name}");
                    if !is_rust_ident(&name) || names::camel(&name) != name {
                        ctx.err(
                            file,
                            &path,
                            format!("value set name `{name}` must be UpperCamelCase"),
                        );
                    }
                    let mut seen_wire = HashSet::new();
                    let mut seen_name = HashSet::new();
                    let mut values = Vec::new();
                    if vs.values.is_empty() {
                        ctx.err(
                            file,
                            &format!("{path}.values"),
                            "a value set needs at least one value",
                        );
                    }
                    for v in vs.values {
                        let vpath = format!("{path}.values");
                        if !seen_wire.insert(v.value.clone()) {
                            ctx.err(file, &vpath, format!("duplicate value `{}`", v.value));
                        }
                        // A derived name must come from a word: `-1` and `1` would both be `N1`.
                        let rust = match &v.name {
                            Some(n) => n.clone(),
                            None if v.value.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                                names::camel(&v.value)
                            }
                            None => String::new(),
                        };
                        if !is_rust_ident(&rust) || names::camel(&rust) != rust {
                            ctx.err(
                                file,
                                &vpath,
                                format!(
                                    "value `{}` needs an explicit `name:` (an UpperCamelCase Rust variant name)",
                                    v.value
                                ),
                            );
                        } else if rust == "Unknown" {
                            ctx.err(
                                file,
                                &vpath,
                                "`Unknown` is reserved for values the spec does not list",
                            );
                        } else if !seen_name.insert(rust.clone()) {
                            ctx.err(
                                file,
                                &vpath,
                                format!(
                                    "value `{}` maps to the Rust variant `{rust}` twice",
                                    v.value
                                ),
                            );
                        }
                        values.push(EnumValue {
                            wire: v.value,
                            name: rust,
                            doc: v.doc,
                        });
                    }
                    value_sets.push(ValueSet {
                        name,
                        doc: vs.doc,
                        values,
                    });
                }
            }
        },
    }
    let set_names: HashSet<String> = value_sets.iter().map(|v| v.name.clone()).collect();

    // errors.yaml
    let mut errors = Vec::new();
    match find("errors.yaml") {
        None => ctx
            .diags
            .push(Diagnostic::new("errors.yaml", "", None, "file is missing")),
        Some((file, text)) => match serde_yaml::from_str::<ErrorsFile>(text) {
            Err(e) => ctx.diags.push(serde_diag(file, &e)),
            Ok(ef) => {
                let mut seen = HashSet::new();
                let mut idents = HashMap::new();
                for e in ef.errors {
                    let path = format!("errors.{}", e.code);
                    if !is_wire_name(&e.code) {
                        ctx.err(
                            file,
                            &path,
                            format!("`{}` is not a valid status code", e.code),
                        );
                    }
                    if !seen.insert(e.code.clone()) {
                        ctx.err(file, &path, format!("duplicate error code `{}`", e.code));
                    }
                    if let Some(prev) = idents.insert(names::camel(&e.code), e.code.clone())
                        && prev != e.code
                    {
                        {
                            ctx.err(
                                file,
                                &path,
                                format!("`{}` and `{prev}` map to the same Rust variant", e.code),
                            );
                        }
                    }
                    if e.description.trim().is_empty() {
                        ctx.err(file, &path, "description is empty");
                    }
                    if e.empty_list && !e.code.starts_with("no_") {
                        ctx.err(file, &path, "only `no_*` codes can mean an empty list");
                    }
                    errors.push(ErrorDef {
                        code: e.code,
                        description: e.description,
                        empty_list: e.empty_list,
                        retryable: e.retryable,
                    });
                }
            }
        },
    }

    // functions/*.yaml, in file name order.
    let mut fn_files: Vec<&(String, String)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("functions/") && p.ends_with(".yaml"))
        .collect();
    fn_files.sort_by(|a, b| a.0.cmp(&b.0));
    if fn_files.is_empty() {
        ctx.diags.push(Diagnostic::new(
            "functions/",
            "",
            None,
            "no function files found",
        ));
    }
    let mut categories = Vec::new();
    let mut functions: Vec<Function> = Vec::new();
    let mut fn_seen: HashMap<String, String> = HashMap::new();
    let mut rust_fn_seen: HashMap<String, String> = HashMap::new();
    let mut features: HashMap<String, String> = HashMap::new();
    for (file, text) in fn_files {
        let ff = match serde_yaml::from_str::<FunctionsFile>(text) {
            Ok(ff) => ff,
            Err(e) => {
                ctx.diags.push(serde_diag(file, &e));
                continue;
            }
        };
        if !is_rust_ident(&ff.feature) || names::snake(&ff.feature) != ff.feature {
            ctx.err(
                file,
                "feature",
                format!("feature `{}` must be a snake_case identifier", ff.feature),
            );
        }
        if let Some(prev) = features.insert(ff.feature.clone(), file.clone()) {
            ctx.err(
                file,
                "feature",
                format!("feature `{}` is already used by {prev}", ff.feature),
            );
        }
        categories.push(Category {
            name: ff.category.clone(),
            feature: ff.feature.clone(),
            file: file.clone(),
        });
        for rf in ff.functions {
            let fpath = format!("functions.{}", rf.name);
            if !is_wire_name(&rf.name) || !rf.name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                ctx.err(
                    file,
                    &fpath,
                    format!("`{}` is not a valid function name", rf.name),
                );
            }
            if let Some(prev) = fn_seen.insert(rf.name.clone(), file.clone()) {
                ctx.err(
                    file,
                    &fpath,
                    format!("function `{}` is also defined in {prev}", rf.name),
                );
            }
            let rust = names::snake(&rf.name);
            if let Some(prev) = rust_fn_seen.insert(rust.clone(), rf.name.clone())
                && prev != rf.name
            {
                {
                    ctx.err(
                        file,
                        &fpath,
                        format!(
                            "`{}` and `{prev}` both become the Rust method `{rust}`",
                            rf.name
                        ),
                    );
                }
            }
            if rf.summary.trim().is_empty() {
                ctx.err(file, &format!("{fpath}.summary"), "summary is empty");
            }
            let (params, undocumented) = match rf.params {
                RawParams::Undocumented => (Vec::new(), true),
                RawParams::None => (Vec::new(), false),
                RawParams::List(list) => (list, false),
            };
            let mut out_params: Vec<Param> = Vec::new();
            let mut wire_seen: HashSet<String> = HashSet::new();
            let mut ident_seen: HashMap<String, String> = HashMap::new();
            for p in params {
                let ppath = format!("{fpath}.params.{}", p.name);
                for wire in std::iter::once(&p.name).chain(&p.aliases) {
                    if !is_wire_name(wire) {
                        ctx.err(
                            file,
                            &ppath,
                            format!("`{wire}` is not a valid parameter name"),
                        );
                    }
                    if !wire_seen.insert(wire.clone()) {
                        ctx.err(file, &ppath, format!("parameter `{wire}` is listed twice"));
                    }
                }
                let ident = names::field_ident(&p.name);
                if let Some(prev) = ident_seen.insert(ident.clone(), p.name.clone()) {
                    ctx.err(
                        file,
                        &ppath,
                        format!(
                            "parameters `{}` and `{prev}` both become the Rust name `{ident}`",
                            p.name
                        ),
                    );
                }
                let ty = match Type::parse(&p.ty) {
                    Ok(t) => t,
                    Err(e) => {
                        ctx.err(file, &format!("{ppath}.type"), e.0);
                        continue;
                    }
                };
                if let Some(vs) = ty.value_set()
                    && !set_names.contains(vs)
                {
                    {
                        ctx.err(
                            file,
                            &format!("{ppath}.type"),
                            format!("unknown value set `{vs}`"),
                        );
                    }
                }
                if let (Some(lo), Some(hi)) = (p.min, p.max)
                    && lo > hi
                {
                    {
                        ctx.err(
                            file,
                            &format!("{ppath}.min"),
                            format!("min {lo} is above max {hi}"),
                        );
                    }
                }
                if (p.min.is_some() || p.max.is_some())
                    && !matches!(ty, Type::Integer | Type::Decimal)
                {
                    ctx.err(
                        file,
                        &format!("{ppath}.min"),
                        format!("min/max need an integer or decimal type, not {ty}"),
                    );
                }
                if p.max_length.is_some() && !matches!(ty, Type::String) {
                    ctx.err(
                        file,
                        &format!("{ppath}.max_length"),
                        format!("max_length needs a string type, not {ty}"),
                    );
                }
                out_params.push(Param {
                    name: p.name,
                    ty,
                    required: p.required,
                    doc: p.doc,
                    example: p.example,
                    values_from: p.values_from,
                    min: p.min,
                    max: p.max,
                    max_length: p.max_length,
                    aliases: p.aliases,
                    note: p.note,
                    deprecated: p.deprecated,
                });
            }
            let date_range = rf.date_range.map(|d| {
                for (k, name) in [("from", &d.from), ("to", &d.to)] {
                    match out_params.iter().find(|p| &p.name == name) {
                        Some(p) if matches!(p.ty, Type::Date | Type::DateTime) => {}
                        Some(p) => ctx.err(
                            file,
                            &format!("{fpath}.date_range.{k}"),
                            format!("`{name}` is a {}, not a date", p.ty),
                        ),
                        None => ctx.err(
                            file,
                            &format!("{fpath}.date_range.{k}"),
                            format!("no parameter `{name}`"),
                        ),
                    }
                }
                DateRange {
                    from: d.from,
                    to: d.to,
                    max_days: d.max_days,
                    records: d.records,
                }
            });
            let response = rf.response.as_ref().map(|v| {
                let mut errs: Vec<ShapeError> = Vec::new();
                let rpath = format!("{fpath}.response");
                let fields = parse_fields(v, &rpath, &mut errs);
                check_fields(&fields, &rpath, &set_names, &mut errs);
                for e in errs {
                    ctx.err(file, &e.path, e.message);
                }
                fields
            });
            if let Some(d) = &date_range {
                let records = response
                    .iter()
                    .flatten()
                    .find(|f| f.name == d.records)
                    .map(|f| &f.shape);
                if !matches!(records, Some(Shape::List(item)) if matches!(**item, Shape::Object(_)))
                {
                    ctx.err(
                        file,
                        &format!("{fpath}.date_range.records"),
                        format!("`{}` is not a list of objects in the response", d.records),
                    );
                }
            }
            functions.push(Function {
                name: rf.name,
                category: ff.category.clone(),
                feature: ff.feature.clone(),
                file: file.clone(),
                kind: rf.kind,
                source: rf.source,
                summary: rf.summary,
                params: out_params,
                params_undocumented: undocumented,
                response,
                date_range,
                deprecated: rf.deprecated,
                note: rf.note,
                stub: rf.stub,
            });
        }
    }

    // Cross references that need every function: "Values from getX".
    let names_set: HashSet<&str> = functions.iter().map(|f| f.name.as_str()).collect();
    let mut later = Vec::new();
    for f in &functions {
        for p in &f.params {
            if let Some(src) = &p.values_from
                && !names_set.contains(src.as_str())
            {
                {
                    later.push((
                        f.file.clone(),
                        format!("functions.{}.params.{}.values_from", f.name, p.name),
                        format!("`{src}` is not a function of the spec"),
                    ));
                }
            }
        }
    }
    for (file, path, msg) in later {
        ctx.err(&file, &path, msg);
    }

    if !ctx.diags.is_empty() {
        let mut d = ctx.diags;
        d.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(Diagnostics(d));
    }
    let digest = crate::digest::spec_digest(
        &files
            .iter()
            .map(|(p, t)| (p.clone(), t.as_bytes().to_vec()))
            .collect::<Vec<_>>(),
    );
    Ok(Spec {
        categories,
        functions,
        value_sets,
        errors,
        digest,
    })
}

/// Value-set references and Rust field-name collisions inside response objects.
fn check_fields(fields: &[Field], path: &str, sets: &HashSet<String>, errs: &mut Vec<ShapeError>) {
    let mut idents: BTreeMap<String, &str> = BTreeMap::new();
    for f in fields {
        let fpath = format!("{path}.{}", f.name);
        let ident = names::field_ident(&f.name);
        if let Some(prev) = idents.insert(ident.clone(), &f.name) {
            errs.push(ShapeError {
                path: fpath.clone(),
                message: format!(
                    "fields `{}` and `{prev}` both become the Rust name `{ident}`",
                    f.name
                ),
            });
        }
        check_shape(&f.shape, &fpath, sets, errs);
    }
}

/// Whether a documented example is a valid wire value of `ty` (empty and `0000-00-00` spellings
/// mean "no value" and are fine). The mock server answers with these examples.
fn example_fits(ty: &Type, e: &str) -> bool {
    let e = e.trim();
    if e.is_empty() {
        return true;
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| {
        let b = s.as_bytes();
        s.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && digits(&s[..4])
            && digits(&s[5..7])
            && digits(&s[8..])
    };
    match ty {
        Type::String | Type::Phone | Type::Id => true,
        Type::Integer => e.parse::<i64>().is_ok(),
        Type::Decimal => {
            let u = e.strip_prefix('-').unwrap_or(e);
            let (a, b) = u.split_once('.').unwrap_or((u, "0"));
            (digits(a) || a.is_empty()) && digits(b)
        }
        Type::Date => date(e) || (e.len() == 19 && date(&e[..10])),
        Type::DateTime => date(e) || (e.len() == 19 && date(&e[..10]) && e.as_bytes()[13] == b':'),
        Type::Routing => e.contains(':'),
        Type::Bool(_) => matches!(
            e.to_ascii_lowercase().as_str(),
            "1" | "0" | "yes" | "no" | "y" | "n" | "true" | "false" | "on" | "off"
        ),
        Type::Enum(_) => true,
        Type::List { item, sep } => e.split(sep.as_str()).all(|p| example_fits(item, p)),
    }
}

fn check_shape(shape: &Shape, path: &str, sets: &HashSet<String>, errs: &mut Vec<ShapeError>) {
    match shape {
        Shape::Scalar { ty, example } => {
            if let Some(e) = example
                && !example_fits(ty, e)
            {
                errs.push(ShapeError {
                    path: path.to_string(),
                    message: format!("example `{e}` is not a valid {ty}"),
                });
            }
            if let Some(vs) = ty.value_set()
                && !sets.contains(vs)
            {
                {
                    errs.push(ShapeError {
                        path: path.to_string(),
                        message: format!("unknown value set `{vs}`"),
                    });
                }
            }
        }
        Shape::Object(fields) => check_fields(fields, path, sets, errs),
        Shape::List(inner) | Shape::Map(inner) => check_shape(inner, path, sets, errs),
    }
}
