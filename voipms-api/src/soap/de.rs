//! A serde `Deserializer` over the XML events of a SOAP answer: Apache maps and structs become
//! maps, `SOAP-ENC:Array`s sequences, typed scalars the matching serde values, `xsi:nil` unit.
//! The generated decoders read it exactly as they read JSON, so tolerance and drift recording
//! are the same.
//!
//! Elements and `xsi:type` values are matched by local name (`ns2:Map` and `apache:Map` are
//! the same map): the prefixes differ between SOAP servers and mean nothing to the data.

use std::borrow::Cow;
use std::collections::VecDeque;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Fault, SoapError};
use crate::wire::EnvelopeSeed;

/// The events of one body, with lookahead (whether an untyped element is a map or a list shows
/// only in its children). Comments, processing instructions and the declaration are skipped.
struct Events<'de> {
    reader: Reader<&'de [u8]>,
    ahead: VecDeque<Event<'de>>,
    /// Containers open in the value being decoded.
    depth: usize,
}

/// The deepest nesting of maps and arrays read (as serde_json's limit): decoding recurses, so
/// a deeper body is an error rather than a stack overflow.
const MAX_DEPTH: usize = 128;

impl<'de> Events<'de> {
    fn new(text: &'de str) -> Self {
        Events {
            reader: Reader::from_str(text),
            ahead: VecDeque::new(),
            depth: 0,
        }
    }

    fn read(&mut self) -> Result<Event<'de>, SoapError> {
        loop {
            let event = self.reader.read_event().map_err(|e| SoapError::Xml {
                position: self.reader.error_position(),
                message: e.to_string(),
            })?;
            match event {
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {}
                Event::Eof => return Err(SoapError::Truncated),
                other => return Ok(other),
            }
        }
    }

    /// The next event, blank text included.
    fn next(&mut self) -> Result<Event<'de>, SoapError> {
        match self.ahead.pop_front() {
            Some(e) => Ok(e),
            None => self.read(),
        }
    }

    /// The next event that is not blank text.
    fn next_tag(&mut self) -> Result<Event<'de>, SoapError> {
        loop {
            let e = self.next()?;
            if !is_blank(&e) {
                return Ok(e);
            }
        }
    }

    /// The `nth` event ahead that is not blank text, without consuming anything.
    fn peek_tag(&mut self, nth: usize) -> Result<&Event<'de>, SoapError> {
        let mut seen = 0;
        let mut i = 0;
        loop {
            if i == self.ahead.len() {
                let e = self.read()?;
                self.ahead.push_back(e);
            }
            if !is_blank(&self.ahead[i]) {
                if seen == nth {
                    return Ok(&self.ahead[i]);
                }
                seen += 1;
            }
            i += 1;
        }
    }

    /// After the whole envelope: only blank text and comments may follow.
    fn expect_eof(&mut self) -> Result<(), SoapError> {
        loop {
            match self.next() {
                Err(SoapError::Truncated) => return Ok(()),
                Err(e) => return Err(e),
                Ok(e) if is_blank(&e) => {}
                Ok(e) => return Err(unexpected(&e, "the end of the body")),
            }
        }
    }
}

fn is_blank(e: &Event<'_>) -> bool {
    matches!(e, Event::Text(t) if t.iter().all(u8::is_ascii_whitespace))
}

/// The local part of a qualified name (`ns2:Map` -> `Map`).
fn local(name: &[u8]) -> &[u8] {
    name.iter()
        .rposition(|&b| b == b':')
        .map_or(name, |i| &name[i + 1..])
}

fn local_is(e: &BytesStart<'_>, name: &str) -> bool {
    e.local_name().as_ref() == name.as_bytes()
}

/// Describes an event for an error message: element names only, never text.
fn describe(e: &Event<'_>) -> String {
    match e {
        Event::Start(s) | Event::Empty(s) => {
            format!("element <{}>", String::from_utf8_lossy(s.name().as_ref()))
        }
        Event::End(s) => format!("end tag </{}>", String::from_utf8_lossy(s.name().as_ref())),
        Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => "text".to_string(),
        _ => "markup".to_string(),
    }
}

