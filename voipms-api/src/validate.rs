//! Local validation: documented constraints checked before anything is sent.
//!
//! Data-driven from the metadata table, so typed calls and raw calls get the same checks.
//!
//! Before checking, [`prepare`] rewrites the spellings VoIP.ms answers with and people write
//! into the parameter's wire form: any usual boolean spelling ([`BoolForm::read`]) becomes the
//! parameter's own form, a phone number becomes its documented digits ([`Phone::parse`]). So a
//! value read from a response can always be sent back.
//!
//! Whether a value is valid for its type is [`WireType::first_invalid`], the one check the
//! client, the command-line tool and the [mock](crate::mock) share. A [`ValidationError`]
//! says which parameter ([`Subject`]) and which rule ([`Rule`]).

use std::borrow::Cow;

use crate::meta::{BoolForm, FunctionMeta, ParamMeta, WireType};
use crate::redact::mask;
use crate::types::{Date, DateTime, ParsePhoneError, Phone};
use crate::wire::Form;

/// A parameter that breaks a documented rule.
///
/// Displayed as ``function: parameter `name`: rule``, e.g.
/// ``getCDR: parameter `date_from/date_to`: the range spans 120 days, at most 92 allowed``.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{function}: parameter `{subject}`: {rule}")]
pub struct ValidationError {
    /// The function.
    pub function: String,
    /// The parameter, or both ends of a date range.
    pub subject: Subject,
    /// The rule broken.
    pub rule: Rule,
}

/// What a [`ValidationError`] is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Subject {
    /// A documented parameter, by its documented wire name.
    Param(&'static str),
    /// A name the function does not document, as given (raw calls).
    Undocumented(String),
    /// Both ends of a documented date range.
    DateRange {
        /// The start parameter.
        from: &'static str,
        /// The end parameter.
        to: &'static str,
    },
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Param(p) => f.write_str(p),
            Subject::Undocumented(p) => f.write_str(p),
            Subject::DateRange { from, to } => write!(f, "{from}/{to}"),
        }
    }
}

/// The documented rule a [`ValidationError`] breaks; its `Display` says it in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rule {
    /// A required parameter is absent.
    #[error("is required")]
    Required,
    /// A raw call names a parameter the function does not document.
    #[error("is not a parameter of this function")]
    Undocumented,
    /// A value (or a list item) is not a value of its type.
    #[error("`{value}` is not {}", ty.expected())]
    NotOfType {
        /// The offending value or list item.
        value: String,
        /// Its type.
        ty: &'static WireType,
    },
    /// A value is not a phone number in any accepted spelling.
    #[error(transparent)]
    Phone(ParsePhoneError),
    /// A text is longer than documented.
    #[error("is {chars} characters long, at most {max} allowed")]
    TooLong {
        /// Its length in characters.
        chars: usize,
        /// The documented limit.
        max: u32,
    },
    /// A number is below the documented minimum.
    #[error("{value} is below the minimum {min}")]
    BelowMin {
        /// The value.
        value: String,
        /// The minimum.
        min: i64,
    },
    /// A number is above the documented maximum.
    #[error("{value} is above the maximum {max}")]
    AboveMax {
        /// The value.
        value: String,
        /// The maximum.
        max: i64,
    },
    /// A date range ends before it starts.
    #[error("the start ({from}) is after the end ({to})")]
    Reversed {
        /// The start.
        from: Date,
        /// The end.
        to: Date,
    },
    /// A date range spans more days than documented.
    #[error("the range spans {days} days, at most {max_days} allowed")]
    RangeTooLong {
        /// Its length in days.
        days: i64,
        /// The documented limit.
        max_days: u32,
    },
    /// [`crate::Client::records`] needs both ends of the range to split it into windows.
    #[error("is needed to split the range into windows")]
    NeededForWindows,
    /// Over SOAP, a function or parameter name must be an XML element name (REST takes any).
    #[error("is not an XML element name, which a SOAP request needs (use the REST transport)")]
    NotElementName,
}

impl ValidationError {
    /// The error with `secret` masked wherever it quotes a value (a value may be the password
    /// by mistake): errors never show the API password.
    pub(crate) fn masked(mut self, secret: &str) -> ValidationError {
        if let Subject::Undocumented(name) = &mut self.subject {
            *name = mask(std::mem::take(name), secret);
        }
        self.rule = match self.rule {
            Rule::NotOfType { value, ty } => Rule::NotOfType {
                value: mask(value, secret),
                ty,
            },
            Rule::Phone(e) => Rule::Phone(e.map_input(|i| crate::redact::mask(i, secret))),
            Rule::BelowMin { value, min } => Rule::BelowMin {
                value: mask(value, secret),
                min,
            },
            Rule::AboveMax { value, max } => Rule::AboveMax {
                value: mask(value, secret),
                max,
            },
            other => other,
        };
        self
    }
}

