//! Reads the official VoIP.ms WSDL (SOAP 1.1, rpc/encoded) with a real XML parser.
//!
//! The operations are those of the `<portType>`s, in document order. Each operation's parameters
//! are found by following the chain the WSDL declares: `<operation><input message="tns:xRequest">`
//! -> `<message name="xRequest"><part type="xsd1:xInput">` -> `<xsd:complexType name="xInput">`
//! and its `<xsd:element>`s. A part may also name a top-level `<xsd:element>` (document style) or
//! be a parameter itself (a part with a simple XSD type). When an operation has no input message,
//! the VoIP.ms convention `<name>Input` is tried. The credentials every call carries
//! (`api_username`, `api_password`) are not parameters.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use roxmltree::{Document, Node};

/// The WSDL 1.1 namespace.
pub const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
/// The XML Schema namespace.
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// Parameters every call carries; they are not part of any function's parameter list.
pub const CREDENTIALS: [&str; 2] = ["api_username", "api_password"];

/// A parsed WSDL: its operations and their input parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wsdl {
    /// Operations in document order (first occurrence wins when a name repeats).
    pub operations: Vec<Operation>,
}

impl Wsdl {
    /// The operation with this name.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }
}

/// One WSDL operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The operation (function) name, e.g. `sendSMS`.
    pub name: String,
    /// Its input parameters in WSDL order, without the credentials.
    pub params: Vec<WsdlParam>,
}

impl Operation {
    /// The parameter with this name.
    pub fn param(&self, name: &str) -> Option<&WsdlParam> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// One input parameter of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsdlParam {
    /// Wire name.
    pub name: String,
    /// The XSD type the WSDL gives it (advisory: VoIP.ms types phone numbers as integers).
    pub xsd: XsdType,
}

/// An XSD type, folded into the families that matter for the spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum XsdType {
    /// `xsd:string` (and `normalizedString`, `token`, `anyURI`...).
    String,
    /// `xsd:integer` (and `int`, `long`, `short`, `nonNegativeInteger`...).
    Integer,
    /// `xsd:decimal` (and `double`, `float`).
    Decimal,
    /// `xsd:boolean`.
    Boolean,
    /// Any other type, as written in the WSDL (`xsd:date`, `xsd1:Something`, or `(none)`).
    Other(String),
}

impl XsdType {
    /// Folds an XSD built-in type's local name into a family.
    pub fn from_xsd_local(local: &str) -> XsdType {
        match local {
            "string" | "normalizedString" | "token" | "anyURI" => XsdType::String,
            "integer" | "int" | "long" | "short" | "byte" | "nonNegativeInteger"
            | "positiveInteger" | "nonPositiveInteger" | "negativeInteger" | "unsignedLong"
            | "unsignedInt" | "unsignedShort" | "unsignedByte" => XsdType::Integer,
            "decimal" | "double" | "float" => XsdType::Decimal,
            "boolean" => XsdType::Boolean,
            other => XsdType::Other(format!("xsd:{other}")),
        }
    }
}

impl fmt::Display for XsdType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XsdType::String => f.write_str("xsd:string"),
            XsdType::Integer => f.write_str("xsd:integer"),
            XsdType::Decimal => f.write_str("xsd:decimal"),
            XsdType::Boolean => f.write_str("xsd:boolean"),
            XsdType::Other(s) => f.write_str(s),
        }
    }
}

/// Why a file could not be read as a WSDL.
#[derive(Debug, thiserror::Error)]
pub enum WsdlError {
    /// The file could not be read (missing, a directory, no permission).
    #[error("cannot read the file: {source}")]
    Io {
        /// The path given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is empty or only whitespace.
    #[error("the file is empty: expected a WSDL document")]
    Empty,
    /// The file is not UTF-8 text.
    #[error("not XML: the file is not UTF-8 text ({0})")]
    NotText(std::str::Utf8Error),
    /// The file is an HTML page (an error or login page saved instead of the WSDL).
    #[error(
        "not a WSDL: this is an HTML page (was an error or login page saved instead of the WSDL?)"
    )]
    Html,
    /// The text is not well-formed XML.
    #[error("not XML: {0}")]
    NotXml(String),
    /// Well-formed XML, but not a WSDL 1.1 document.
    #[error(
        "not a WSDL: the root element is <{found}>, expected <definitions> in the WSDL 1.1 namespace {WSDL_NS}"
    )]
    NotWsdl {
        /// The root element found (`{namespace}local` or `local`).
        found: String,
    },
    /// A WSDL without a single operation.
    #[error("not a usable WSDL: no <portType> lists any <operation>")]
    NoOperations,
    /// An operation whose input parameters cannot be found.
    #[error("operation `{operation}`: {problem}")]
    Unresolved {
        /// The operation.
        operation: String,
        /// What is missing.
        problem: String,
    },
}

impl WsdlError {
    /// True when the input is not a WSDL at all (as opposed to a WSDL with a broken reference).
    pub fn is_unreadable(&self) -> bool {
        !matches!(self, WsdlError::Unresolved { .. })
    }
}