fn unexpected(e: &Event<'_>, expected: &'static str) -> SoapError {
    SoapError::Unexpected {
        found: describe(e),
        expected,
    }
}

/// What an element's `xsi:type` (or, without one, its content) says it holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// An Apache map: `<item><key/><value/></item>`...
    Map,
    /// A `SOAP-ENC:Array`, with the length its `arrayType` states.
    Array(Option<usize>),
    /// A struct: one element per field.
    Struct,
    /// Text of this scalar type.
    Scalar(Scalar),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scalar {
    Text,
    Int,
    Bool,
    Float,
}

/// The attributes that matter of an element's start tag.
struct Attrs {
    shape: Option<Shape>,
    nil: bool,
}

impl Attrs {
    fn of(start: &BytesStart<'_>) -> Result<Attrs, SoapError> {
        let mut out = Attrs {
            shape: None,
            nil: false,
        };
        let mut len = None;
        // Duplicate checks allocate per element; a duplicate `xsi:type` would only be read last.
        for attr in start.attributes().with_checks(false) {
            let attr = attr.map_err(|e| SoapError::Xml {
                position: 0,
                message: e.to_string(),
            })?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| SoapError::Xml {
                    position: 0,
                    message: e.to_string(),
                })?;
            match attr.key.local_name().as_ref() {
                b"type" => out.shape = shape_of(local(value.as_bytes())),
                b"nil" => out.nil = matches!(value.trim(), "true" | "1"),
                // `ns2:Map[3]`, `xsd:anyType[0]`.
                b"arrayType" => {
                    len = value
                        .rsplit_once('[')
                        .and_then(|(_, n)| n.strip_suffix(']'))
                        .and_then(|n| n.parse::<usize>().ok());
                }
                _ => {}
            }
        }
        if let Some(Shape::Array(_)) = out.shape {
            out.shape = Some(Shape::Array(len));
        }
        Ok(out)
    }
}

/// The shape an `xsi:type` names; `None` for a type we do not know (a WSDL struct type such
/// as `xsd1:getCDRInput`, `xsd:anyType`): the content tells.
fn shape_of(ty: &[u8]) -> Option<Shape> {
    Some(match ty {
        b"Map" => Shape::Map,
        b"Array" => Shape::Array(None),
        b"Struct" => Shape::Struct,
        b"int"
        | b"integer"
        | b"long"
        | b"short"
        | b"byte"
        | b"unsignedInt"
        | b"unsignedLong"
        | b"unsignedShort"
        | b"unsignedByte"
        | b"nonNegativeInteger"
        | b"positiveInteger" => Shape::Scalar(Scalar::Int),
        b"boolean" => Shape::Scalar(Scalar::Bool),
        b"float" | b"double" => Shape::Scalar(Scalar::Float),
        // Decimals are kept exact, as text.
        b"string" | b"decimal" | b"date" | b"dateTime" | b"time" | b"anyURI" | b"base64Binary"
        | b"normalizedString" | b"token" => Shape::Scalar(Scalar::Text),
        _ => return None,
    })
}

/// One element whose start tag has been read: its content is the value. Deserializing it
/// consumes everything up to and including its end tag.
struct Value<'a, 'de> {
    ev: &'a mut Events<'de>,
    start: BytesStart<'de>,
    /// `<x/>`: no content, no end tag.
    empty: bool,
}

impl<'a, 'de> Value<'a, 'de> {
    fn of(
        ev: &'a mut Events<'de>,
        event: Event<'de>,
        expected: &'static str,
    ) -> Result<Self, SoapError> {
        match event {
            Event::Start(start) => Ok(Value {
                ev,
                start,
                empty: false,
            }),
            Event::Empty(start) => Ok(Value {
                ev,
                start,
                empty: true,
            }),
            other => Err(unexpected(&other, expected)),
        }
    }

