//! From files to a checked [`Spec`]: parse each file strictly, then check what serde cannot
//! (cross references, Rust name collisions, value sets), collecting every problem.
//!
//! A file that fails to parse is the cause of whatever follows from it, so its problem is
//! reported before every other, and references into it are not reported as missing.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::raw::{
    ErrorsFile, FunctionsFile, RawDateRange, RawEnumValue, RawError, RawFunction, RawParam,
    RawParams, RawValueSet, TypesFile,
};
use super::shape::{ShapeError, parse_fields};
use super::{
    Category, DateRange, Diagnostic, Diagnostics, EnumValue, ErrorDef, Field, Fit, Function, Param,
    Shape, Spec, Type, ValueSet, locate,
};
use crate::names;

/// The problems found so far, and the file texts that locate them.
struct Ctx<'a> {
    /// Files that are missing or do not parse: reported first.
    file_diags: Vec<Diagnostic>,
    /// Everything else.
    diags: Vec<Diagnostic>,
    texts: HashMap<&'a str, &'a str>,
    /// Each function's `probe:` as written, planned once every function is loaded.
    probes: HashMap<String, super::probe::Written>,
}

impl<'a> Ctx<'a> {
    fn new(files: &'a [(String, String)]) -> Self {
        Ctx {
            file_diags: Vec::new(),
            diags: Vec::new(),
            probes: HashMap::new(),
            texts: files
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect(),
        }
    }

    fn err(&mut self, file: &str, path: &str, message: impl Into<String>) {
        let line = self.texts.get(file).and_then(|t| locate(t, path));
        self.diags.push(Diagnostic::new(file, path, line, message));
    }

    fn missing_file(&mut self, file: &str, message: &str) {
        self.file_diags
            .push(Diagnostic::new(file, "", None, message));
    }

    fn unparsed(&mut self, file: &str, e: &serde_yaml::Error) {
        self.file_diags.push(serde_diag(file, e));
    }

    /// Every problem: files that did not parse first, then the rest, each in file then line
    /// order.
    fn finish(self) -> Result<(), Diagnostics> {
        let by_place = |a: &Diagnostic, b: &Diagnostic| (&a.file, a.line).cmp(&(&b.file, b.line));
        let (mut first, mut rest) = (self.file_diags, self.diags);
        if first.is_empty() && rest.is_empty() {
            return Ok(());
        }
        first.sort_by(by_place);
        rest.sort_by(by_place);
        first.append(&mut rest);
        Err(Diagnostics(first))
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
    let mut ctx = Ctx::new(files);
    let find = |name: &str| files.iter().find(|(p, _)| p == name);
    let value_sets = match find(super::TYPES_FILE) {
        None => {
            ctx.missing_file(super::TYPES_FILE, "file is missing");
            Vec::new()
        }
        Some((file, text)) => ctx.types_file(file, text),
    };
    let set_names: HashSet<String> = value_sets.iter().map(|v| v.name.clone()).collect();
    let errors = match find(super::ERRORS_FILE) {
        None => {
            ctx.missing_file(super::ERRORS_FILE, "file is missing");
            Vec::new()
        }
        Some((file, text)) => ctx.errors_file(file, text),
    };
    let mut read = ctx.function_files(files, &set_names);
    ctx.check_values_from(&read);
    let callbacks = match find(super::callbacks::FILE) {
        None => Vec::new(),
        Some((file, text)) => {
            let loaded = super::callbacks::load(text, &read.functions);
            if let Some(e) = &loaded.unparsed {
                ctx.unparsed(file, e);
            }
            ctx.diags.extend(loaded.diags);
            loaded.callbacks
        }
    };
    if !read.names_unknown {
        for (file, path, message) in super::update_from::check(&read.functions) {
            ctx.err(&file, &path, message);
        }
        let (mut plans, errs) = super::probe::plan(
            &read.functions,
            &std::mem::take(&mut ctx.probes),
            &value_sets,
        );
        for (file, path, message) in errs {
            ctx.err(&file, &path, message);
        }
        for f in &mut read.functions {
            f.probe = plans.remove(&f.name);
        }
    }
    ctx.finish()?;
    let raw: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, t)| (p.clone(), t.as_bytes().to_vec()))
        .collect();
    let digest = crate::digest::spec_digest(&raw);
    Ok(Spec {
        categories: read.categories,
        functions: read.functions,
        value_sets,
        errors,
        callbacks,
        digest,
        files: raw,
    })
}

