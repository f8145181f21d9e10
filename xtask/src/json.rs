//! A small JSON reader for the reports xtask reads back from the tools it runs (Lighthouse's
//! `lhr`). It reads all of JSON into a tree and has a path lookup; it does not write JSON.
//! Written here rather than taken from a crate, to keep xtask's dependencies few.

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(BTreeMap<String, Value>),
}

impl Value {
    /// Reads a whole JSON document.
    pub fn parse(text: &str) -> Result<Self> {
        let mut reader = Reader {
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = reader.value(0)?;
        reader.skip_space();
        if reader.at != reader.bytes.len() {
            bail!("unexpected text after the JSON value at byte {}", reader.at);
        }
        Ok(value)
    }

    /// The value under the object keys `path`, one key per level; `None` where a key is
    /// missing or a level is not an object.
    pub fn get(&self, path: &[&str]) -> Option<&Value> {
        path.iter().try_fold(self, |value, key| match value {
            Value::Object(members) => members.get(*key),
            _ => None,
        })
    }

    /// The number at `path`, if there is one there (`null` is none).
    pub fn number(&self, path: &[&str]) -> Option<f64> {
        match self.get(path)? {
            Value::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// The string at `path`, if there is one there.
    pub fn string(&self, path: &[&str]) -> Option<&str> {
        match self.get(path)? {
            Value::String(string) => Some(string),
            _ => None,
        }
    }
}

/// Deeper than this is not a report but a mistake; stops a runaway recursion.
const MAX_DEPTH: usize = 256;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn value(&mut self, depth: usize) -> Result<Value> {
        if depth > MAX_DEPTH {
            bail!("JSON nested deeper than {MAX_DEPTH} levels");
        }
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(other) => bail!("unexpected '{}' at byte {}", other as char, self.at),
            None => bail!("the JSON ends where a value should be"),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value> {
        self.at += 1;
        let mut members = BTreeMap::new();
        self.skip_space();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                bail!("expected a key at byte {}", self.at);
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(b':') {
                bail!("expected ':' at byte {}", self.at);
            }
            let value = self.value(depth + 1)?;
            members.insert(key, value);
            self.skip_space();
            if self.eat(b'}') {
                return Ok(Value::Object(members));
            }
            if !self.eat(b',') {
                bail!("expected ',' or '}}' at byte {}", self.at);
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                bail!("expected ',' or ']' at byte {}", self.at);
            }
        }
    }

    fn string(&mut self) -> Result<String> {
        let start = self.at;
        self.at += 1;
        let mut text = String::new();
        loop {
            // Runs of plain characters are copied whole; the input is a `str`, so a run that
            // stops only at ASCII quotes and backslashes is valid UTF-8.
            let run = self.at;
            while !matches!(self.peek(), Some(b'"' | b'\\') | None) {
                self.at += 1;
            }
            text.push_str(std::str::from_utf8(&self.bytes[run..self.at])?);
            match self.next() {
                Some(b'"') => return Ok(text),
                Some(b'\\') => {}
                _ => bail!("unterminated string starting at byte {start}"),
            }
            let escaped = match self.next() {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => self.unicode_escape()?,
                _ => bail!("bad escape at byte {}", self.at - 1),
            };
            text.push(escaped);
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` already read), joining a surrogate pair;
    /// a lone surrogate becomes U+FFFD, as JavaScript may write one.
    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.at..].starts_with(b"\\u") {
            let resume = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            self.at = resume;
        }
        Ok(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .context("a \\u escape needs four hex digits")?;
        let code = u32::from_str_radix(digits, 16)
            .with_context(|| format!("bad \\u escape '{digits}' at byte {}", self.at))?;
        self.at += 4;
        Ok(code)
    }

    fn number(&mut self) -> Result<Value> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.at += 1;
        }
        let lexeme = std::str::from_utf8(&self.bytes[start..self.at])?;
        let number = lexeme
            .parse()
            .with_context(|| format!("bad number '{lexeme}' at byte {start}"))?;
        Ok(Value::Number(number))
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value> {
        if !self.bytes[self.at..].starts_with(word.as_bytes()) {
            bail!("unexpected text at byte {}", self.at);
        }
        self.at += word.len();
        Ok(value)
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_values_and_looks_them_up_by_path() {
        let doc = Value::parse(
            r#" { "a": { "b": [1, -2.5e3, true, false, null], "c": "x" }, "d": {} } "#,
        )
        .unwrap();
        assert_eq!(
            doc.get(&["a", "b"]),
            Some(&Value::Array(vec![
                Value::Number(1.0),
                Value::Number(-2500.0),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
            ]))
        );
        assert_eq!(doc.string(&["a", "c"]), Some("x"));
        assert_eq!(doc.number(&["a", "c"]), None);
        assert_eq!(doc.get(&["a", "c", "deeper"]), None);
        assert_eq!(doc.get(&["d"]), Some(&Value::Object(BTreeMap::new())));
        assert_eq!(doc.get(&[]), Some(&doc));
    }

    #[test]
    fn reads_escapes_and_text_beyond_ascii() {
        let doc =
            Value::parse(r#"["预约 \"挂号\"\n", "\u00e9\ud83d\ude00\/", "\ud800x"]"#).unwrap();
        assert_eq!(
            doc,
            Value::Array(vec![
                Value::String("预约 \"挂号\"\n".into()),
                Value::String("é😀/".into()),
                Value::String("\u{FFFD}x".into()),
            ])
        );
    }

    #[test]
    fn rejects_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            r#"{"a" 1}"#,
            r#"{"a": 1,}"#,
            r#""open"#,
            "tru",
            "1 2",
            r#""\x""#,
            "--1",
        ] {
            assert!(Value::parse(bad).is_err(), "{bad:?} was accepted");
        }
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert!(Value::parse(&deep).is_err());
    }
}