fn fail(f: &FunctionMeta, subject: Subject, rule: Rule) -> ValidationError {
    ValidationError {
        function: f.name.to_string(),
        subject,
        rule,
    }
}

/// The wire spelling of `v` when it is written in another accepted spelling of its type;
/// `None` when it is already in wire form or its type has no other spellings (what is left is
/// for [`WireType::first_invalid`] to judge).
fn to_wire(
    f: &FunctionMeta,
    p: &ParamMeta,
    ty: &WireType,
    v: &str,
) -> Result<Option<String>, ValidationError> {
    Ok(match ty {
        WireType::Bool(form) => BoolForm::read(v)
            .map(|b| form.spell(b))
            .filter(|w| *w != v)
            .map(str::to_string),
        WireType::Phone => {
            let phone =
                Phone::parse(v).map_err(|e| fail(f, Subject::Param(p.name), Rule::Phone(e)))?;
            (phone.as_str() != v).then(|| phone.into_string())
        }
        WireType::List { item, sep } => {
            let mut changed = false;
            let mut parts = Vec::new();
            for part in v.split(sep) {
                // Empty items are left for `WireType::first_invalid`, which skips them too.
                let rewritten = if part.is_empty() {
                    None
                } else {
                    to_wire(f, p, item, part)?
                };
                match rewritten {
                    Some(w) => {
                        changed = true;
                        parts.push(Cow::Owned(w));
                    }
                    None => parts.push(Cow::Borrowed(part)),
                }
            }
            changed.then(|| parts.join(sep))
        }
        _ => None,
    })
}

/// Rewrites the values of `form` written in another accepted spelling (booleans, phone
/// numbers; see the [module](self) documentation) into their wire form, then [`check`]s the
/// result. Returns the form to send: `form` itself when nothing needed rewriting.
pub fn prepare<'a>(
    f: &FunctionMeta,
    form: &'a Form,
    strict_names: bool,
) -> Result<Cow<'a, Form>, ValidationError> {
    let mut out = Cow::Borrowed(form);
    for (i, (name, v)) in form.pairs().enumerate() {
        let Some(p) = f.param(name) else { continue };
        if v.is_empty() && !p.required {
            continue;
        }
        if let Some(w) = to_wire(f, p, &p.ty, v)? {
            out.to_mut().set_value(i, w);
        }
    }
    check(f, &out, strict_names)?;
    Ok(out)
}

/// Checks every pair of `form` against `f`'s documented parameters, in their wire form
/// ([`prepare`] rewrites other accepted spellings first). `strict_names` rejects
/// parameters the function does not document (raw calls); typed calls only send known ones.
pub fn check(f: &FunctionMeta, form: &Form, strict_names: bool) -> Result<(), ValidationError> {
    for p in f.params {
        let present = form.pairs().any(|(name, _)| p.is_named(name));
        if p.required && !present {
            return Err(fail(f, Subject::Param(p.name), Rule::Required));
        }
    }
    for (name, v) in form.pairs() {
        let Some(p) = f.param(name) else {
            if strict_names && !f.params_undocumented {
                return Err(fail(
                    f,
                    Subject::Undocumented(name.to_string()),
                    Rule::Undocumented,
                ));
            }
            continue;
        };
        if v.is_empty() && !p.required {
            continue;
        }
        let param = || Subject::Param(p.name);
        if let Some((value, ty)) = p.ty.first_invalid(v) {
            let value = value.to_string();
            return Err(fail(f, param(), Rule::NotOfType { value, ty }));
        }
        if let Some(max) = p.max_length {
            let chars = v.chars().count();
            if chars > max as usize {
                return Err(fail(f, param(), Rule::TooLong { chars, max }));
            }
        }
        if (p.min.is_some() || p.max.is_some())
            && let Ok(x) = v.parse::<rust_decimal::Decimal>()
        {
            if let Some(min) = p.min
                && x < rust_decimal::Decimal::from(min)
            {
                let value = v.to_string();
                return Err(fail(f, param(), Rule::BelowMin { value, min }));
            }
            if let Some(max) = p.max
                && x > rust_decimal::Decimal::from(max)
            {
                let value = v.to_string();
                return Err(fail(f, param(), Rule::AboveMax { value, max }));
            }
        }
    }
    if let Some(r) = f.date_range {
        let day = |name: &str| {
            form.get(name).filter(|v| !v.is_empty()).and_then(|v| {
                v.parse::<Date>()
                    .ok()
                    .or_else(|| v.parse::<DateTime>().ok().map(DateTime::date))
            })
        };
        if let (Some(from), Some(to)) = (day(r.from), day(r.to)) {
            let both = Subject::DateRange {
                from: r.from,
                to: r.to,
            };
            if to < from {
                return Err(fail(f, both, Rule::Reversed { from, to }));
            }
            let days = from.days_until(to);
            if days > i64::from(r.max_days) {
                let max_days = r.max_days;
                return Err(fail(f, both, Rule::RangeTooLong { days, max_days }));
            }
        }
    }
    Ok(())
}
