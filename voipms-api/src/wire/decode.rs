//! JSON responses decoded straight from bytes into typed values, in one pass and without an
//! intermediate `serde_json::Value` tree.
//!
//! This module holds the envelope (`status` and body), the [`Fields`]/[`Object`] contract of
//! generated response types and the body's address range that long lists are sized from; how
//! each field is read, tolerantly, is `read.rs` (which reads only from here, never the
//! reverse). Only malformed JSON fails a decode.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::drift::{Drift, Recording};
use super::source::{Entries, MapOf, ReadError, raw_value};

/// A response that fills itself field by field; unknown fields are kept. Generated response
/// types have it through [`RecordMut`](super::RecordMut), their table of fields.
///
/// The method takes the object's entries through a trait object, and the decoders take the
/// response as `&mut dyn Fields`, so each implementation is compiled once whatever the body's
/// format (JSON or SOAP). Records nested in a response are read as `&mut dyn RecordMut`
/// directly: only the response types a program decodes compile this trait's methods.
pub trait Fields {
    /// Reads the value of field `key` from `map` into `self`. `cursor` starts at 0 for each
    /// object and is the object's own: where it expects the next field.
    fn field<'de>(
        &mut self,
        key: &str,
        map: &mut dyn Entries<'de>,
        cursor: &mut usize,
    ) -> Result<(), ReadError>;

    /// Keeps the drift recorded while this response was decoded (top-level responses keep it
    /// for their `drift()` method; other objects ignore it). Called on the response's own type
    /// (`Sized`: not in the trait object), so only the types a program calls compile it.
    fn keep_drift(&mut self, drift: Vec<Drift>)
    where
        Self: Sized,
    {
        let _ = drift;
    }
}

/// A response object that can be decoded into a new value: [`Fields`] and [`Default`].
pub trait Object: Fields + Default {}

impl<T: Fields + Default> Object for T {}

// Sizing long lists of objects (`fill_list` in read.rs).
//
// serde_json gives no length for arrays, so a `Vec` grows by doubling: for 100,000 CDRs of
// ~290 bytes each that is ~17 reallocations copying ~75 MB in all, which was a fifth of the
// decoding time. Instead, after `SAMPLE` elements the list estimates how many more follow from
// how many bytes the sample took and how many are left in the body, and reserves that once;
// a generous estimate is trimmed at the end. The positions come from the keys: when a key has
// no escapes it is borrowed from the body, so its address says where in the body it is.
// `decode_text` records the body's address range for the duration of a decode; without
// it (other sources) lists simply grow as usual.

thread_local! {
    /// The address range (start, end) of the body being decoded on this thread.
    static INPUT: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// Records a body's address range while it is decoded; restores the previous one on drop.
struct InputGuard((usize, usize));

impl InputGuard {
    fn new(body: &[u8]) -> InputGuard {
        let start = body.as_ptr() as usize;
        InputGuard(INPUT.replace((start, start.saturating_add(body.len()))))
    }
}

impl Drop for InputGuard {
    fn drop(&mut self) {
        INPUT.set(self.0);
    }
}

/// The address range (start, end) of the body being decoded on this thread; `(0, 0)` when none.
pub(super) fn input_range() -> (usize, usize) {
    INPUT.get()
}

/// The response of a function whose output the documentation does not describe: every field
/// as JSON, `status` excluded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawResponse(pub serde_json::Map<String, serde_json::Value>);

impl Fields for RawResponse {
    fn field<'de>(
        &mut self,
        key: &str,
        map: &mut dyn Entries<'de>,
        _cursor: &mut usize,
    ) -> Result<(), ReadError> {
        let v = raw_value(map)?;
        self.0.insert(key.to_string(), v);
        Ok(())
    }
}

impl super::ToJson for RawResponse {
    fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(self.0.clone())
    }
}

impl serde::Serialize for RawResponse {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// A whole response: the `status` and the typed body, decoded in one pass (the status may come
/// before or after the data).
pub struct Envelope<T> {
    /// The `status` field, if present.
    pub status: Option<String>,
    /// Every other field.
    pub body: T,
    /// Where the body differed from the spec (`function` not yet filled in).
    pub drift: Vec<Drift>,
}

/// Reads an envelope's entries: `status` is returned, every other field goes to `body`.
fn read_envelope<'de>(
    map: &mut dyn Entries<'de>,
    body: &mut dyn Fields,
) -> Result<Option<String>, ReadError> {
    let mut status = None;
    let mut cursor = 0;
    while let Some(key) = map.next_key()? {
        if key.as_str() == "status" {
            // Anything but a string is no status (reported as such by the client).
            status = match raw_value(map)? {
                serde_json::Value::String(s) => Some(s),
                _ => None,
            };
        } else {
            body.field(key.as_str(), map, &mut cursor)?;
        }
    }
    Ok(status)
}

