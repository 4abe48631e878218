//! The function metadata table: every function of the spec with its parameters, types and
//! required flags, for validation of raw calls, the command-line tool and the mock server.
//!
//! The rows of the table ([`catalog::FUNCTIONS`](crate::catalog::FUNCTIONS)) are generated
//! from the spec, in each category's module; the types are here.

pub use crate::generated::value_sets::VALUE_SETS;

pub use crate::wire::BoolForm;

use crate::ErrorCode;
use crate::types::{Date, DateTime, Phone, Routing, Timestamp};
use crate::wire::WireValue;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// What calling a function does, which decides whether it may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Only reads: safe to retry.
    Read,
    /// Changes account state: never retried automatically.
    Write,
    /// Spends money or sends something: never retried automatically.
    Spend,
}

impl Kind {
    /// `read`, `write` or `spend`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Read => "read",
            Kind::Write => "write",
            Kind::Spend => "spend",
        }
    }
}

/// A parameter's type as it travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireType {
    /// Free text.
    String,
    /// A whole number.
    Integer,
    /// A decimal number.
    Decimal,
    /// A phone number or DID (digits).
    Phone,
    /// An identifier.
    Id,
    /// `yyyy-mm-dd`
    Date,
    /// `yyyy-mm-dd hh:mm:ss`
    DateTime,
    /// `yyyy-mm-dd hh:mm:ss` in VoIP.ms's zone, maybe shifted ([`crate::Timestamp`]).
    Timestamp,
    /// `header:record_id`
    Routing,
    /// A boolean in the given form.
    Bool(BoolForm),
    /// One of a value set's wire values.
    Enum {
        /// The value set's name.
        name: &'static str,
        /// The accepted wire values.
        values: &'static [&'static str],
    },
    /// A whole number, or one of a value set's wire values in its place (`Unlimited`).
    Count {
        /// The value set's name.
        name: &'static str,
        /// The words accepted in place of a number.
        values: &'static [&'static str],
    },
    /// Items joined by a separator.
    List {
        /// The item type.
        item: &'static WireType,
        /// The separator.
        sep: &'static str,
    },
}

/// What the runtime knows of a scalar value type: one row of [`WireType::scalar`], built from
/// the runtime type that holds its values, so a new value type is that type's [`WireValue`]
/// impl, a variant and a row.
struct Scalar {
    /// The spec's name of the type (`date`).
    name: &'static str,
    /// The validity rule: [`WireValue::is_wire`] of the runtime type.
    is_wire: fn(&str) -> bool,
    /// What a value is, in words: [`WireValue::EXPECTED`] of the runtime type.
    expected: &'static str,
    /// A valid wire value, for sample requests.
    sample: &'static str,
    /// Whether documented bounds (`min`, `max`) apply.
    number: bool,
    /// Its JSON Schema, for tools that fill in values (`{"type": "string"}` unless said).
    schema: fn() -> Value,
}

impl Scalar {
    fn of<T: WireValue>(name: &'static str, sample: &'static str) -> Scalar {
        Scalar {
            name,
            is_wire: T::is_wire,
            expected: T::EXPECTED,
            sample,
            number: false,
            schema: || json!({"type": "string"}),
        }
    }

    fn number(self) -> Scalar {
        Scalar {
            number: true,
            ..self
        }
    }

    fn schema(self, schema: fn() -> Value) -> Scalar {
        Scalar { schema, ..self }
    }
}

/// A `yyyy-mm-dd hh:mm:ss` value's schema.
fn date_time_schema() -> Value {
    json!({"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"})
}

/// Everything the runtime says about a value type: validity, the words for what a value is, a
/// sample, its spec name; used by validation (the client, the command-line tool), the mock
/// and `voipms describe`.
impl WireType {
    /// The row of a scalar type; `None` for booleans, value sets and lists, which have parts.
    fn scalar(&self) -> Option<Scalar> {
        Some(match self {
            WireType::String => Scalar::of::<String>("string", "example"),
            WireType::Id => Scalar {
                expected: "an identifier",
                ..Scalar::of::<String>("id", "1")
            },
            WireType::Integer => Scalar::of::<i64>("integer", "1")
                .number()
                .schema(|| json!({"type": "integer"})),
            WireType::Decimal => Scalar::of::<Decimal>("decimal", "1")
                .number()
                .schema(|| json!({"type": ["number", "string"]})),
            WireType::Phone => Scalar::of::<Phone>("phone", "5551234567"),
            WireType::Date => Scalar::of::<Date>("date", "2024-01-01")
                .schema(|| json!({"type": "string", "format": "date"})),
            WireType::DateTime => {
                Scalar::of::<DateTime>("datetime", "2024-01-01 00:00:00").schema(date_time_schema)
            }
            WireType::Timestamp => {
                Scalar::of::<Timestamp>("timestamp", "2024-01-01 00:00:00").schema(date_time_schema)
            }
            WireType::Routing => Scalar::of::<Routing>("routing", "account:100000_VoIP"),
            WireType::Bool(_)
            | WireType::Enum { .. }
            | WireType::Count { .. }
            | WireType::List { .. } => return None,
        })
    }

