//! Local validation: documented constraints checked before anything is sent.
//!
//! Data-driven from the metadata table, so typed calls and raw calls get the same checks.
//!
//! Before checking, [`prepare`] rewrites the spellings VoIP.ms answers with and people write
//! into the parameter's wire form: any usual boolean spelling ([`BoolForm::read`]) becomes the
//! parameter's own form, a phone number becomes its documented digits ([`Phone::parse`]). So a
//! value read from a response can always be sent back.

use std::borrow::Cow;

use crate::meta::{BoolForm, FunctionMeta, ParamMeta, WireType};
use crate::types::{Date, DateTime, Phone, Routing};
use crate::wire::Form;

/// A parameter that breaks a documented rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{function}: parameter `{param}`: {rule}")]
pub struct ValidationError {
    /// The function.
    pub function: String,
    /// The parameter (or both, for a date range).
    pub param: String,
    /// The rule broken, in words.
    pub rule: String,
}

fn fail(f: &FunctionMeta, param: &str, rule: String) -> ValidationError {
    ValidationError {
        function: f.name.to_string(),
        param: param.to_string(),
        rule,
    }
}

/// Checks one wire value against its type.
fn check_type(
    f: &FunctionMeta,
    p: &ParamMeta,
    ty: &WireType,
    v: &str,
) -> Result<(), ValidationError> {
    let ok = match ty {
        WireType::String | WireType::Id => true,
        WireType::Phone => v.bytes().all(|b| b.is_ascii_digit()) && Phone::parse(v).is_ok(),
        WireType::Integer => v.parse::<i64>().is_ok(),
        WireType::Decimal => v.parse::<rust_decimal::Decimal>().is_ok(),
        WireType::Date => v.parse::<Date>().is_ok(),
        WireType::DateTime => v.parse::<DateTime>().is_ok(),
        WireType::Routing => v.parse::<Routing>().is_ok(),
        WireType::Bool(form) => v == form.spell(true) || v == form.spell(false),
        WireType::Enum { values, .. } => values.contains(&v),
        WireType::Count { values, .. } => v.parse::<i64>().is_ok() || values.contains(&v),
        WireType::List { item, sep } => {
            for part in v.split(sep).filter(|s| !s.is_empty()) {
                check_type(f, p, item, part)?;
            }
            true
        }
    };
    if ok {
        return Ok(());
    }
    let expected = match ty {
        WireType::Enum { values, .. } => format!("one of {}", values.join(", ")),
        WireType::Count { values, .. } => format!("a whole number or {}", values.join(", ")),
        WireType::Phone => "a phone number (digits only)".to_string(),
        WireType::Bool(form) => format!(
            "a boolean: 1/0, true/false, yes/no or on/off (sent as {}/{})",
            form.spell(true),
            form.spell(false)
        ),
        other => format!("a {other}"),
    };
    Err(fail(f, p.name, format!("`{v}` is not {expected}")))
}

/// The wire spelling of `v` when it is written in another accepted spelling of its type;
/// `None` when it is already in wire form or its type has no other spellings (what is left is
/// for [`check_type`] to judge).
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
            let phone = Phone::parse(v).map_err(|e| fail(f, p.name, e.to_string()))?;
            (phone.as_str() != v).then(|| phone.into_string())
        }
        WireType::List { item, sep } => {
            let mut changed = false;
            let mut parts = Vec::new();
            for part in v.split(sep) {
                // Empty items are left for `check_type`, which skips them too.
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
        let present = form.get(p.name).is_some() || p.aliases.iter().any(|a| form.get(a).is_some());
        if p.required && !present {
            return Err(fail(f, p.name, "is required".to_string()));
        }
    }
    for (name, v) in form.pairs() {
        let Some(p) = f.param(name) else {
            if strict_names && !f.params_undocumented {
                return Err(fail(
                    f,
                    name,
                    "is not a parameter of this function".to_string(),
                ));
            }
            continue;
        };
        if v.is_empty() && !p.required {
            continue;
        }
        check_type(f, p, &p.ty, v)?;
        if let Some(max) = p.max_length {
            let n = v.chars().count();
            if n > max as usize {
                return Err(fail(
                    f,
                    p.name,
                    format!("is {n} characters long, at most {max} allowed"),
                ));
            }
        }
        if (p.min.is_some() || p.max.is_some())
            && let Ok(x) = v.parse::<rust_decimal::Decimal>()
        {
            if let Some(min) = p.min
                && x < rust_decimal::Decimal::from(min)
            {
                return Err(fail(f, p.name, format!("{v} is below the minimum {min}")));
            }
            if let Some(max) = p.max
                && x > rust_decimal::Decimal::from(max)
            {
                return Err(fail(f, p.name, format!("{v} is above the maximum {max}")));
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
            let both = format!("{}/{}", r.from, r.to);
            if to < from {
                return Err(fail(
                    f,
                    &both,
                    format!("{} ({from}) is after {} ({to})", r.from, r.to),
                ));
            }
            let days = from.days_until(to);
            if days > i64::from(r.max_days) {
                return Err(fail(
                    f,
                    &both,
                    format!(
                        "the range spans {days} days, at most {} allowed",
                        r.max_days
                    ),
                ));
            }
        }
    }
    Ok(())
}
