//! Reads JSON the browser has already parsed (a [`JsValue`] from `JSON.parse`) into the
//! app's types, through serde.
//!
//! Why not `serde_wasm_bindgen::from_value`: its errors are JavaScript `Error`s with a
//! message ("invalid type: string, expected u32"), so every type the app decodes carries the
//! code that words its own failures: each visitor's `expecting`, the formatting around it,
//! the `Error` built from the text. The app never shows those words: a patient sees "the
//! answer could not be read" whatever the cause ([`super::ApiError::Decode`]). This reader
//! fails with [`Invalid`], which says nothing more, and the browser build is ~7 KB brotli
//! smaller for it (measured on the whole app: 409.5 → 402.7 KB with the messages silenced).
//!
//! Structs are handed to their derived code as the sequence of their fields' values, looked
//! up by name (see [`Fields`]): serde's code for a sequence is much smaller than its code for
//! a map, and the whole app's wasm went from 397.0 to 383.6 KB brotli for it.
//!
//! It reads what JSON can hold and what the app's types ask for: objects as structs and
//! maps, arrays as sequences and tuples, strings, numbers (an integer type takes only a
//! whole number in its range), booleans, `null` as `None` or `()`, and enums as serde
//! writes them by default (`"unit"` or `{"variant": payload}`). Writing JSON stays with
//! `serde_wasm_bindgen` (see [`super::to_json`]).

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use wasm_bindgen::{JsCast, JsValue};

/// The JSON did not have the shape of the type asked for. Deliberately without detail (see
/// the module).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Invalid;

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the JSON does not have the expected shape")
    }
}

impl std::error::Error for Invalid {}

impl de::Error for Invalid {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Invalid
    }
}

/// `value` (parsed JSON) as a `T`.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, Invalid> {
    T::deserialize(Value(value))
}

/// One parsed JSON value, read by serde.
struct Value(JsValue);

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

impl Value {
    fn is_null(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    /// The number, if it is a whole number a JavaScript number holds exactly.
    fn whole(&self) -> Option<f64> {
        self.0
            .as_f64()
            .filter(|n| n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER)
    }

    /// The object, unless the value is not one (arrays are objects too, and are refused).
    fn object(&self) -> Result<&Object, Invalid> {
        if self.0.is_object() && !Array::is_array(&self.0) {
            Ok(self.0.unchecked_ref())
        } else {
            Err(Invalid)
        }
    }

    fn array(self) -> Result<Array, Invalid> {
        self.0.dyn_into::<Array>().map_err(|_| Invalid)
    }

    fn string(&self) -> Result<String, Invalid> {
        self.0.as_string().ok_or(Invalid)
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Invalid;

    /// Only for types that accept several shapes; everything else names what it wants.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        if self.0.is_undefined() {
            // A field the object lacks (see `Fields`): nothing reads it but an `Option`.
            Err(Invalid)
        } else if self.is_null() {
            visitor.visit_unit()
        } else if let Some(b) = self.0.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = self.whole() {
            if n < 0.0 {
                visitor.visit_i64(n as i64)
            } else {
                visitor.visit_u64(n as u64)
            }
        } else if let Some(n) = self.0.as_f64() {
            visitor.visit_f64(n)
        } else if let Some(s) = self.0.as_string() {
            visitor.visit_string(s)
        } else if Array::is_array(&self.0) {
            self.deserialize_seq(visitor)
        } else {
            self.deserialize_map(visitor)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        visitor.visit_bool(self.0.as_bool().ok_or(Invalid)?)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        visitor.visit_i64(self.whole().ok_or(Invalid)? as i64)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        match self.whole() {
            Some(n) if n >= 0.0 => visitor.visit_u64(n as u64),
            _ => Err(Invalid),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        visitor.visit_f64(self.0.as_f64().ok_or(Invalid)?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        visitor.visit_string(self.string()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        if self.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        if self.is_null() {
            visitor.visit_unit()
        } else {
            Err(Invalid)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        let array = self.array()?;
        let mut items = Items { array, next: 0 };
        let value = visitor.visit_seq(&mut items)?;
        // Every element read: a longer array is not this type.
        if items.next == items.array.length() {
            Ok(value)
        } else {
            Err(Invalid)
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        self.deserialize_seq(visitor)
    }

    /// An object's own keys and values, in the object's order.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        let object = self.object()?;
        visitor.visit_map(Entries {
            object: object.clone(),
            keys: Object::keys(object),
            next: 0,
            value: None,
        })
    }

    /// Reads the fields the type knows, by name and in the type's order, and nothing else:
    /// a field the server added later is never looked at, and a missing one reads as absent
    /// (which `#[serde(default)]` or `Option` then decide).
    ///
    /// The values are handed to the type as a sequence, not a map: serde's derived code for
    /// a sequence takes each field in turn, where for a map it matches every key against
    /// the field names, checks for duplicates and keeps each field pending. For the app's
    /// ~150 types that is a fifth of the browser build's decoding code.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        visitor.visit_seq(Fields {
            object: self.object()?.clone(),
            names: field_names(fields).iter(),
        })
    }

    /// `"variant"` for a variant without data, `{"variant": data}` for one with.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        if self.0.is_string() {
            return visitor.visit_enum(Variant {
                variants,
                tag: self.0,
                data: JsValue::UNDEFINED,
            });
        }
        let object = self.object()?;
        let keys = Object::keys(object);
        if keys.length() != 1 {
            return Err(Invalid);
        }
        let tag = keys.get(0);
        let data = Reflect::get(object, &tag).map_err(|_| Invalid)?;
        visitor.visit_enum(Variant {
            variants,
            tag,
            data,
        })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_string(visitor)
    }