    /// The first part of wire value `v` that is not a valid value of its type, with that
    /// part's type: `v` itself, or the offending item of a list. `None` when `v` is valid. The
    /// one validity check of request values, used by validation (the client, the command-line
    /// tool) and the mock.
    pub fn first_invalid<'v>(&'static self, v: &'v str) -> Option<(&'v str, &'static WireType)> {
        let ok = match self {
            WireType::Bool(form) => v == form.spell(true) || v == form.spell(false),
            WireType::Enum { values, .. } => values.contains(&v),
            WireType::Count { values, .. } => i64::is_wire(v) || values.contains(&v),
            WireType::List { item, sep } => {
                return v
                    .split(sep)
                    .filter(|s| !s.is_empty())
                    .find_map(|part| item.first_invalid(part));
            }
            scalar => scalar.scalar().is_none_or(|s| (s.is_wire)(v)),
        };
        (!ok).then_some((v, self))
    }

    /// What a value of this type is, in words ("a date (yyyy-mm-dd)", "one of a, b").
    pub fn expected(&self) -> String {
        match self {
            WireType::Bool(form) => format!(
                "a boolean: 1/0, true/false, yes/no or on/off (sent as {}/{})",
                form.spell(true),
                form.spell(false)
            ),
            WireType::Enum { values, .. } => format!("one of {}", values.join(", ")),
            WireType::Count { values, .. } => {
                format!("a whole number or {}", values.join(", "))
            }
            WireType::List { item, sep } => {
                format!("items separated by `{sep}`, each {}", item.expected())
            }
            scalar => scalar
                .scalar()
                .map_or_else(String::new, |s| s.expected.to_string()),
        }
    }

    /// A valid wire value of the type, for sample requests (numbers are `1`; the mock fits
    /// them into a parameter's bounds).
    pub fn sample(&self) -> String {
        match self {
            WireType::Bool(form) => form.spell(true).to_string(),
            WireType::Enum { values, .. } => {
                values.first().copied().unwrap_or_default().to_string()
            }
            WireType::Count { .. } => "1".to_string(),
            WireType::List { item, .. } => item.sample(),
            scalar => scalar
                .scalar()
                .map_or_else(String::new, |s| s.sample.to_string()),
        }
    }

    /// Whether the type is a number (documented bounds apply to it).
    pub fn is_number(&self) -> bool {
        match self {
            WireType::Count { .. } => true,
            other => other.scalar().is_some_and(|s| s.number),
        }
    }

    /// A JSON Schema of one value, for tools that fill values in (the `voipms mcp` server):
    /// booleans as JSON booleans, numbers as numbers, value sets as `enum`, dates with their
    /// form, lists as an array or the separated text. A hint to the tool: values are still
    /// checked by [`WireType::first_invalid`].
    pub fn json_schema(&self) -> Value {
        match self {
            WireType::Bool(_) => json!({"type": "boolean"}),
            WireType::Enum { values, .. } => json!({"type": "string", "enum": values}),
            WireType::Count { values, .. } => json!({"anyOf": [
                {"type": "integer"},
                {"type": "string", "enum": values},
            ]}),
            WireType::List { item, sep } => json!({
                "anyOf": [
                    {"type": "array", "items": item.json_schema()},
                    {"type": "string", "description": format!("items separated by `{sep}`")},
                ]
            }),
            scalar => scalar
                .scalar()
                .map_or_else(|| json!({"type": "string"}), |s| (s.schema)()),
        }
    }

    /// The value set's accepted words, of the type or of its list items.
    pub fn values(&self) -> Option<&'static [&'static str]> {
        match self {
            WireType::Enum { values, .. } | WireType::Count { values, .. } => Some(values),
            WireType::List { item, .. } => item.values(),
            _ => None,
        }
    }
}

/// The spec's spelling of the type (`date`, `bool(1/0)`, `list(phone, ";")`).
impl std::fmt::Display for WireType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireType::Bool(b) => write!(f, "bool({}/{})", b.spell(true), b.spell(false)),
            WireType::Enum { name, .. } => write!(f, "enum({name})"),
            WireType::Count { name, .. } => write!(f, "count({name})"),
            WireType::List { item, sep } => write!(f, "list({item}, \"{sep}\")"),
            scalar => f.write_str(scalar.scalar().map_or("", |s| s.name)),
        }
    }
}

