//! The rule catalogue: every kind of change the diff reports, with a stable id, a level and a
//! direction.
//!
//! Ids are stable: scripts, ignore files and the JSON report name them. A rule's level never
//! depends on the spec; where the same change can be harmless or breaking (a value added to a set
//! read from responses or only sent in requests), there are two rules.

use std::fmt;

/// How much a change can hurt a user of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Harmless: an addition, a relaxation or documentation.
    Info,
    /// Possibly breaking: behaviour changes, or code that matched exhaustively may need a look.
    Warning,
    /// Breaks callers or their expectations.
    Breaking,
}

impl Level {
    /// Every level, most severe first (the order reports use).
    pub const ALL: [Level; 3] = [Level::Breaking, Level::Warning, Level::Info];

    /// The spelling used in reports, ignore files and `--fail-on`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }

    /// Parses `breaking`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which side of a call a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// What callers send: functions, parameters, values they pass.
    Request,
    /// What callers get back: response fields, values they read, status codes.
    Response,
}

impl Direction {
    /// The spelling used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares the rules: variant, id, level, direction and what it means, in catalogue order.
macro_rules! rules {
    ($($variant:ident => ($id:literal, $level:ident, $dir:ident, $text:literal),)*) => {
        /// A kind of change, with a stable id (see the module docs and [`Rule::ALL`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(#[doc = $text] $variant,)*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable id (`request-param-removed`).
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// How much the change can hurt.
            pub fn level(self) -> Level {
                match self { $(Rule::$variant => Level::$level,)* }
            }

            /// Which side of a call it is about.
            pub fn direction(self) -> Direction {
                match self { $(Rule::$variant => Direction::$dir,)* }
            }

            /// What the rule reports, and why it has its level.
            pub fn description(self) -> &'static str {
                match self { $(Rule::$variant => $text,)* }
            }
        }
    };
}

