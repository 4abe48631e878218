//! Inbound callbacks (`callbacks.yaml`): the event types a receiver parses.
//!
//! Matched by callback name, fields by name. A change to how a value arrives (method, body form,
//! reply, placeholder, query parameter, JSON path) breaks receivers already deployed; a field's
//! type or requiredness changes its Rust type.

use super::{Finding, Rule, flag, opt};
use crate::spec::callbacks::FILE;
use crate::spec::{Callback, CallbackField, Spec};

/// Compares the callbacks of two specs.
pub fn compare(old: &Spec, new: &Spec, out: &mut Vec<Finding>) {
    let find = |spec: &'_ Spec, name: &str| spec.callbacks.iter().find(|c| c.name == name).cloned();
    for o in &old.callbacks {
        if find(new, &o.name).is_none() {
            let path = format!("callbacks.{}", o.name);
            out.push(
                Finding::new(Rule::CallbackRemoved, &path, "inbound callback removed")
                    .old(describe(o))
                    .at(FILE, path.clone()),
            );
        }
    }
    for n in &new.callbacks {
        let path = format!("callbacks.{}", n.name);
        let Some(o) = find(old, &n.name) else {
            out.push(
                Finding::new(Rule::CallbackAdded, &path, "inbound callback added")
                    .new_value(describe(n))
                    .at(FILE, path.clone()),
            );
            continue;
        };
        let mut push = |rule: Rule, key: &str, what: &str, old: String, new: String| {
            out.push(
                Finding::new(rule, format!("{path}.{key}"), what)
                    .values(old, new)
                    .at(FILE, format!("{path}.{key}")),
            );
        };
        let wire = Rule::CallbackWireChanged;
        if o.event != n.event {
            push(
                wire,
                "event",
                "event type renamed",
                o.event.clone(),
                n.event.clone(),
            );
        }
        if o.method != n.method {
            let (a, b) = (o.method.as_str().into(), n.method.as_str().into());
            push(wire, "method", "HTTP method changed", a, b);
        }
        if o.body != n.body {
            let (a, b) = (o.body.as_str().into(), n.body.as_str().into());
            push(wire, "body", "body form changed", a, b);
        }
        if o.reply != n.reply {
            push(
                wire,
                "reply",
                "expected reply changed",
                opt(&o.reply),
                opt(&n.reply),
            );
        }
        let doc = Rule::CallbackDocChanged;
        if o.summary != n.summary {
            push(
                doc,
                "summary",
                "summary changed",
                o.summary.clone(),
                n.summary.clone(),
            );
        }
        if o.note != n.note {
            push(doc, "note", "note changed", opt(&o.note), opt(&n.note));
        }
        if o.configured_by != n.configured_by {
            let list = |c: &Callback| {
                c.configured_by
                    .iter()
                    .map(|c| format!("{}({})", c.function, c.params.join(", ")))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            push(
                doc,
                "configured_by",
                "configuring parameters changed",
                list(&o),
                list(n),
            );
        }
        fields(&path, &o, n, out);
        // Every key compared above and the fields, taken from `n`: what still differs is a key no
        // rule knows.
        let probe = Callback {
            name: n.name.clone(),
            event: n.event.clone(),
            summary: n.summary.clone(),
            method: n.method,
            body: n.body,
            reply: n.reply.clone(),
            note: n.note.clone(),
            configured_by: n.configured_by.clone(),
            fields: n.fields.clone(),
        };
        if probe != *n {
            out.push(Finding::unclassified(&path).at(FILE, path.clone()));
        }
    }
}

fn fields(path: &str, o: &Callback, n: &Callback, out: &mut Vec<Finding>) {
    for of in &o.fields {
        if !n.fields.iter().any(|f| f.name == of.name) {
            let fpath = format!("{path}.fields.{}", of.name);
            out.push(
                Finding::new(Rule::CallbackFieldRemoved, &fpath, "event field removed")
                    .old(field_type(of))
                    .at(FILE, fpath.clone()),
            );
        }
    }
    for nf in &n.fields {
        let fpath = format!("{path}.fields.{}", nf.name);
        let Some(of) = o.fields.iter().find(|f| f.name == nf.name) else {
            out.push(
                Finding::new(Rule::CallbackFieldAdded, &fpath, "event field added")
                    .new_value(field_type(nf))
                    .at(FILE, fpath.clone()),
            );
            continue;
        };
        let mut push = |rule: Rule, key: &str, what: &str, old: String, new: String| {
            out.push(
                Finding::new(rule, format!("{fpath}.{key}"), what)
                    .values(old, new)
                    .at(FILE, format!("{fpath}.{key}")),
            );
        };
        if field_type(of) != field_type(nf) {
            push(
                Rule::CallbackFieldTypeChanged,
                "type",
                "event field type changed",
                field_type(of),
                field_type(nf),
            );
        } else if of.path != nf.path {
            push(
                Rule::CallbackWireChanged,
                "path",
                "JSON path changed",
                opt(&of.path),
                opt(&nf.path),
            );
        }
        if of.placeholder != nf.placeholder {
            let (a, b) = (opt(&of.placeholder), opt(&nf.placeholder));
            push(
                Rule::CallbackWireChanged,
                "placeholder",
                "placeholder changed",
                a,
                b,
            );
        }
        if of.param != nf.param {
            let (a, b) = (opt(&of.param), opt(&nf.param));
            push(
                Rule::CallbackWireChanged,
                "param",
                "query parameter changed",
                a,
                b,
            );
        }
        if of.doc != nf.doc {
            push(
                Rule::CallbackDocChanged,
                "doc",
                "field doc changed",
                of.doc.clone(),
                nf.doc.clone(),
            );
        }
        if of.source != nf.source {
            let (a, b) = (of.source.as_str().into(), nf.source.as_str().into());
            push(
                Rule::CallbackDocChanged,
                "source",
                "documented/observed changed",
                a,
                b,
            );
        }
        let probe = CallbackField {
            name: nf.name.clone(),
            ty: nf.ty.clone(),
            required: nf.required,
            source: nf.source,
            placeholder: nf.placeholder.clone(),
            param: nf.param.clone(),
            path: nf.path.clone(),
            doc: nf.doc.clone(),
        };
        if probe != *nf {
            out.push(Finding::unclassified(&fpath).at(FILE, fpath.clone()));
        }
    }
}

/// `GET query, event InboundSms`
fn describe(c: &Callback) -> String {
    format!(
        "{} {}, event {}",
        c.method.as_str(),
        c.body.as_str(),
        c.event
    )
}

/// The field's Rust-visible type: its type, required or optional, one value or a list.
fn field_type(f: &CallbackField) -> String {
    let ty = f.ty.to_string();
    if f.is_many() {
        format!("list of {ty}")
    } else {
        format!("{ty}, required: {}", flag(f.required))
    }
}