/// Reads and parses the WSDL at `path`.
pub fn read(path: &Path) -> Result<Wsdl, WsdlError> {
    let bytes = std::fs::read(path).map_err(|source| WsdlError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = std::str::from_utf8(&bytes).map_err(WsdlError::NotText)?;
    parse(text)
}

/// Parses WSDL text.
pub fn parse(text: &str) -> Result<Wsdl, WsdlError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(WsdlError::Empty);
    }
    if looks_like_html(trimmed) {
        return Err(WsdlError::Html);
    }
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = Document::parse_with_options(trimmed, opts)
        .map_err(|e| WsdlError::NotXml(e.to_string()))?;
    let root = doc.root_element();
    let root_name = root.tag_name();
    if root_name.name() == "html" {
        return Err(WsdlError::Html);
    }
    if root_name.name() != "definitions" || root_name.namespace() != Some(WSDL_NS) {
        return Err(WsdlError::NotWsdl {
            found: match root_name.namespace() {
                Some(ns) => format!("{{{ns}}}{}", root_name.name()),
                None => root_name.name().to_string(),
            },
        });
    }

    let index = Index::new(&doc);
    let mut operations: Vec<Operation> = Vec::new();
    for port_type in children(root, WSDL_NS, "portType") {
        for op in children(port_type, WSDL_NS, "operation") {
            let Some(name) = op.attribute("name") else {
                continue;
            };
            if operations.iter().any(|o| o.name == name) {
                continue;
            }
            let mut params = index.operation_params(name, op)?;
            // A parameter listed twice is one parameter (the first declaration wins).
            let mut seen = std::collections::HashSet::new();
            params.retain(|p| seen.insert(p.name.clone()));
            operations.push(Operation {
                name: name.to_string(),
                params,
            });
        }
    }
    if operations.is_empty() {
        return Err(WsdlError::NoOperations);
    }
    Ok(Wsdl { operations })
}

/// An HTML page rather than XML: `<!DOCTYPE html` or `<html` first (after comments/prolog).
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    let mut rest = head.as_str();
    // Skip an XML declaration and comments.
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?")
            && let Some(end) = r.find("?>")
        {
            rest = &r[end + 2..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("<!--")
            && let Some(end) = r.find("-->")
        {
            rest = &r[end + 3..];
            continue;
        }
        break;
    }
    rest.starts_with("<!doctype html") || rest.starts_with("<html")
}

/// Element children of `node` named `local` in namespace `ns`.
fn children<'a, 'i>(
    node: Node<'a, 'i>,
    ns: &'static str,
    local: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && is(c, ns, local))
}

fn is(node: &Node<'_, '_>, ns: &str, local: &str) -> bool {
    node.tag_name().name() == local && node.tag_name().namespace() == Some(ns)
}