    /// The text content, borrowed from the body when it has no entities.
    fn text(self) -> Result<Cow<'de, str>, SoapError> {
        if self.empty {
            return Ok(Cow::Borrowed(""));
        }
        let mut out: Option<Cow<'de, str>> = None;
        let mut push = |piece: Cow<'de, str>| match &mut out {
            None => out = Some(piece),
            Some(acc) => acc.to_mut().push_str(&piece),
        };
        loop {
            match self.ev.next()? {
                Event::Text(t) => push(t.xml10_content().map_err(xml_error)?),
                Event::CData(t) => push(t.decode().map_err(xml_error)?),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(xml_error)? {
                        push(Cow::Owned(c.to_string()));
                    } else {
                        let name = r.decode().map_err(xml_error)?;
                        let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) else {
                            return Err(SoapError::Xml {
                                position: self.ev.reader.buffer_position(),
                                message: format!("unknown entity &{name};"),
                            });
                        };
                        push(Cow::Borrowed(s));
                    }
                }
                Event::End(_) => return Ok(out.unwrap_or(Cow::Borrowed(""))),
                other => return Err(unexpected(&other, "text")),
            }
        }
    }

    /// Skips the content.
    fn skip(self) -> Result<(), SoapError> {
        if self.empty {
            return Ok(());
        }
        let mut depth = 0usize;
        loop {
            match self.ev.next()? {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
    }

    /// Hands a map, struct or array to `visitor`, within the nesting limit.
    fn container<V: Visitor<'de>>(self, shape: Shape, visitor: V) -> Result<V::Value, SoapError> {
        if self.ev.depth >= MAX_DEPTH {
            return Err(SoapError::Custom(format!(
                "maps and arrays nested deeper than {MAX_DEPTH} levels"
            )));
        }
        let done = self.empty;
        let ev = self.ev;
        ev.depth += 1;
        let children = Children { ev: &mut *ev, done };
        let out = match shape {
            Shape::Map => visitor.visit_map(Items(children)),
            Shape::Array(len) => visitor.visit_seq(Elements { children, len }),
            Shape::Struct | Shape::Scalar(_) => visitor.visit_map(Fields {
                children,
                pending: None,
            }),
        };
        ev.depth -= 1;
        out
    }

    /// Without an `xsi:type`, the content tells: child `<item>`s holding `<key>`s are a map,
    /// other `<item>`s a list, other children a struct, and text a string.
    fn guess(&mut self) -> Result<Shape, SoapError> {
        if self.empty {
            return Ok(Shape::Scalar(Scalar::Text));
        }
        match self.ev.peek_tag(0)? {
            Event::Start(e) if local_is(e, "item") => {}
            Event::Empty(e) if local_is(e, "item") => return Ok(Shape::Array(None)),
            Event::Start(_) | Event::Empty(_) => return Ok(Shape::Struct),
            _ => return Ok(Shape::Scalar(Scalar::Text)),
        }
        Ok(match self.ev.peek_tag(1)? {
            Event::Start(e) | Event::Empty(e) if local_is(e, "key") => Shape::Map,
            _ => Shape::Array(None),
        })
    }
}

fn xml_error(e: impl std::fmt::Display) -> SoapError {
    SoapError::Xml {
        position: 0,
        message: e.to_string(),
    }
}

fn visit_text<'de, V: Visitor<'de>>(
    text: Cow<'de, str>,
    visitor: V,
) -> Result<V::Value, SoapError> {
    match text {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
    }
}

impl<'de> Deserializer<'de> for Value<'_, 'de> {
    type Error = SoapError;

    fn deserialize_any<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, SoapError> {
        let attrs = Attrs::of(&self.start)?;
        if attrs.nil {
            self.skip()?;
            return visitor.visit_unit();
        }
        let shape = match attrs.shape {
            Some(s) => s,
            None => self.guess()?,
        };
        let kind = match shape {
            Shape::Scalar(kind) => kind,
            container => return self.container(container, visitor),
        };
        let text = self.text()?;
        let t = text.trim();
        match kind {
            Scalar::Int => {
                if let Ok(i) = t.parse::<i64>() {
                    return visitor.visit_i64(i);
                }
                if let Ok(u) = t.parse::<u64>() {
                    return visitor.visit_u64(u);
                }
            }
            Scalar::Bool => match t {
                "true" | "1" => return visitor.visit_bool(true),
                "false" | "0" => return visitor.visit_bool(false),
                _ => {}
            },
            Scalar::Float => {
                if let Ok(f) = t.parse::<f64>() {
                    return visitor.visit_f64(f);
                }
            }
            Scalar::Text => {}
        }
        // Text, or a typed value that does not parse: handed over as sent.
        visit_text(text, visitor)
    }