    /// Skipped without looking at it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        visitor.visit_unit()
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Invalid> {
        // JSON has no bytes, and no type of the app asks for them.
        Err(Invalid)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_bytes(visitor)
    }

    serde::forward_to_deserialize_any! {
        char
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Invalid> {
        self.deserialize_string(visitor)
    }
}

/// An array's elements, in order.
struct Items {
    array: Array,
    next: u32,
}

impl<'de> SeqAccess<'de> for &mut Items {
    type Error = Invalid;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Invalid> {
        if self.next >= self.array.length() {
            return Ok(None);
        }
        let item = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(Value(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.array.length() - self.next) as usize)
    }
}

/// An object's own keys, with their values, for a map.
struct Entries {
    object: Object,
    keys: Array,
    next: u32,
    value: Option<JsValue>,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = Invalid;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Invalid> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        let key = self.keys.get(self.next);
        self.next += 1;
        self.value = Some(Reflect::get(&self.object, &key).map_err(|_| Invalid)?);
        seed.deserialize(Value(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Invalid> {
        seed.deserialize(Value(self.value.take().ok_or(Invalid)?))
    }
}

/// The values of the fields a struct knows, looked up by name in an object, in the order of
/// the struct's fields.
struct Fields {
    object: Object,
    names: std::slice::Iter<'static, JsValue>,
}

thread_local! {
    /// Each struct's field names as JavaScript strings, made at its first reading: see
    /// [`field_names`].
    static FIELD_NAMES: std::cell::RefCell<Vec<(&'static [&'static str], &'static [JsValue])>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `fields` as JavaScript strings, made once per struct type and kept for the page's life.
///
/// Making a JavaScript string from Rust text is the dearest step of a lookup: the venue
/// (2 600 objects, 10 000 keys) read in 26–42 ms with a new string per field and object,
/// about 15 times as long as `JSON.parse` took to parse it, and a long task on a slow
/// phone. The app has a few hundred field names in all, so keeping them costs little.
/// Types are told apart by their field list (its address and length, which the compiler
/// fixes for each struct; two structs with the same fields may share one entry).
fn field_names(fields: &'static [&'static str]) -> &'static [JsValue] {
    FIELD_NAMES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let known = cache
            .iter()
            .find(|(known, _)| std::ptr::eq(*known, fields))
            .map(|(_, names)| *names);
        known.unwrap_or_else(|| {
            let names: &'static [JsValue] =
                Vec::leak(fields.iter().map(|f| JsValue::from_str(f)).collect());
            cache.push((fields, names));
            names
        })
    })
}