rules! {
    // Functions.
    FunctionAdded => ("function-added", Info, Request,
        "A function was added: a new client method."),
    FunctionRemoved => ("function-removed", Breaking, Request,
        "A function was removed without being marked `deprecated: true` first."),
    DeprecatedFunctionRemoved => ("deprecated-function-removed", Info, Request,
        "A function marked `deprecated: true` was removed, as announced."),
    FunctionDeprecationChanged => ("function-deprecation-changed", Info, Request,
        "A function's `deprecated` flag was set or cleared."),
    FunctionKindReadToSpend => ("function-kind-read-to-spend", Breaking, Request,
        "A read-only function now spends money or sends something: callers that polled it or relied on retries now spend."),
    FunctionKindEscalated => ("function-kind-escalated", Warning, Request,
        "A function moved from read to write or from write to spend: it is no longer retried the same way and its calls now change (or cost) more."),
    FunctionKindNowRetried => ("function-kind-now-retried", Warning, Request,
        "A write or spend function became read: the client now retries it after transient errors, so one call may reach the service more than once."),
    FunctionKindRelaxed => ("function-kind-relaxed", Info, Request,
        "A spend function became write: neither kind is retried, and its calls cost less."),
    FunctionFeatureChanged => ("function-feature-changed", Breaking, Request,
        "A function moved to another category file: its client method is now behind another cargo feature."),
    FunctionSourceChanged => ("function-source-changed", Info, Request,
        "A function's `source` (documentation, WSDL, both) changed."),
    ProbePlanChanged => ("probe-plan-changed", Info, Request,
        "How `voipms probe` calls a read (`probe:`: its parameters' sources, or its skip reason) changed; no client code changes."),
    FunctionDocChanged => ("function-doc-changed", Info, Request,
        "A function's summary, note, category name, file (same feature) or `stub` flag changed."),
    RequestParamsFormChanged => ("request-params-form-changed", Breaking, Request,
        "A function's parameters became `undocumented` (an open map) or documented (a typed request): the request type changes."),
    // Parameters.
    RequestParamAddedRequired => ("request-param-added-required", Breaking, Request,
        "A required parameter was added: existing calls lack it."),
    RequestParamAddedOptional => ("request-param-added-optional", Info, Request,
        "An optional parameter was added: a new setter."),
    RequestParamRemoved => ("request-param-removed", Breaking, Request,
        "A parameter was removed without being marked `deprecated: true` first."),
    DeprecatedRequestParamRemoved => ("deprecated-request-param-removed", Info, Request,
        "A parameter marked `deprecated: true` was removed, as announced."),
    RequestParamBecameRequired => ("request-param-became-required", Breaking, Request,
        "An optional parameter became required: calls without it fail."),
    RequestParamBecameOptional => ("request-param-became-optional", Info, Request,
        "A required parameter became optional (the constructor loses an argument: see the crate API section)."),
    RequestParamTypeChanged => ("request-param-type-changed", Breaking, Request,
        "A parameter's type changed to one with another Rust type."),
    RequestParamWireFormChanged => ("request-param-wire-form-changed", Breaking, Request,
        "A parameter's wire form changed with the same Rust type (boolean form, list separator, string/phone/id): values are sent differently."),
    RequestRequiredParamsReordered => ("request-required-params-reordered", Breaking, Request,
        "Required parameters changed order: the constructor's arguments change places."),
    RequestParamConstraintTightened => ("request-param-constraint-tightened", Warning, Request,
        "A checked limit became stricter or was added (`min`, `max`, `max_length`, `date_range`): values that passed may now be refused before sending."),
    RequestParamConstraintRelaxed => ("request-param-constraint-relaxed", Info, Request,
        "A checked limit became looser or was removed."),
    RequestParamAliasAdded => ("request-param-alias-added", Info, Request,
        "A parameter gained an alias: its value is also sent under that name."),
    RequestParamAliasRemoved => ("request-param-alias-removed", Warning, Request,
        "A parameter lost an alias: its value is no longer sent under that name."),
    RequestParamDeprecationChanged => ("request-param-deprecation-changed", Info, Request,
        "A parameter's `deprecated` flag was set or cleared."),
    RequestParamDocChanged => ("request-param-doc-changed", Info, Request,
        "A parameter's doc, note or `values_from` changed."),
    RequestParamExampleChanged => ("request-param-example-changed", Info, Request,
        "A parameter's example changed."),
    // Responses.
    ResponseBecameTyped => ("response-became-typed", Breaking, Response,
        "A function gained a documented response: its method returns a typed struct instead of `RawResponse`."),
    ResponseBecameUntyped => ("response-became-untyped", Breaking, Response,
        "A function's documented response was removed: its method returns `RawResponse` instead of a typed struct."),
    ResponseFieldAdded => ("response-field-added", Info, Response,
        "A response field was added."),
    ResponseFieldRemoved => ("response-field-removed", Breaking, Response,
        "A response field was removed."),
    ResponseFieldTypeChanged => ("response-field-type-changed", Breaking, Response,
        "A response field's type or shape changed to one with another Rust type."),
    ResponseFieldWireFormChanged => ("response-field-wire-form-changed", Breaking, Response,
        "A response field's wire form changed with the same Rust type: values are decoded differently."),
    ResponseFieldExampleChanged => ("response-field-example-changed", Info, Response,
        "A response field's example changed."),
    // Value sets.
    ValueSetAdded => ("value-set-added", Info, Request,
        "A value set was added: a new enum."),
    ValueSetRemoved => ("value-set-removed", Breaking, Request,
        "A value set was removed: its enum disappears."),
    RequestEnumValueAdded => ("request-enum-value-added", Info, Request,
        "A value was added to a set used only in requests: callers may send it."),
    ResponseEnumValueAdded => ("response-enum-value-added", Warning, Response,
        "A value was added to a set read from responses: it used to decode as `Unknown(..)` and now has its own variant, so code matching on it may need a look."),
    RequestEnumValueRemoved => ("request-enum-value-removed", Breaking, Request,
        "A value was removed from a set used in requests: its variant disappears."),
    ResponseEnumValueRemoved => ("response-enum-value-removed", Breaking, Response,
        "A value was removed from a set used only in responses: its variant disappears and the value decodes as `Unknown(..)`."),
    EnumVariantRenamed => ("enum-variant-renamed", Breaking, Request,
        "A value kept its wire string but its Rust variant name changed."),
    ValueSetDocChanged => ("value-set-doc-changed", Info, Request,
        "The doc of a value set or of one of its values changed."),
    // Status codes.
    ErrorCodeAdded => ("error-code-added", Info, Response,
        "A status code was added: a new `ErrorCode` variant."),
    ErrorCodeRemoved => ("error-code-removed", Breaking, Response,
        "A status code was removed: its `ErrorCode` variant disappears."),
    ErrorEmptyListChanged => ("error-empty-list-changed", Warning, Response,
        "A status code's `empty_list` flag changed: typed calls now return an empty list where they failed, or fail where they returned an empty list."),
    ErrorRetryableChanged => ("error-retryable-changed", Info, Response,
        "A status code's `retryable` flag changed: the retry policy treats it differently."),
    ErrorDescriptionChanged => ("error-description-changed", Info, Response,
        "A status code's description changed."),
    // Inbound callbacks.
    CallbackAdded => ("callback-added", Info, Response,
        "An inbound callback was added: a new event type."),
    CallbackRemoved => ("callback-removed", Breaking, Response,
        "An inbound callback was removed: its event type disappears."),
    CallbackWireChanged => ("callback-wire-changed", Breaking, Response,
        "How an inbound callback arrives changed (event type name, method, body form, reply, placeholder, query parameter, JSON path): deployed receivers and configured URLs no longer match."),
    CallbackFieldAdded => ("callback-field-added", Info, Response,
        "An inbound callback gained a field."),
    CallbackFieldRemoved => ("callback-field-removed", Breaking, Response,
        "An inbound callback lost a field."),
    CallbackFieldTypeChanged => ("callback-field-type-changed", Breaking, Response,
        "An inbound callback field's type, requiredness or list-ness changed: its Rust type changes."),
    CallbackDocChanged => ("callback-doc-changed", Info, Response,
        "An inbound callback's summary, note or configuring parameters, or a field's doc or documented/observed source changed."),
    // The safety net.
    UnclassifiedChange => ("unclassified-change", Warning, Request,
        "Something changed that no other rule classifies (a spec key newer than this catalogue): review it by hand, and teach the diff a rule."),
}

impl Rule {
    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// The catalogue as a Markdown table (id, level, direction, meaning), for the documentation.
    pub fn catalogue_markdown() -> String {
        let mut out =
            String::from("| id | level | direction | meaning |\n| --- | --- | --- | --- |\n");
        for r in Rule::ALL {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                r.id(),
                r.level(),
                r.direction(),
                r.description().replace('|', "\\|")
            ));
        }
        out
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for r in Rule::ALL {
            assert!(seen.insert(r.id()), "duplicate id {}", r.id());
            assert!(
                r.id()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.id()
            );
            assert_eq!(Rule::from_id(r.id()), Some(*r));
        }
    }
}