/// The local part of a QName (`tns:sendSMSRequest` -> `sendSMSRequest`).
fn local(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

/// The namespace a QName's prefix is bound to at `node`.
fn qname_ns<'a>(node: Node<'a, '_>, qname: &str) -> Option<&'a str> {
    match qname.split_once(':') {
        Some((prefix, _)) => node.lookup_namespace_uri(Some(prefix)),
        None => node.lookup_namespace_uri(None),
    }
}

/// Named messages, schema types and elements of the document.
struct Index<'a, 'i> {
    messages: HashMap<&'a str, Node<'a, 'i>>,
    complex_types: HashMap<&'a str, Node<'a, 'i>>,
    elements: HashMap<&'a str, Node<'a, 'i>>,
}

impl<'a, 'i> Index<'a, 'i> {
    fn new(doc: &'a Document<'i>) -> Self {
        let root = doc.root_element();
        let mut messages = HashMap::new();
        for m in children(root, WSDL_NS, "message") {
            if let Some(n) = m.attribute("name") {
                messages.entry(n).or_insert(m);
            }
        }
        let mut complex_types = HashMap::new();
        let mut elements = HashMap::new();
        for types in children(root, WSDL_NS, "types") {
            for schema in children(types, XSD_NS, "schema") {
                for item in schema.children().filter(Node::is_element) {
                    let Some(n) = item.attribute("name") else {
                        continue;
                    };
                    if is(&item, XSD_NS, "complexType") {
                        complex_types.entry(n).or_insert(item);
                    } else if is(&item, XSD_NS, "element") {
                        elements.entry(n).or_insert(item);
                    }
                }
            }
        }
        Index {
            messages,
            complex_types,
            elements,
        }
    }

    fn operation_params(&self, name: &str, op: Node<'a, 'i>) -> Result<Vec<WsdlParam>, WsdlError> {
        let unresolved = |problem: String| WsdlError::Unresolved {
            operation: name.to_string(),
            problem,
        };
        let input = children(op, WSDL_NS, "input")
            .next()
            .and_then(|i| i.attribute("message"));
        let Some(message_ref) = input else {
            // No input message: the VoIP.ms naming convention.
            let ty = format!("{name}Input");
            return match self.complex_types.get(ty.as_str()) {
                Some(ct) => Ok(complex_params(*ct)),
                None => Err(unresolved(format!(
                    "no <input message> and no complexType `{ty}`"
                ))),
            };
        };
        let message = self
            .messages
            .get(local(message_ref))
            .ok_or_else(|| unresolved(format!("input message `{message_ref}` is not defined")))?;
        let mut params = Vec::new();
        for part in children(*message, WSDL_NS, "part") {
            if let Some(ty) = part.attribute("type") {
                if qname_ns(part, ty) == Some(XSD_NS) {
                    // rpc style with one part per parameter.
                    if let Some(pname) = part.attribute("name") {
                        params.push(WsdlParam {
                            name: pname.to_string(),
                            xsd: XsdType::from_xsd_local(local(ty)),
                        });
                    }
                    continue;
                }
                let ct = self.complex_types.get(local(ty)).ok_or_else(|| {
                    unresolved(format!(
                        "message `{message_ref}` part type `{ty}` is not a complexType of the schema"
                    ))
                })?;
                params.extend(complex_params(*ct));
            } else if let Some(el) = part.attribute("element") {
                let el_node = self.elements.get(local(el)).ok_or_else(|| {
                    unresolved(format!(
                        "message `{message_ref}` part element `{el}` is not an element of the schema"
                    ))
                })?;
                if let Some(inline) = el_node
                    .children()
                    .find(|c| c.is_element() && is(c, XSD_NS, "complexType"))
                {
                    params.extend(complex_params(inline));
                } else if let Some(ty) = el_node.attribute("type") {
                    let ct = self.complex_types.get(local(ty)).ok_or_else(|| {
                        unresolved(format!(
                            "element `{el}` has type `{ty}`, which is not a complexType of the schema"
                        ))
                    })?;
                    params.extend(complex_params(*ct));
                }
            }
        }
        params.retain(|p| !CREDENTIALS.contains(&p.name.as_str()));
        Ok(params)
    }
}

/// The `<xsd:element>`s of a complexType (inside its sequence / all / choice), in order.
fn complex_params(ct: Node<'_, '_>) -> Vec<WsdlParam> {
    let mut out = Vec::new();
    collect_elements(ct, &mut out);
    out.retain(|p| !CREDENTIALS.contains(&p.name.as_str()));
    out
}

fn collect_elements(node: Node<'_, '_>, out: &mut Vec<WsdlParam>) {
    for c in node.children().filter(Node::is_element) {
        if is(&c, XSD_NS, "element") {
            let Some(name) = c.attribute("name") else {
                continue;
            };
            let xsd = match c.attribute("type") {
                Some(ty) if qname_ns(c, ty) == Some(XSD_NS) => XsdType::from_xsd_local(local(ty)),
                Some(ty) => XsdType::Other(ty.to_string()),
                None => XsdType::Other("(none)".to_string()),
            };
            out.push(WsdlParam {
                name: name.to_string(),
                xsd,
            });
        } else if is(&c, XSD_NS, "sequence")
            || is(&c, XSD_NS, "all")
            || is(&c, XSD_NS, "choice")
            || is(&c, XSD_NS, "complexContent")
            || is(&c, XSD_NS, "extension")
        {
            collect_elements(c, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"<?xml version="1.0"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
  xmlns:tns="urn:t" xmlns:xsd1="urn:s">
  <types><xsd:schema targetNamespace="urn:s">
    <xsd:complexType name="fooInput"><xsd:sequence>
      <xsd:element name="api_username" type="xsd:string"/>
      <xsd:element name="api_password" type="xsd:string"/>
      <xsd:element name="did" type="xsd:integer"/>
      <xsd:element name="test" type="xsd:boolean"/>
    </xsd:sequence></xsd:complexType>
  </xsd:schema></types>
  <message name="fooRequest"><part name="params" type="xsd1:fooInput"/></message>
  <portType name="P"><operation name="foo"><input message="tns:fooRequest"/></operation></portType>
</definitions>"#;

    #[test]
    fn follows_operation_message_type() {
        let w = parse(MINI).unwrap();
        assert_eq!(w.operations.len(), 1);
        let op = &w.operations[0];
        assert_eq!(op.name, "foo");
        assert_eq!(
            op.params,
            vec![
                WsdlParam {
                    name: "did".into(),
                    xsd: XsdType::Integer
                },
                WsdlParam {
                    name: "test".into(),
                    xsd: XsdType::Boolean
                },
            ]
        );
    }

    #[test]
    fn broken_reference_is_named() {
        let text = MINI.replace("tns:fooRequest", "tns:barRequest");
        let e = parse(&text).unwrap_err();
        assert!(e.to_string().contains("operation `foo`"), "{e}");
        assert!(!e.is_unreadable());
    }

    #[test]
    fn html_is_recognised() {
        assert!(matches!(
            parse("<!DOCTYPE html>\n<html><body><p>Login"),
            Err(WsdlError::Html)
        ));
        assert!(matches!(
            parse("<?xml version=\"1.0\"?><html><body/></html>"),
            Err(WsdlError::Html)
        ));
    }
}
