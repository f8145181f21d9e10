//! Small ordered maps and sets for the keyed collections the app itself runs: a form's
//! answers and enabled items by linkId, the symptom index.
//!
//! They hold tens to a few hundred entries, where a sorted vector is as quick as a B-tree,
//! and the difference that matters is code size: every key and value type of a
//! `BTreeMap` brings its own node handling into the app's WebAssembly (≈ 5 KB each, 50 KB
//! for the questionnaire engine alone), while these share the vector's. Iteration is in
//! key order, as with the B-tree types they replace.
//!
//! Fill them with `insert`: collecting from an iterator sorts first, and each sort is code
//! of its own too.

use std::borrow::Borrow;

/// An ordered map on a sorted vector ([`litemap::LiteMap`]).
pub type Map<K, V> = litemap::LiteMap<K, V>;

/// An ordered set on a sorted vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Set<T>(Map<T, ()>);

impl<T> Default for Set<T> {
    fn default() -> Self {
        Set(Map::new())
    }
}

impl<T: Ord> Set<T> {
    /// An empty set.
    pub fn new() -> Self {
        Set(Map::new())
    }

    /// Adds `value`; whether it was not there yet.
    pub fn insert(&mut self, value: T) -> bool {
        self.0.insert(value, ()).is_none()
    }

    /// Whether `value` is in the set.
    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.0.contains_key(value)
    }

    /// Takes `value` out; whether it was there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.0.remove(value).is_some()
    }

    /// The values, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.0.keys()
    }

    /// How many values it holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Ord> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for value in iter {
            self.insert(value);
        }
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for Set<T> {
    fn from(values: [T; N]) -> Self {
        values.into_iter().collect()
    }
}

impl<T: Ord> FromIterator<T> for Set<T> {
    /// Inserts one by one (no sort), so building a set costs no sorting code.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Set::new();
        set.extend(iter);
        set
    }
}

/// A [`Map`] keyed by text, written as a JSON object: `#[serde(with = "object")]`.
///
/// Read entry by entry with `insert` (litemap's own reader collects the entries that come
/// out of order and sorts them, code the app need not carry).
pub mod object {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Map;

    /// Writes `map` as an object, its keys in order.
    pub fn serialize<V: Serialize, S: Serializer>(
        map: &Map<String, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(map.len()))?;
        for (key, value) in map.iter() {
            out.serialize_entry(key, value)?;
        }
        out.end()
    }

    /// Reads an object; a key given twice keeps its last value, as JSON readers do.
    pub fn deserialize<'de, V: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Map<String, V>, D::Error> {
        struct Entries<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = Map<String, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
                let mut map = Map::new();
                while let Some((key, value)) = entries.next_entry::<String, V>()? {
                    map.insert(key, value);
                }
                Ok(map)
            }
        }
        deserializer.deserialize_map(Entries(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_keeps_one_of_each_in_order() {
        let mut set: Set<String> = ["b", "a", "c", "a"]
            .map(str::to_owned)
            .into_iter()
            .collect();
        assert_eq!(
            set.iter().map(String::as_str).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert!(set.contains("b"));
        assert!(!set.insert("b".to_owned()));
        assert!(set.remove("b"));
        assert!(!set.contains("b"));
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn a_map_iterates_in_key_order_whatever_the_insertion_order() {
        let mut map: Map<&str, u32> = Map::new();
        for (k, v) in [("q3", 3), ("q1", 1), ("q2", 2)] {
            map.insert(k, v);
        }
        *map.entry("q1").or_default() += 10;
        assert_eq!(
            map.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>(),
            [("q1", 11), ("q2", 2), ("q3", 3)]
        );
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Keyed(#[serde(with = "object")] Map<String, u32>);

    #[test]
    fn a_map_of_text_keys_is_a_json_object_read_in_any_order() {
        let read: Keyed = serde_json::from_str(r#"{"q2": 2, "q1": 1, "q3": 0, "q3": 3}"#).unwrap();
        assert_eq!(
            read.0
                .iter()
                .map(|(k, v)| (k.as_str(), *v))
                .collect::<Vec<_>>(),
            [("q1", 1), ("q2", 2), ("q3", 3)]
        );
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"{"q1":1,"q2":2,"q3":3}"#
        );
        assert!(serde_json::from_str::<Keyed>("[1, 2]").is_err());
        assert!(serde_json::from_str::<Keyed>(r#"{"q1": "one"}"#).is_err());
    }
}