/// Decodes an envelope from any serde format into `body`, giving back the `status`: the one
/// entry point of every format, compiled once per format and not per response type.
pub(crate) struct EnvelopeSeed<'a>(pub(crate) &'a mut dyn Fields);

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_> {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object with a `status` field")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<String>, A::Error> {
        let mut entries = MapOf::new(map);
        let result = read_envelope(&mut entries, self.0);
        result.map_err(|e| entries.into_error(e))
    }
}

impl<'de, T: Object> Deserialize<'de> for Envelope<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut body = T::default();
        let status = EnvelopeSeed(&mut body).deserialize(d)?;
        Ok(Envelope {
            status,
            body,
            drift: Vec::new(),
        })
    }
}

/// Decodes a response body into `into` with `read`, which reads the body's text in one format
/// (JSON here, the SOAP envelope reader of `crate::soap` for SOAP), giving back the status and the
/// drift recorded meanwhile. Generic only over the format's error: one copy per format serves
/// every response type.
pub(crate) fn decode_text<E>(
    body: &[u8],
    into: &mut dyn Fields,
    read: fn(&str, &mut dyn Fields) -> Result<Option<String>, E>,
) -> Result<(Option<String>, Vec<Drift>), E> {
    // Validating UTF-8 once for the whole body is cheaper than string by string. A body that
    // is not UTF-8 (a legacy encoding in a free-text field) is read with the invalid bytes
    // replaced: every string is kept, so every string must be text.
    let lossy;
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(_) => {
            lossy = String::from_utf8_lossy(body);
            &*lossy
        }
    };
    let _input = InputGuard::new(text.as_bytes());
    let recording = Recording::start();
    let status = read(text, into)?;
    Ok((status, recording.finish()))
}

/// Reads a JSON body's text: the envelope, then nothing but whitespace.
pub(crate) fn read_json(
    text: &str,
    into: &mut dyn Fields,
) -> Result<Option<String>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let status = EnvelopeSeed(into).deserialize(&mut de)?;
    de.end()?;
    Ok(status)
}

/// Decodes a body into a new `T` with `read` (see [`decode_text`]).
pub(crate) fn decode_new<T: Object, E>(
    body: &[u8],
    read: fn(&str, &mut dyn Fields) -> Result<Option<String>, E>,
) -> Result<Envelope<T>, E> {
    let mut out = T::default();
    let (status, drift) = decode_text(body, &mut out, read)?;
    Ok(Envelope {
        status,
        body: out,
        drift,
    })
}