/// What the function files gave.
struct FunctionFiles {
    categories: Vec<Category>,
    functions: Vec<Function>,
    /// Names of functions in files that failed to parse, where they could still be read.
    unparsed_names: HashSet<String>,
    /// A function file failed to parse so badly that its function names are unknown.
    names_unknown: bool,
}

/// Names already taken across function files, to report collisions.
#[derive(Default)]
struct Taken {
    /// Wire name -> file.
    functions: HashMap<String, String>,
    /// Rust method name -> wire name.
    methods: HashMap<String, String>,
    /// Feature -> file.
    features: HashMap<String, String>,
}

/// The wire names under `functions:` of a file that did not parse as a functions file but is
/// still YAML (an unknown key, a wrong type), so references to them are not reported as missing.
fn recover_function_names(text: &str) -> Option<Vec<String>> {
    let doc: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let list = doc.get("functions")?.as_sequence()?;
    Some(
        list.iter()
            .filter_map(|f| f.get("name")?.as_str().map(str::to_string))
            .collect(),
    )
}

impl Ctx<'_> {
    /// `types.yaml`: the value sets.
    fn types_file(&mut self, file: &str, text: &str) -> Vec<ValueSet> {
        match serde_yaml::from_str::<TypesFile>(text) {
            Err(e) => {
                self.unparsed(file, &e);
                Vec::new()
            }
            Ok(tf) => tf
                .value_sets
                .into_iter()
                .map(|(name, vs)| self.value_set(file, name, vs))
                .collect(),
        }
    }

    fn value_set(&mut self, file: &str, name: String, vs: RawValueSet) -> ValueSet {
        let path = format!("value_sets.{name}");
        if !is_rust_ident(&name) || names::camel(&name) != name {
            self.err(
                file,
                &path,
                format!("value set name `{name}` must be UpperCamelCase"),
            );
        }
        if vs.values.is_empty() {
            self.err(
                file,
                &format!("{path}.values"),
                "a value set needs at least one value",
            );
        }
        let vpath = format!("{path}.values");
        let mut seen_wire = HashSet::new();
        let mut seen_name = HashSet::new();
        let values = vs
            .values
            .into_iter()
            .map(|v| {
                if !seen_wire.insert(v.value.clone()) {
                    self.err(file, &vpath, format!("duplicate value `{}`", v.value));
                }
                self.enum_value(file, &vpath, v, &mut seen_name)
            })
            .collect();
        ValueSet {
            name,
            doc: vs.doc,
            values,
        }
    }

    fn enum_value(
        &mut self,
        file: &str,
        vpath: &str,
        v: RawEnumValue,
        seen_name: &mut HashSet<String>,
    ) -> EnumValue {
        // A derived name must come from a word: `-1` and `1` would both be `N1`.
        let rust = match &v.name {
            Some(n) => n.clone(),
            None if v.value.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                names::camel(&v.value)
            }
            None => String::new(),
        };
        if !is_rust_ident(&rust) || names::camel(&rust) != rust {
            self.err(
                file,
                vpath,
                format!(
                    "value `{}` needs an explicit `name:` (an UpperCamelCase Rust variant name)",
                    v.value
                ),
            );
        } else if rust == "Unknown" {
            self.err(
                file,
                vpath,
                "`Unknown` is reserved for values the spec does not list",
            );
        } else if !seen_name.insert(rust.clone()) {
            self.err(
                file,
                vpath,
                format!(
                    "value `{}` maps to the Rust variant `{rust}` twice",
                    v.value
                ),
            );
        }
        EnumValue {
            wire: v.value,
            name: rust,
            doc: v.doc,
        }
    }

    /// `errors.yaml`: the documented status codes.
    fn errors_file(&mut self, file: &str, text: &str) -> Vec<ErrorDef> {
        let ef = match serde_yaml::from_str::<ErrorsFile>(text) {
            Ok(ef) => ef,
            Err(e) => {
                self.unparsed(file, &e);
                return Vec::new();
            }
        };
        let mut seen = HashSet::new();
        let mut idents = HashMap::new();
        ef.errors
            .into_iter()
            .map(|e| self.error_def(file, e, &mut seen, &mut idents))
            .collect()
    }

    fn error_def(
        &mut self,
        file: &str,
        e: RawError,
        seen: &mut HashSet<String>,
        idents: &mut HashMap<String, String>,
    ) -> ErrorDef {
        let path = format!("errors.{}", e.code);
        if !is_wire_name(&e.code) {
            self.err(
                file,
                &path,
                format!("`{}` is not a valid status code", e.code),
            );
        }
        if !seen.insert(e.code.clone()) {
            self.err(file, &path, format!("duplicate error code `{}`", e.code));
        }
        if let Some(prev) = idents.insert(names::camel(&e.code), e.code.clone())
            && prev != e.code
        {
            self.err(
                file,
                &path,
                format!("`{}` and `{prev}` map to the same Rust variant", e.code),
            );
        }
        if e.description.trim().is_empty() {
            self.err(file, &path, "description is empty");
        }
        if e.empty_list && !e.code.starts_with("no_") {
            self.err(file, &path, "only `no_*` codes can mean an empty list");
        }
        ErrorDef {
            code: e.code,
            description: e.description,
            empty_list: e.empty_list,
            retryable: e.retryable,
            note: e.note,
        }
    }

    /// `functions/*.yaml`, in file name order.
    fn function_files(
        &mut self,
        files: &[(String, String)],
        set_names: &HashSet<String>,
    ) -> FunctionFiles {
        let mut fn_files: Vec<&(String, String)> = files
            .iter()
            .filter(|(p, _)| p.starts_with(super::FUNCTIONS_DIR) && p.ends_with(".yaml"))
            .collect();
        fn_files.sort_by(|a, b| a.0.cmp(&b.0));
        if fn_files.is_empty() {
            self.missing_file(super::FUNCTIONS_DIR, "no function files found");
        }
        let mut read = FunctionFiles {
            categories: Vec::new(),
            functions: Vec::new(),
            unparsed_names: HashSet::new(),
            names_unknown: false,
        };
        let mut taken = Taken::default();
        for (file, text) in fn_files {
            match serde_yaml::from_str::<FunctionsFile>(text) {
                Ok(ff) => {
                    let (category, functions) =
                        self.functions_file(file, ff, set_names, &mut taken);
                    read.categories.push(category);
                    read.functions.extend(functions);
                }
                Err(e) => {
                    self.unparsed(file, &e);
                    match recover_function_names(text) {
                        Some(names) => read.unparsed_names.extend(names),
                        None => read.names_unknown = true,
                    }
                }
            }
        }
        read
    }

    /// One parsed `functions/<category>.yaml`.
    fn functions_file(
        &mut self,
        file: &str,
        ff: FunctionsFile,
        set_names: &HashSet<String>,
        taken: &mut Taken,
    ) -> (Category, Vec<Function>) {
        if !is_rust_ident(&ff.feature) || names::snake(&ff.feature) != ff.feature {
            self.err(
                file,
                "feature",
                format!("feature `{}` must be a snake_case identifier", ff.feature),
            );
        }
        // The module list is made from the file names alone (see `digest::header`), so the
        // name must say the feature.
        let stem = file
            .rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".yaml"))
            .unwrap_or(file);
        if stem != ff.feature {
            self.err(
                file,
                "feature",
                format!(
                    "feature `{}` must be the file's name: rename the file to functions/{}.yaml or the feature to `{stem}`",
                    ff.feature, ff.feature
                ),
            );
        }
        if let Some(prev) = taken.features.insert(ff.feature.clone(), file.to_string()) {
            self.err(
                file,
                "feature",
                format!("feature `{}` is already used by {prev}", ff.feature),
            );
        }
        let category = Category {
            name: ff.category,
            feature: ff.feature,
            file: file.to_string(),
        };
        let functions = ff
            .functions
            .into_iter()
            .map(|rf| self.function(&category, rf, set_names, taken))
            .collect();
        (category, functions)
    }

    fn function(
        &mut self,
        category: &Category,
        rf: RawFunction,
        set_names: &HashSet<String>,
        taken: &mut Taken,
    ) -> Function {
        let file = category.file.as_str();
        let fpath = format!("functions.{}", rf.name);
        self.check_function_name(file, &fpath, &rf.name, taken);
        if rf.summary.trim().is_empty() {
            self.err(file, &format!("{fpath}.summary"), "summary is empty");
        }
        let (params, undocumented) = match rf.params {
            RawParams::Undocumented => (Vec::new(), true),
            RawParams::None => (Vec::new(), false),
            RawParams::List(list) => (list, false),
        };
        let params = self.params(file, &fpath, params, set_names);
        let response = rf
            .response
            .as_ref()
            .map(|v| self.response(file, &fpath, v, set_names));
        let date_range = rf
            .date_range
            .map(|d| self.date_range(file, &fpath, d, &params, response.as_deref()));
        let timezone_shift = rf
            .timezone_shift
            .map(|t| self.timezone_shift(file, &fpath, t, &params));
        if let Some(raw) = rf.probe {
            let (written, errs) = super::probe::lower(raw);
            for (sub, message) in errs {
                let path = if sub.is_empty() {
                    format!("{fpath}.probe")
                } else {
                    format!("{fpath}.probe.{sub}")
                };
                self.err(file, &path, message);
            }
            self.probes.insert(rf.name.clone(), written);
        }
        Function {
            name: rf.name,
            category: category.name.clone(),
            feature: category.feature.clone(),
            file: file.to_string(),
            kind: rf.kind,
            source: rf.source,
            summary: rf.summary,
            params,
            params_undocumented: undocumented,
            response,
            date_range,
            timezone_shift,
            deprecated: rf.deprecated,
            note: rf.note,
            stub: rf.stub,
            update_from: rf.update_from.map(super::update_from::lower),
            probe: None,
        }
    }

    /// A valid wire name, defined once, and not the same Rust method as another function.
    fn check_function_name(&mut self, file: &str, fpath: &str, name: &str, taken: &mut Taken) {
        if !is_wire_name(name) || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            self.err(
                file,
                fpath,
                format!("`{name}` is not a valid function name"),
            );
        }
        if let Some(prev) = taken.functions.insert(name.to_string(), file.to_string()) {
            self.err(
                file,
                fpath,
                format!("function `{name}` is also defined in {prev}"),
            );
        }
        let rust = names::snake(name);
        if let Some(prev) = taken.methods.insert(rust.clone(), name.to_string())
            && prev != name
        {
            self.err(
                file,
                fpath,
                format!("`{name}` and `{prev}` both become the Rust method `{rust}`"),
            );
        }
    }

    /// A function's parameters; one whose type does not parse is left out.
    fn params(
        &mut self,
        file: &str,
        fpath: &str,
        params: Vec<RawParam>,
        set_names: &HashSet<String>,
    ) -> Vec<Param> {
        let mut wire_seen: HashSet<String> = HashSet::new();
        let mut ident_seen: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for p in params {
            let ppath = format!("{fpath}.params.{}", p.name);
            self.check_param_names(file, &ppath, &p, &mut wire_seen, &mut ident_seen);
            if let Some(param) = self.param(file, &ppath, p, set_names) {
                out.push(param);
            }
        }
        out
    }

    /// Valid wire names (the name and its aliases), each listed once, and a Rust name no other
    /// parameter of the function has.
    fn check_param_names(
        &mut self,
        file: &str,
        ppath: &str,
        p: &RawParam,
        wire_seen: &mut HashSet<String>,
        ident_seen: &mut HashMap<String, String>,
    ) {
        for wire in std::iter::once(&p.name).chain(&p.aliases) {
            if !is_wire_name(wire) {
                self.err(
                    file,
                    ppath,
                    format!("`{wire}` is not a valid parameter name"),
                );
            }
            if !wire_seen.insert(wire.clone()) {
                self.err(file, ppath, format!("parameter `{wire}` is listed twice"));
            }
        }
        let ident = names::field_ident(&p.name);
        if let Some(prev) = ident_seen.insert(ident.clone(), p.name.clone()) {
            self.err(
                file,
                ppath,
                format!(
                    "parameters `{}` and `{prev}` both become the Rust name `{ident}`",
                    p.name
                ),
            );
        }
    }

    /// One parameter: its type and the limits that fit it.
    fn param(
        &mut self,
        file: &str,
        ppath: &str,
        p: RawParam,
        set_names: &HashSet<String>,
    ) -> Option<Param> {
        let ty = match Type::parse(&p.ty) {
            Ok(t) => t,
            Err(e) => {
                self.err(file, &format!("{ppath}.type"), e.0);
                return None;
            }
        };
        if let Some(vs) = ty.value_set()
            && !set_names.contains(vs)
        {
            self.err(
                file,
                &format!("{ppath}.type"),
                format!("unknown value set `{vs}`"),
            );
        }
        if let (Some(lo), Some(hi)) = (p.min, p.max)
            && lo > hi
        {
            self.err(
                file,
                &format!("{ppath}.min"),
                format!("min {lo} is above max {hi}"),
            );
        }
        if (p.min.is_some() || p.max.is_some()) && !matches!(ty, Type::Integer | Type::Decimal) {
            self.err(
                file,
                &format!("{ppath}.min"),
                format!("min/max need an integer or decimal type, not {ty}"),
            );
        }
        if p.max_length.is_some() && !matches!(ty, Type::String) {
            self.err(
                file,
                &format!("{ppath}.max_length"),
                format!("max_length needs a string type, not {ty}"),
            );
        }
        Some(Param {
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
        })
    }

    /// `timezone_shift:` names a decimal parameter; `omitted` is a number.
    fn timezone_shift(
        &mut self,
        file: &str,
        fpath: &str,
        t: super::raw::RawTimezoneShift,
        params: &[Param],
    ) -> super::TimezoneShift {
        let path = format!("{fpath}.timezone_shift.param");
        match params.iter().find(|p| p.name == t.param) {
            Some(p) if p.ty == Type::Decimal => {}
            Some(p) => self.err(
                file,
                &path,
                format!("`{}` is a {}, not a decimal", t.param, p.ty),
            ),
            None => self.err(file, &path, format!("no parameter `{}`", t.param)),
        }
        if let Some(o) = &t.omitted
            && (o.trim().is_empty() || Type::Decimal.fit(o, &|_, _| false) != super::Fit::Fits)
        {
            self.err(
                file,
                &format!("{fpath}.timezone_shift.omitted"),
                format!("`{o}` is not a number"),
            );
        }
        super::TimezoneShift {
            param: t.param,
            omitted: t.omitted,
            note: t.note,
        }
    }

    /// `date_range:` names two date parameters of the function.
    fn date_range(
        &mut self,
        file: &str,
        fpath: &str,
        d: RawDateRange,
        params: &[Param],
        response: Option<&[Field]>,
    ) -> DateRange {
        for (k, name) in [("from", &d.from), ("to", &d.to)] {
            let path = format!("{fpath}.date_range.{k}");
            match params.iter().find(|p| &p.name == name) {
                Some(p) if matches!(p.ty, Type::Date | Type::DateTime) => {}
                Some(p) => self.err(file, &path, format!("`{name}` is a {}, not a date", p.ty)),
                None => self.err(file, &path, format!("no parameter `{name}`")),
            }
        }
        // A long range concatenates this field window by window: it must be a list of records.
        let records = response
            .into_iter()
            .flatten()
            .find(|f| f.name == d.records)
            .map(|f| &f.shape);
        if !matches!(records, Some(Shape::List(item)) if matches!(**item, Shape::Object(_))) {
            self.err(
                file,
                &format!("{fpath}.date_range.records"),
                format!("`{}` is not a list of objects in the response", d.records),
            );
        }
        DateRange {
            from: d.from,
            to: d.to,
            max_days: d.max_days,
            records: d.records,
        }
    }

    /// `response:`: its shape, value-set references and Rust field names.
    fn response(
        &mut self,
        file: &str,
        fpath: &str,
        v: &serde_yaml::Value,
        set_names: &HashSet<String>,
    ) -> Vec<Field> {
        let mut errs: Vec<ShapeError> = Vec::new();
        let rpath = format!("{fpath}.response");
        let fields = parse_fields(v, &rpath, &mut errs);
        check_fields(&fields, &rpath, set_names, &mut errs);
        for e in errs {
            self.err(file, &e.path, e.message);
        }
        fields
    }

    /// Cross references that need every function: "Values from getX". A reference into a file
    /// that failed to parse is not reported: that file's problem is the cause.
    fn check_values_from(&mut self, read: &FunctionFiles) {
        if read.names_unknown {
            return;
        }
        let known: HashSet<&str> = read
            .functions
            .iter()
            .map(|f| f.name.as_str())
            .chain(read.unparsed_names.iter().map(String::as_str))
            .collect();
        for f in &read.functions {
            for p in &f.params {
                if let Some(src) = &p.values_from
                    && !known.contains(src.as_str())
                {
                    self.err(
                        &f.file,
                        &format!("functions.{}.params.{}.values_from", f.name, p.name),
                        format!("`{src}` is not a function of the spec"),
                    );
                }
            }
        }
    }
}