impl<'de> SeqAccess<'de> for Fields {
    type Error = Invalid;

    /// The next field's value. An absent field is `None` when it is an `Option`; otherwise
    /// no value is given, so that the field's or the struct's `#[serde(default)]` applies,
    /// or the struct is refused. That is what serde does with a missing field of a map,
    /// except for an `Option` with a default of `Some`, which serde would take and this
    /// reads as `None` (the app has no such field; the module's tests show it).
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Invalid> {
        let Some(value) = self.next_value()? else {
            return Ok(None);
        };
        // Parsed JSON has no `undefined` values, so `undefined` means the key is absent:
        // every reading of it fails (see `Value::deserialize_any`) but an `Option`'s.
        let absent = value.is_undefined();
        match seed.deserialize(Value(value)) {
            Ok(read) => Ok(Some(read)),
            Err(_) if absent => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl Fields {
    /// The next field's value as the object holds it (`undefined` when it has none);
    /// `None` after the last field. Kept apart from the generic reading above, which is
    /// compiled once per field type.
    #[inline(never)]
    fn next_value(&mut self) -> Result<Option<JsValue>, Invalid> {
        let Some(name) = self.names.next() else {
            return Ok(None);
        };
        Reflect::get(&self.object, name)
            .map(Some)
            .map_err(|_| Invalid)
    }
}

/// An enum's variant name and its data (`undefined` for a variant without data).
struct Variant {
    /// The enum's variant names, in the order serde numbers them.
    variants: &'static [&'static str],
    tag: JsValue,
    data: JsValue,
}

impl<'de> EnumAccess<'de> for Variant {
    type Error = Invalid;
    type Variant = Value;

    /// The variant is named to serde by its number, not its name: the derived code then
    /// picks it from a table instead of comparing the name with each variant's in turn.
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Value), Invalid> {
        let index = variant_index(self.variants, &self.tag).ok_or(Invalid)?;
        let index: de::value::U32Deserializer<Invalid> = index.into_deserializer();
        Ok((seed.deserialize(index)?, Value(self.data)))
    }
}

/// Where the variant named `tag` is among `variants`.
fn variant_index(variants: &[&str], tag: &JsValue) -> Option<u32> {
    let tag = tag.as_string()?;
    let index = variants.iter().position(|variant| *variant == tag)?;
    u32::try_from(index).ok()
}

impl<'de> VariantAccess<'de> for Value {
    type Error = Invalid;