/// Decodes a JSON response body. `Err` carries serde_json's message (with line and column).
pub fn decode_response<T: Object>(body: &[u8]) -> Result<Envelope<T>, serde_json::Error> {
    decode_new(body, read_json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Date;
    use crate::wire::{Extra, Layout, Received, Record, RecordMut, Slot, ToJson};

    #[derive(Default, Debug, PartialEq)]
    struct Rec {
        id: Option<String>,
        n: Option<i64>,
        d: Option<Date>,
        flag: Option<bool>,
        codecs: Vec<String>,
        owner: Option<Owner>,
        rx: Received,
    }

    /// A table as the generator writes one: names in the layout, values and slots by number.
    macro_rules! table {
        ($ty:ident { $($i:literal $field:ident: $name:literal => $slot:ident $(($sep:literal))?),* }) => {
            impl Record for $ty {
                fn layout(&self) -> &'static Layout {
                    &Layout { name: stringify!($ty), fields: &[$($name),*] }
                }
                fn field(&self, index: usize) -> Option<&dyn ToJson> {
                    Some(match index { $($i => &self.$field,)* _ => return None })
                }
                fn received(&self) -> &Received {
                    &self.rx
                }
            }
            impl RecordMut for $ty {
                fn slot(&mut self, index: usize) -> Option<Slot<'_>> {
                    Some(match index { $($i => Slot::$slot(&mut self.$field $(, $sep)?),)* _ => return None })
                }
                fn received_mut(&mut self) -> &mut Received {
                    &mut self.rx
                }
            }
        };
    }

    table!(Rec {
        0 id: "id" => Scalar,
        1 n: "n" => Scalar,
        2 d: "d" => Scalar,
        3 flag: "flag" => Scalar,
        4 codecs: "codecs" => Separated(";"),
        5 owner: "owner" => Object
    });

    #[derive(Default, Debug, PartialEq)]
    struct Owner {
        name: Option<String>,
        rx: Received,
    }

    table!(Owner { 0 name: "name" => Scalar });

    #[derive(Default, Debug, PartialEq)]
    struct Top {
        recs: Vec<Rec>,
        tags: Vec<i64>,
        rx: Received,
    }

    table!(Top { 0 recs: "recs" => Records, 1 tags: "tags" => Scalars });

    fn decode(body: &str) -> Envelope<Top> {
        match decode_response::<Top>(body.as_bytes()) {
            Ok(env) => env,
            Err(e) => panic!("{body}: {e}"),
        }
    }

    fn paths(env: &Envelope<Top>) -> Vec<(String, &'static str, usize)> {
        env.drift
            .iter()
            .map(|d| (d.path.clone(), d.kind.as_str(), d.count))
            .collect()
    }

    #[test]
    fn tolerates_documented_quirks_without_drift() {
        let env = decode(
            r#"{"recs":[{"id":12,"n":"5","d":"0000-00-00","flag":"yes","codecs":"ulaw;g729","owner":[]},
                        {"id":"13","n":7,"d":"2024-01-31","flag":0,"codecs":"","owner":""}],"status":"success"}"#,
        );
        assert_eq!(env.status.as_deref(), Some("success"));
        assert!(env.drift.is_empty(), "{:?}", env.drift);
        let r = &env.body.recs;
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].id.as_deref(), Some("12"));
        assert_eq!(r[0].n, Some(5));
        assert_eq!(r[0].d, None);
        assert!(
            r[0].rx.was_sent(2),
            "an empty date was sent, unlike a missing one"
        );
        assert!(!r[0].rx.was_sent(5) || r[0].owner.is_none());
        assert_eq!(r[0].flag, Some(true));
        assert_eq!(r[0].codecs, vec!["ulaw", "g729"]);
        assert_eq!(r[1].d, Date::new(2024, 1, 31));
        assert!(r[1].codecs.is_empty());
        assert!(r[0].rx.extra().is_empty());
    }

    #[test]
    fn a_word_in_a_number_loses_nothing_else() {
        let env = decode(
            r#"{"status":"success","recs":[{"id":"1","n":"Unlimited","d":"2024-01-31"},{"id":"2","n":"40"},{"id":"3","n":"none"}]}"#,
        );
        let r = &env.body.recs;
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].n, None);
        assert_eq!(r[0].d, Date::new(2024, 1, 31));
        assert_eq!(
            r[0].rx.extra().get("n"),
            Some(&serde_json::json!("Unlimited"))
        );
        assert!(!r[0].rx.was_sent(1));
        assert_eq!(r[1].n, Some(40));
        assert_eq!(
            paths(&env),
            vec![("recs[].n".to_string(), "invalid_value", 2)]
        );
    }

    #[test]
    fn unknown_fields_are_kept_at_every_depth() {
        let env = decode(
            r#"{"status":"success","new_top":1,"recs":[{"id":"1","webhook":"https://x","owner":{"name":"a","age":"3"}}]}"#,
        );
        assert_eq!(
            env.body.rx.extra().get("new_top"),
            Some(&serde_json::json!(1))
        );
        let rec = &env.body.recs[0];
        assert_eq!(
            rec.rx.extra().get("webhook"),
            Some(&serde_json::json!("https://x"))
        );
        let owner = rec
            .owner
            .as_ref()
            .map(|o| o.rx.extra().clone())
            .unwrap_or_default();
        assert_eq!(owner.get("age"), Some(&serde_json::json!("3")));
        assert_eq!(
            paths(&env),
            vec![
                ("new_top".to_string(), "unknown_field", 1),
                ("recs[].webhook".to_string(), "unknown_field", 1),
                ("recs[].owner.age".to_string(), "unknown_field", 1),
            ]
        );
        let shown = env.drift[1].kind.to_string();
        assert!(shown.contains("a string of 9 characters"), "{shown}");
        assert!(
            !shown.contains("https"),
            "drift never shows values: {shown}"
        );
    }

    #[test]
    fn a_list_answered_as_one_record_is_a_one_element_list() {
        let env = decode(r#"{"status":"success","recs":{"id":"9","n":"3","x":true}}"#);
        assert_eq!(env.body.recs.len(), 1);
        assert_eq!(env.body.recs[0].id.as_deref(), Some("9"));
        assert_eq!(env.body.recs[0].n, Some(3));
        assert_eq!(
            env.body.recs[0].rx.extra().get("x"),
            Some(&serde_json::json!(true))
        );
        assert_eq!(
            paths(&env),
            vec![
                ("recs[].x".to_string(), "unknown_field", 1),
                ("recs".to_string(), "shape_fallback", 1)
            ]
        );
        // A record whose first field is itself an object is still one record.
        let env = decode(r#"{"status":"success","recs":{"owner":{"name":"z"},"id":"4"}}"#);
        assert_eq!(env.body.recs.len(), 1);
        assert_eq!(env.body.recs[0].id.as_deref(), Some("4"));
    }

    #[test]
    fn php_keyed_collections_are_lists_without_drift() {
        let env = decode(
            r#"{"status":"success","recs":{"0":{"id":"1"},"1":{"id":"2"}},"tags":{"1":"5","2":"6"}}"#,
        );
        assert_eq!(env.body.recs.len(), 2);
        assert_eq!(env.body.recs[1].id.as_deref(), Some("2"));
        assert_eq!(env.body.tags, vec![5, 6]);
        assert!(env.drift.is_empty());
        let env = decode(r#"{"status":"no_cdr","recs":""}"#);
        assert!(env.body.recs.is_empty());
    }

    #[test]
    fn an_object_answered_as_a_list_takes_its_first_element() {
        let env = decode(r#"{"status":"success","recs":[{"owner":[{"name":"a"}]}]}"#);
        let owner = env.body.recs[0].owner.as_ref().and_then(|o| o.name.clone());
        assert_eq!(owner.as_deref(), Some("a"));
        assert_eq!(
            paths(&env),
            vec![("recs[].owner".to_string(), "shape_fallback", 1)]
        );
    }

    #[test]
    fn values_of_the_wrong_shape_never_fail_the_call() {
        let env = decode(
            r#"{"status":"success","recs":[{"id":{"a":1},"n":[1,2],"flag":"maybe","codecs":7,"owner":"x"},"junk"],"tags":["1","x",3]}"#,
        );
        let r = &env.body.recs;
        assert_eq!(r.len(), 1, "the non-record element is kept aside");
        assert_eq!(r[0].id, None);
        assert_eq!(
            r[0].rx.extra().get("id"),
            Some(&serde_json::json!({"a": 1}))
        );
        assert_eq!(r[0].rx.extra().get("n"), Some(&serde_json::json!([1, 2])));
        assert_eq!(r[0].rx.extra().get("owner"), Some(&serde_json::json!("x")));
        assert_eq!(env.body.tags, vec![1, 3]);
        assert_eq!(
            env.body.rx.extra().get("tags"),
            Some(&serde_json::json!(["x"]))
        );
        assert_eq!(
            env.body.rx.extra().get("recs"),
            Some(&serde_json::json!(["junk"]))
        );
        assert_eq!(env.drift.len(), 6, "{:?}", env.drift);
    }

    #[test]
    fn long_lists_are_sized_once_and_exactly() {
        let rec = r#"{"id":"1","n":"5","d":"2024-01-31","codecs":"ulaw"}"#;
        let body = format!(
            r#"{{"status":"success","recs":[{}]}}"#,
            vec![rec; 5000].join(",")
        );
        let env = decode(&body);
        assert_eq!(env.body.recs.len(), 5000);
        let cap = env.body.recs.capacity();
        assert!((5000..=5000 + 5000 / 8).contains(&cap), "capacity {cap}");

        // A list followed by much more data: the overestimate is given back.
        let body = format!(
            r#"{{"recs":[{}],"status":"success","pad":"{}"}}"#,
            vec![rec; 100].join(","),
            "x".repeat(200_000)
        );
        let env = decode(&body);
        assert_eq!(env.body.recs.len(), 100);
        assert!(env.body.recs.capacity() <= 100 + 100 / 8);
    }

    #[test]
    fn non_utf8_bodies_decode_with_invalid_bytes_replaced() {
        let mut body = br#"{"status":"success","recs":[{"id":"7"}],"other":"a"#.to_vec();
        body.extend_from_slice(b"\xff\xfe");
        body.extend_from_slice(br#""}"#);
        let env = decode_response::<Top>(&body).map_err(|e| e.to_string());
        let env = env
            .as_ref()
            .map(|e| (e.body.recs.len(), e.body.rx.extra().get("other")));
        assert_eq!(env, Ok((1, Some(&serde_json::json!("a\u{fffd}\u{fffd}")))));
    }

    #[test]
    fn malformed_json_is_still_an_error() {
        assert!(decode_response::<Top>(b"<html>").is_err());
        assert!(decode_response::<Top>(br#"{"status":"success","recs":[{"id":"1"}"#).is_err());
        let _ = Extra::default();
    }
}