/// Value-set references and Rust field-name collisions inside response objects.
/// Most fields a response object may have: the decoder notes which were sent in 64 bits.
pub const MAX_OBJECT_FIELDS: usize = 64;

/// Rust names a generated response object uses for its own state.
const RESERVED_FIELDS: [&str; 2] = ["received", "drift"];

fn check_fields(fields: &[Field], path: &str, sets: &HashSet<String>, errs: &mut Vec<ShapeError>) {
    if fields.len() > MAX_OBJECT_FIELDS {
        errs.push(ShapeError {
            path: path.to_string(),
            message: format!(
                "{} fields: a response object has at most {MAX_OBJECT_FIELDS}",
                fields.len()
            ),
        });
    }
    let mut idents: BTreeMap<String, &str> = BTreeMap::new();
    for f in fields {
        let fpath = format!("{path}.{}", f.name);
        let ident = names::field_ident(&f.name);
        if RESERVED_FIELDS.contains(&ident.as_str()) {
            errs.push(ShapeError {
                path: fpath.clone(),
                message: format!(
                    "field `{}` would clash with the generated object's own `{ident}`",
                    f.name
                ),
            });
        }
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

fn check_shape(shape: &Shape, path: &str, sets: &HashSet<String>, errs: &mut Vec<ShapeError>) {
    match shape {
        Shape::Scalar { ty, example } => {
            if let Some(e) = example
                // The form only: value-set membership of examples is not checked.
                && ty.fit(e, &|_, _| true) != Fit::Fits
            {
                errs.push(ShapeError {
                    path: path.to_string(),
                    message: format!("example `{e}` is not a valid {ty}"),
                });
            }
            if let Some(vs) = ty.value_set()
                && !sets.contains(vs)
            {
                errs.push(ShapeError {
                    path: path.to_string(),
                    message: format!("unknown value set `{vs}`"),
                });
            }
        }
        Shape::Object(fields) => check_fields(fields, path, sets, errs),
        Shape::List(inner) | Shape::Map(inner) => check_shape(inner, path, sets, errs),
    }
}