/// One parameter of a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamMeta {
    /// Wire name.
    pub name: &'static str,
    /// Other wire names; the value is sent under each.
    pub aliases: &'static [&'static str],
    /// Wire type.
    pub ty: WireType,
    /// Whether the call needs it.
    pub required: bool,
    /// The documentation's description.
    pub doc: &'static str,
    /// The documentation's example.
    pub example: Option<&'static str>,
    /// The function listing accepted values ("Values from getX").
    pub values_from: Option<&'static str>,
    /// Smallest accepted number.
    pub min: Option<i64>,
    /// Largest accepted number.
    pub max: Option<i64>,
    /// Longest accepted text, in characters.
    pub max_length: Option<u32>,
    /// The status codes VoIP.ms documents for this parameter.
    pub codes: ParamCodes,
}

impl ParamMeta {
    /// Whether `name` is this parameter's wire name or one of its aliases: the one rule for
    /// "is this parameter given", used by validation, the mock and the command-line tool.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }
}

// The generated table states only what differs from these defaults: an optional parameter
// without aliases, example, bounds or documented status codes.
#[allow(
    dead_code,
    reason = "the generated rows of the enabled categories call these; with some categories off, some are not called"
)]
impl ParamMeta {
    pub(crate) const fn new(name: &'static str, ty: WireType, doc: &'static str) -> Self {
        ParamMeta {
            name,
            aliases: &[],
            ty,
            required: false,
            doc,
            example: None,
            values_from: None,
            min: None,
            max: None,
            max_length: None,
            codes: ParamCodes {
                missing: None,
                invalid: None,
                too_long: None,
            },
        }
    }

    pub(crate) const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub(crate) const fn aliases(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }

    pub(crate) const fn example(mut self, example: &'static str) -> Self {
        self.example = Some(example);
        self
    }

    pub(crate) const fn values_from(mut self, function: &'static str) -> Self {
        self.values_from = Some(function);
        self
    }

    pub(crate) const fn min(mut self, min: i64) -> Self {
        self.min = Some(min);
        self
    }

    pub(crate) const fn max(mut self, max: i64) -> Self {
        self.max = Some(max);
        self
    }

    pub(crate) const fn max_length(mut self, chars: u32) -> Self {
        self.max_length = Some(chars);
        self
    }

    pub(crate) const fn missing(mut self, code: &'static ErrorCode) -> Self {
        self.codes.missing = Some(code);
        self
    }

    pub(crate) const fn invalid(mut self, code: &'static ErrorCode) -> Self {
        self.codes.invalid = Some(code);
        self
    }

    pub(crate) const fn too_long(mut self, code: &'static ErrorCode) -> Self {
        self.codes.too_long = Some(code);
        self
    }
}

/// The status codes the error table documents for one parameter, which the
/// [mock](crate::mock) answers; decided by the generator from the spec's error table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamCodes {
    /// When it is absent or empty: `missing_<param>`, else the generic `missing_params`.
    pub missing: Option<&'static ErrorCode>,
    /// When its value breaks a documented rule: `invalid_<param>`, or `invalid_date` /
    /// `invalid_datetime` for a date; `None` when the table documents no code.
    pub invalid: Option<&'static ErrorCode>,
    /// When its text is longer than documented: `<param>_toolong`, if documented.
    pub too_long: Option<&'static ErrorCode>,
}

/// A documented limit on a date range between two parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRangeMeta {
    /// The start parameter.
    pub from: &'static str,
    /// The end parameter.
    pub to: &'static str,
    /// The largest allowed distance in days.
    pub max_days: u32,
}