    /// Keys and other strings: the text, whatever its `xsi:type` (PHP sends integer keys).
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SoapError> {
        visit_text(self.text()?, visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SoapError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SoapError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SoapError> {
        if Attrs::of(&self.start)?.nil {
            self.skip()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SoapError> {
        self.skip()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum
    }
}

/// The child elements of one element, read in turn until its end tag.
struct Children<'a, 'de> {
    ev: &'a mut Events<'de>,
    /// The end tag was read (or the element was empty).
    done: bool,
}

impl<'de> Children<'_, 'de> {
    /// The next child's opening event, or `None` at (and after) the parent's end tag.
    fn next(&mut self) -> Result<Option<Event<'de>>, SoapError> {
        if self.done {
            return Ok(None);
        }
        match self.ev.next_tag()? {
            Event::End(_) => {
                self.done = true;
                Ok(None)
            }
            event => Ok(Some(event)),
        }
    }
}

/// The entries of an Apache map: `<item><key>k</key><value>v</value></item>`.
struct Items<'a, 'de>(Children<'a, 'de>);

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = SoapError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, SoapError> {
        let Some(event) = self.0.next()? else {
            return Ok(None);
        };
        match event {
            Event::Start(e) if local_is(&e, "item") => {
                let key = self.0.ev.next_tag()?;
                if !matches!(&key, Event::Start(k) | Event::Empty(k) if local_is(k, "key")) {
                    return Err(unexpected(&key, "a map entry's <key>"));
                }
                seed.deserialize(Value::of(self.0.ev, key, "a map entry's <key>")?)
                    .map(Some)
            }
            other => Err(unexpected(&other, "a map entry (<item>)")),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, SoapError> {
        let ev = &mut *self.0.ev;
        let value = ev.next_tag()?;
        if !matches!(&value, Event::Start(v) | Event::Empty(v) if local_is(v, "value")) {
            return Err(unexpected(&value, "a map entry's <value>"));
        }
        let out = seed.deserialize(Value::of(ev, value, "a map entry's <value>")?)?;
        match ev.next_tag()? {
            Event::End(_) => Ok(out),
            other => Err(unexpected(&other, "the end of a map entry")),
        }
    }
}

/// The fields of a struct: one element each, named by the field.
struct Fields<'a, 'de> {
    children: Children<'a, 'de>,
    pending: Option<Event<'de>>,
}

impl<'de> MapAccess<'de> for Fields<'_, 'de> {
    type Error = SoapError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, SoapError> {
        let Some(event) = self.children.next()? else {
            return Ok(None);
        };
        let name = match &event {
            Event::Start(e) | Event::Empty(e) => {
                String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
            }
            other => return Err(unexpected(other, "a struct field")),
        };
        self.pending = Some(event);
        seed.deserialize(de::value::StringDeserializer::<SoapError>::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, SoapError> {
        let Some(event) = self.pending.take() else {
            return Err(SoapError::Custom(
                "a struct value without its field".to_string(),
            ));
        };
        seed.deserialize(Value::of(self.children.ev, event, "a struct field")?)
    }
}

/// The elements of a `SOAP-ENC:Array`.
struct Elements<'a, 'de> {
    children: Children<'a, 'de>,
    len: Option<usize>,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = SoapError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, SoapError> {
        let Some(event) = self.children.next()? else {
            return Ok(None);
        };
        match event {
            event @ (Event::Start(_) | Event::Empty(_)) => {
                self.len = self.len.map(|n| n.saturating_sub(1));
                seed.deserialize(Value::of(self.children.ev, event, "an array element")?)
                    .map(Some)
            }
            other => Err(unexpected(&other, "an array element")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.len
    }
}

/// Reads up to the SOAP body's first element: the operation's answer, or a fault (an error).
fn open_body<'de>(ev: &mut Events<'de>) -> Result<BytesStart<'de>, SoapError> {
    match ev.next_tag() {
        Ok(Event::Start(e)) if local_is(&e, "Envelope") => {}
        Ok(Event::Start(e) | Event::Empty(e)) => {
            return Err(SoapError::NotSoap(format!(
                "the document is <{}>",
                String::from_utf8_lossy(e.name().as_ref())
            )));
        }
        Ok(_) => return Err(SoapError::NotSoap("the body is text, not XML".to_string())),
        Err(SoapError::Truncated) => {
            return Err(SoapError::NotSoap("the body is empty".to_string()));
        }
        Err(e) => return Err(e),
    }
    loop {
        match ev.next_tag()? {
            Event::Start(e) if local_is(&e, "Header") => Value {
                ev: &mut *ev,
                start: e,
                empty: false,
            }
            .skip()?,
            Event::Empty(e) if local_is(&e, "Header") => {}
            Event::Start(e) if local_is(&e, "Body") => break,
            other => return Err(unexpected(&other, "the SOAP <Body>")),
        }
    }
    match ev.next_tag()? {
        Event::Start(e) if local_is(&e, "Fault") => Err(SoapError::Fault(read_fault(ev)?)),
        Event::Start(e) => Ok(e),
        other => Err(unexpected(&other, "the operation's answer")),
    }
}

/// The `faultcode` and `faultstring` of a fault whose start tag was read.
fn read_fault(ev: &mut Events<'_>) -> Result<Fault, SoapError> {
    let mut fault = Fault {
        code: String::new(),
        message: String::new(),
    };
    loop {
        let event = ev.next_tag()?;
        if let Event::End(_) = event {
            return Ok(fault);
        }
        let field = match &event {
            Event::Start(e) | Event::Empty(e) => e.local_name().as_ref().to_vec(),
            _ => Vec::new(),
        };
        let value = Value::of(&mut *ev, event, "a fault's fields")?;
        match field.as_slice() {
            b"faultcode" => fault.code = value.text()?.trim().to_string(),
            b"faultstring" => fault.message = value.text()?.trim().to_string(),
            _ => value.skip()?,
        }
    }
}

/// Closes the operation element, the body and the envelope; nothing may follow.
fn close_body(ev: &mut Events<'_>) -> Result<(), SoapError> {
    for expected in [
        "the end of the operation's answer",
        "the end of the SOAP body",
        "the end of the SOAP envelope",
    ] {
        match ev.next_tag()? {
            Event::End(_) => {}
            other => return Err(unexpected(&other, expected)),
        }
    }
    ev.expect_eof()
}

/// Decodes a whole SOAP answer: `status` and the typed body from the operation's `return`.
pub(crate) fn decode_envelope(
    text: &str,
    into: &mut dyn crate::wire::Fields,
) -> Result<Option<String>, SoapError> {
    let mut ev = Events::new(text);
    open_body(&mut ev)?;
    let ret = ev.next_tag()?;
    let status =
        EnvelopeSeed(into).deserialize(Value::of(&mut ev, ret, "the answer's <return>")?)?;
    close_body(&mut ev)?;
    Ok(status)
}

/// Reads a SOAP request (the mock's side): the operation's name and its `params` as name/value
/// pairs (a struct as the WSDL describes, or an Apache map). Values that are not text (numbers,
/// booleans) are given in their JSON spelling; nil values are left out.
#[cfg(feature = "mock")]
pub(crate) fn read_request(text: &str) -> Result<(String, Vec<(String, String)>), SoapError> {
    struct Pairs;
    impl<'de> Visitor<'de> for Pairs {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the request's parameters")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(k) = map.next_key::<String>()? {
                match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(s) => out.push((k, s)),
                    other => out.push((k, other.to_string())),
                }
            }
            Ok(out)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }
    let mut ev = Events::new(text);
    let op = open_body(&mut ev)?;
    let name = String::from_utf8_lossy(op.local_name().as_ref()).into_owned();
    let params = match ev.next_tag()? {
        Event::End(_) => {
            ev.ahead.push_front(Event::End(op.to_end().into_owned()));
            Vec::new()
        }
        event => Value::of(&mut ev, event, "the request's <params>")?.deserialize_any(Pairs)?,
    };
    close_body(&mut ev)?;
    Ok((name, params))
}