    fn unit_variant(self) -> Result<(), Invalid> {
        if self.0.is_undefined() {
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Invalid> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Invalid> {
        de::Deserializer::deserialize_tuple(self, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Invalid> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::collections::BTreeMap;

    use careway_core::problem::Problem;
    use careway_core::questionnaire::{
        Form, Questionnaire, QuestionnaireResponse, Response, Value,
    };
    use serde::Deserialize;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// `json` parsed by the browser, then read as a `T` here.
    fn read<T: DeserializeOwned>(json: &str) -> Result<T, Invalid> {
        from_value(js_sys::JSON::parse(json).expect("test JSON parses"))
    }

    /// Reads `json` both here and with `serde_json`, and says whether the two agree.
    fn agrees<T: DeserializeOwned + PartialEq + std::fmt::Debug>(json: &str) -> bool {
        let here = read::<T>(json).ok();
        let there = serde_json::from_str::<T>(json).ok();
        if here != there {
            wasm_bindgen_test::console_log!("{json}: here {here:?}, serde_json {there:?}");
        }
        here == there
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Shape {
        Dot,
        Size(u32),
        Pair(i32, i32),
        Box { w: u8, h: u8 },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Thing {
        id: String,
        count: u32,
        #[serde(default)]
        note: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        /// An `Option` without `default`: absent reads as `None`, as serde does for maps.
        size: Option<u8>,
        shape: Shape,
    }

    /// Defaults for the whole struct: an absent field takes the container's default.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(default)]
    struct Settings {
        level: u8,
        name: String,
        #[serde(rename = "type")]
        kind: Option<String>,
    }

    impl Default for Settings {
        fn default() -> Self {
            Settings {
                level: 3,
                name: "standard".into(),
                kind: Some("plain".into()),
            }
        }
    }

    #[wasm_bindgen_test]
    fn numbers_take_only_what_their_type_holds() {
        assert_eq!(read::<u32>("42"), Ok(42));
        assert_eq!(read::<i64>("-7"), Ok(-7));
        assert_eq!(read::<f64>("4.5"), Ok(4.5));
        assert_eq!(read::<u32>("4.5"), Err(Invalid));
        assert_eq!(read::<u32>("-1"), Err(Invalid));
        assert_eq!(read::<u8>("256"), Err(Invalid));
        assert_eq!(read::<u32>("\"42\""), Err(Invalid));
        assert_eq!(read::<u64>("9007199254740993"), Err(Invalid));
        // The browser's parser keeps no trace of how a number was written: `3.0` is 3.
        assert_eq!(read::<u8>("3.0"), Ok(3));
        for json in ["0", "255", "-1", "1e300", "65536", "null", "true"] {
            assert!(agrees::<Option<u16>>(json), "{json}");
            assert!(agrees::<Option<i8>>(json), "{json}");
            assert!(agrees::<Option<f32>>(json), "{json}");
        }
    }

    #[wasm_bindgen_test]
    fn structs_read_known_fields_and_ignore_others() {
        let json = r#"{"id":"a1","count":3,"shape":"dot","added_later":{"x":[1,2]}}"#;
        let thing: Thing = read(json).unwrap();
        assert_eq!(thing.note, None);
        assert_eq!(thing.shape, Shape::Dot);
        for json in [
            json,
            r#"{"id":"a1","count":3,"note":null,"tags":["x","y"],"shape":{"size":4}}"#,
            r#"{"id":"a1","count":3,"note":"n","shape":{"pair":[-1,2]}}"#,
            r#"{"id":"a1","count":3,"shape":{"box":{"w":2,"h":3}}}"#,
            // Absent fields before present ones: each field is read in its own turn.
            r#"{"shape":"dot","size":7,"count":3,"id":"a1"}"#,
            r#"{"id":"a1","count":3,"size":null,"shape":"dot"}"#,
            r#"{"id":"a1","count":3,"size":"7","shape":"dot"}"#,
            r#"{"id":"a1","shape":"dot"}"#,
            // Missing, wrong or misshapen: refused by both.
            r#"{"count":3,"shape":"dot"}"#,
            r#"{"id":1,"count":3,"shape":"dot"}"#,
            r#"{"id":"a1","count":3,"shape":"triangle"}"#,
            r#"{"id":"a1","count":3,"shape":"0"}"#,
            r#"{"id":"a1","count":3,"shape":0}"#,
            r#"{"id":"a1","count":3,"shape":{"0":4}}"#,
            r#"{"id":"a1","count":3,"shape":{"size":4,"dot":null}}"#,
            r#"{"id":"a1","count":3,"shape":{"pair":[1,2,3]}}"#,
            r#"{"id":"a1","count":3,"shape":{"dot":1}}"#,
            r#"["a1",3,"dot"]"#,
            r#""a1""#,
            "null",
        ] {
            assert!(agrees::<Thing>(json), "{json}");
        }
        for json in [
            r#"{"type":"t"}"#,
            r#"{"type":null,"level":1}"#,
            r#"{"type":"t","name":"n","level":2}"#,
            r#"{"level":"2"}"#,
        ] {
            assert!(agrees::<Settings>(json), "{json}");
        }
        // The one place this reader differs from serde's maps: an absent `Option` is `None`
        // before any default is asked (see `Fields`). No type of the app has an `Option`
        // whose default is something.
        let settings: Settings = read(r#"{"name":"x"}"#).unwrap();
        assert_eq!((settings.level, settings.name.as_str()), (3, "x"));
        assert_eq!(settings.kind, None);
    }

    /// A struct's field names are made into JavaScript strings at its first reading and
    /// reused after; another struct gets its own, and each reads its own fields.
    #[wasm_bindgen_test]
    fn field_names_are_made_once_per_struct() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct Fresh {
            left: u8,
            right: Option<u8>,
        }
        #[derive(Debug, PartialEq, Deserialize)]
        struct Other {
            right: u8,
        }
        let entries = || FIELD_NAMES.with(|cache| cache.borrow().len());
        let before = entries();
        assert!(agrees::<Fresh>(r#"{"left":1,"right":2}"#));
        assert_eq!(entries(), before + 1);
        for json in [r#"{"left":3}"#, r#"{"right":2,"left":1}"#, r#"{"right":2}"#] {
            assert!(agrees::<Fresh>(json), "{json}");
        }
        assert_eq!(entries(), before + 1, "the names were made again");
        assert_eq!(
            read::<Other>(r#"{"left":1,"right":2}"#),
            Ok(Other { right: 2 })
        );
        assert_eq!(entries(), before + 2);
        let fresh = read::<Fresh>(r#"{"left":1,"right":2}"#);
        assert_eq!(
            fresh,
            Ok(Fresh {
                left: 1,
                right: Some(2)
            })
        );
    }

    #[wasm_bindgen_test]
    fn sequences_maps_and_options() {
        for json in ["[1,2,3]", "[]", "[1,null]", "{}", r#"{"a":1}"#, "null"] {
            assert!(agrees::<Vec<u8>>(json), "{json}");
            assert!(agrees::<Option<Vec<Option<u8>>>>(json), "{json}");
            assert!(agrees::<BTreeMap<String, u8>>(json), "{json}");
            assert!(agrees::<(u8, u8)>(json), "{json}");
            assert!(agrees::<()>(json), "{json}");
        }
        assert!(agrees::<(u8, u8)>("[1,2]"));
        assert!(agrees::<(u8, u8)>("[1,2,3]"));
        assert!(agrees::<char>(r#""王""#));
        assert!(agrees::<char>(r#""王王""#));
    }

    /// The questionnaires of the engine's fixtures, read through FHIR's own shapes (strings
    /// where booleans belong, values of every type, nested items), and the forms the server
    /// sends for them: both readers agree on every one.
    #[wasm_bindgen_test]
    fn real_documents_read_as_serde_json_reads_them() {
        const FIXTURES: &[&str] = &[
            include_str!("../../core/tests/fixtures/questionnaires/bit-of-everything.json"),
            include_str!("../../core/tests/fixtures/questionnaires/enableWhen-test.R4.json"),
            include_str!("../../core/tests/fixtures/questionnaires/Questionnaire-f201.json"),
            include_str!("../../core/tests/fixtures/questionnaires/phq9.json"),
            include_str!("../../server/src/demo/surveys/outpatient-satisfaction.json"),
        ];
        for json in FIXTURES {
            let questionnaire: Questionnaire = read(json).expect("a questionnaire");
            assert!(agrees::<Questionnaire>(json));
            let form = Form::parse(&questionnaire).expect("a form");
            let sent = serde_json::to_string(&form).unwrap();
            assert_eq!(read::<Form>(&sent), Ok(form));
        }
        let response = include_str!(
            "../../core/tests/fixtures/questionnaires/QuestionnaireResponse-f201.json"
        );
        assert!(read::<QuestionnaireResponse>(response).is_ok());
        assert!(agrees::<QuestionnaireResponse>(response));
        // The answers the app sends and keeps as a draft, in the engine's JSON: written by
        // the app's writer, read back equal; a FHIR response (an older draft) is not one.
        let qr: QuestionnaireResponse = serde_json::from_str(response).unwrap();
        let answers = Response::from_questionnaire_response(&qr);
        assert!(!answers.answers.is_empty());
        let written = crate::api::to_json(&answers).unwrap();
        assert_eq!(read::<Response>(&written), Ok(answers.clone()));
        assert_eq!(serde_json::from_str::<Response>(&written).unwrap(), answers);
        assert!(read::<Response>(response).is_err());
        assert!(agrees::<Value>(r#"{"integer":3}"#));
        assert!(agrees::<Value>(r#"{"integer":3.5}"#));
        let problem = r#"{"type":"urn:careway:problem:validation","title":"t","status":422,
            "errors":[{"field":"name","code":"required","message":"m"}]}"#;
        assert!(read::<Problem>(problem).is_ok());
        assert!(agrees::<Problem>(problem));
    }
}