/// One function of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionMeta {
    /// Wire name (`sendSMS`).
    pub name: &'static str,
    /// Documentation category.
    pub category: &'static str,
    /// Cargo feature / module of its typed binding.
    pub feature: &'static str,
    /// Read, write or spend.
    pub kind: Kind,
    /// The documentation's description.
    pub summary: &'static str,
    /// Parameters in documentation order.
    pub params: &'static [ParamMeta],
    /// No source names the parameters: any name is accepted.
    pub params_undocumented: bool,
    /// The WSDL has an operation for it, so it can be called over SOAP (the few functions
    /// only the documentation lists cannot).
    pub in_wsdl: bool,
    /// A documented date-range limit.
    pub date_range: Option<DateRangeMeta>,
    /// A record listing: its [`crate::Timestamp`]s are reported shifted by this parameter's
    /// number of hours + 5 (observed), undone by the client.
    pub timezone_shift: Option<TimezoneShiftMeta>,
    /// The response fields that hold secrets (passwords, PINs), as paths in drift's notation
    /// (`accounts[].password`): what the `voipms` tool masks in its output.
    pub secrets: &'static [&'static str],
    /// For a read: how `voipms probe` calls it on a user's own account, or why it does not.
    /// `None` for writes and spends, which the probe never calls.
    pub probe: Option<ProbeMeta>,
    /// The status codes it is likely to answer beyond those its parameters' rows
    /// ([`ParamMeta::codes`]) and any call ([`ErrorCode::COMMON`]) can: derived from the spec,
    /// not exhaustive (all of them: [`FunctionMeta::likely_errors`]).
    pub errors: &'static [ErrorCode],
}

impl FunctionMeta {
    /// The status codes the function is likely to answer besides `success`, each once, in
    /// the order of [`ErrorCode::ALL`]: its parameters' ([`ParamMeta::codes`]), its other
    /// codes (its `errors` field: more codes of its parameters, and codes whose
    /// documented text names what it works on) and [`ErrorCode::COMMON`]. Derived from the
    /// spec, not exhaustive: VoIP.ms may answer others.
    ///
    /// ```
    /// # #[cfg(feature = "accounts")] {
    /// use voipms_api::{ErrorCode, Request, accounts::CreateSubAccount};
    /// let likely = CreateSubAccount::meta().likely_errors();
    /// assert!(likely.contains(&ErrorCode::UsedUsername));
    /// assert!(likely.contains(&ErrorCode::InvalidCredentials));
    /// # }
    /// ```
    pub fn likely_errors(&self) -> Vec<ErrorCode> {
        let params = self
            .params
            .iter()
            .flat_map(|p| [p.codes.missing, p.codes.invalid, p.codes.too_long])
            .flatten();
        let named: Vec<&ErrorCode> = params
            .chain(self.errors)
            .chain(&ErrorCode::COMMON[..])
            .collect();
        ErrorCode::ALL
            .iter()
            .filter(|c| named.contains(c))
            .cloned()
            .collect()
    }
}

/// How `voipms probe` treats a read function (the spec's `probe:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeMeta {
    /// Call it with these parameters: every required one, and a date range's.
    Run(&'static [ProbeInput]),
    /// Do not call it, for this reason.
    Skip(&'static str),
}

/// One parameter a probe sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeInput {
    /// The parameter's wire name.
    pub param: &'static str,
    /// Where its value comes from.
    pub source: ProbeSource,
}

/// Where a probe parameter's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeSource {
    /// The value at `path` (drift's notation: `dids[].did`) in the first record of another
    /// read's answer, which the probe calls first.
    Field {
        /// The read whose answer holds the value.
        function: &'static str,
        /// Where in its answer.
        path: &'static str,
    },
    /// This literal.
    Value(&'static str),
    /// The start of a recent window (a date range's start parameter).
    WindowStart,
    /// The end of a recent window: today.
    WindowEnd,
}

/// How a record listing shifts its timestamps (see [`crate::types::timestamp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimezoneShiftMeta {
    /// The parameter holding the number of hours (`timezone`).
    pub param: &'static str,
    /// The number VoIP.ms takes when the parameter is not sent, if known.
    pub omitted: Option<&'static str>,
}

impl FunctionMeta {
    /// The parameter with this wire name or alias.
    pub fn param(&self, name: &str) -> Option<&'static ParamMeta> {
        self.params.iter().find(|p| p.is_named(name))
    }

    /// The `timezone` number of a call whose parameters `param` looks up, for
    /// [`decode_with_shift`](crate::types::timestamp::decode_with_shift): the number sent, or
    /// the one VoIP.ms takes when none is sent; `None` for a function that reports no shifted
    /// times.
    pub fn request_shift<'a>(
        &self,
        param: impl Fn(&str) -> Option<&'a str>,
    ) -> Option<rust_decimal::Decimal> {
        let shift = self.timezone_shift?;
        param(shift.param)
            .filter(|v| !v.trim().is_empty())
            .or(shift.omitted)
            .and_then(|v| v.trim().parse().ok())
    }
}

// The generated table states only what differs from these defaults: a function with documented
// parameters, in the WSDL, without date range, time shift, secrets or probe.
#[allow(
    dead_code,
    reason = "the generated rows of the enabled categories call these; with some categories off, some are not called"
)]
impl FunctionMeta {
    pub(crate) const fn new(
        name: &'static str,
        category: &'static str,
        feature: &'static str,
        kind: Kind,
        summary: &'static str,
        params: &'static [ParamMeta],
    ) -> Self {
        FunctionMeta {
            name,
            category,
            feature,
            kind,
            summary,
            params,
            params_undocumented: false,
            in_wsdl: true,
            date_range: None,
            timezone_shift: None,
            secrets: &[],
            probe: None,
            errors: &[],
        }
    }

    pub(crate) const fn params_undocumented(mut self) -> Self {
        self.params_undocumented = true;
        self
    }

    pub(crate) const fn not_in_wsdl(mut self) -> Self {
        self.in_wsdl = false;
        self
    }

    pub(crate) const fn date_range(mut self, range: DateRangeMeta) -> Self {
        self.date_range = Some(range);
        self
    }

    pub(crate) const fn timezone_shift(mut self, shift: TimezoneShiftMeta) -> Self {
        self.timezone_shift = Some(shift);
        self
    }

    pub(crate) const fn secrets(mut self, paths: &'static [&'static str]) -> Self {
        self.secrets = paths;
        self
    }

    pub(crate) const fn probe(mut self, probe: ProbeMeta) -> Self {
        self.probe = Some(probe);
        self
    }

    pub(crate) const fn errors(mut self, codes: &'static [ErrorCode]) -> Self {
        self.errors = codes;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TYPES: [WireType; 13] = [
        WireType::String,
        WireType::Integer,
        WireType::Decimal,
        WireType::Phone,
        WireType::Id,
        WireType::Date,
        WireType::DateTime,
        WireType::Timestamp,
        WireType::Routing,
        WireType::Bool(BoolForm::YesNo),
        WireType::Enum {
            name: "Mode",
            values: &["a", "b"],
        },
        WireType::Count {
            name: "Limit",
            values: &["Unlimited"],
        },
        WireType::List {
            item: &WireType::Integer,
            sep: ",",
        },
    ];

    #[test]
    fn a_parameter_goes_by_its_name_and_aliases() {
        let f = crate::catalog::function("getResellerMMS").expect("in the spec");
        let p = f.param("sms").expect("an alias finds its parameter");
        assert_eq!(p.name, "mms");
        assert!(p.is_named("mms") && p.is_named("sms"));
        assert!(!p.is_named("message"));
    }

    #[test]
    fn every_type_has_a_json_schema_its_sample_fits() {
        for t in &TYPES {
            let schema = t.json_schema();
            assert!(
                schema.get("type").or(schema.get("anyOf")).is_some(),
                "{t}: {schema}"
            );
            // A text type with a pattern (`yyyy-mm-dd hh:mm:ss`): the sample has its form.
            if schema.get("pattern").is_some() {
                let sample = t.sample();
                let digits = sample.bytes().filter(u8::is_ascii_digit).count();
                assert_eq!((sample.len(), digits), (19, 14), "{t}");
            }
        }
        assert_eq!(WireType::Integer.json_schema(), json!({"type": "integer"}));
        assert_eq!(
            WireType::Date.json_schema(),
            json!({"type": "string", "format": "date"})
        );
        assert_eq!(WireType::Routing.json_schema(), json!({"type": "string"}));
    }

    #[test]
    fn every_type_samples_a_valid_value() {
        for t in &TYPES {
            assert_eq!(t.first_invalid(&t.sample()), None, "{t}");
        }
    }

    #[test]
    fn requests_are_checked_in_wire_form() {
        let [
            _,
            int,
            _,
            phone,
            _,
            date,
            datetime,
            _,
            _,
            yes_no,
            mode,
            limit,
            list,
        ] = &TYPES;
        assert_eq!(int.first_invalid("-5"), None);
        assert_eq!(int.first_invalid(" 5"), Some((" 5", int)));
        // A date field of a response may carry a time; a request sends the date alone.
        assert_eq!(date.first_invalid("2024-01-31"), None);
        assert!(date.first_invalid("2024-01-31 10:00:00").is_some());
        assert!(datetime.first_invalid("2024-01-31").is_some());
        assert!(phone.first_invalid("555-123-4567").is_some());
        assert_eq!(yes_no.first_invalid("yes"), None);
        assert!(yes_no.first_invalid("1").is_some());
        assert!(mode.first_invalid("c").is_some());
        assert_eq!(limit.first_invalid("Unlimited"), None);
        assert_eq!(limit.first_invalid("12"), None);
        assert_eq!(list.first_invalid("1,x,3"), Some(("x", &WireType::Integer)));
        assert_eq!(list.first_invalid("1,,3"), None);
        assert_eq!(list.expected(), "items separated by `,`, each an integer");
    }
}
