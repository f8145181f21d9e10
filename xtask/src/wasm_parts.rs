//! What the app's WebAssembly is made of, for `cargo xtask dist`: the size of each
//! function body and of the data, grouped by the crate it comes from and, for the app's
//! own crates, by journey (`careway::booking`, `careway::account`, …).
//!
//! It reads the module cargo built before wasm-bindgen and wasm-opt (which still has its
//! name section), so the bytes are those of the code as compiled; wasm-opt then shrinks
//! every part, and the report gives each group's share of the whole, which is what a
//! reviewer needs to see what a change added. Glue that wasm-bindgen removes (its
//! `__wbindgen_describe*` functions and custom sections) is left out.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// Bytes of one group of the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `yew`, `careway::booking`, `data`, …
    pub name: String,
    /// Bytes of function bodies (or data) in the group.
    pub bytes: u64,
}

/// The module's code and data by group, largest first.
pub fn breakdown(wasm: &Path) -> Result<Vec<Part>> {
    let bytes =
        std::fs::read(wasm).with_context(|| format!("could not read {}", wasm.display()))?;
    parts(&bytes)
}

/// [`breakdown`] of a module's bytes.
pub fn parts(bytes: &[u8]) -> Result<Vec<Part>> {
    let mut imported = 0u32;
    let mut bodies: Vec<u64> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut data = 0u64;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.context("the module is not valid WebAssembly")? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.range().len() as u64),
            Payload::DataSection(reader) => data += reader.range().len() as u64,
            Payload::CustomSection(reader) => {
                if let KnownCustom::Name(names_reader) = reader.as_known() {
                    for name in names_reader {
                        if let Ok(Name::Function(map)) = name {
                            for naming in map.into_iter().flatten() {
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut groups: HashMap<String, u64> = HashMap::new();
    for (i, size) in bodies.into_iter().enumerate() {
        let index = imported + i as u32;
        let name = names.get(&index).map(String::as_str).unwrap_or("");
        if name.contains("__wbindgen_describe") {
            continue;
        }
        // The name section holds symbol names as the linker saw them, mangled.
        let name = rustc_demangle::demangle(name).to_string();
        *groups.entry(group(&name)).or_default() += size;
    }
    if data > 0 {
        *groups
            .entry("data (strings, tables)".to_owned())
            .or_default() += data;
    }
    let mut parts: Vec<Part> = groups
        .into_iter()
        .map(|(name, bytes)| Part { name, bytes })
        .collect();
    parts.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    Ok(parts)
}

/// The group of a function: its crate, or for the app's own crates the crate and its
/// first module. Names come as rustc writes them, with a crate hash in brackets
/// (`core[c5930c85a12de822]::fmt::…`) and trait impls in angle brackets
/// (`<careway::booking::X as yew::…>::run`), which are counted with their type.
fn group(name: &str) -> String {
    let mut path = String::with_capacity(name.len());
    let mut in_hash = false;
    for c in name
        .trim_start_matches(['<', '&', '*'])
        .trim_start_matches("mut ")
        .chars()
    {
        match c {
            '[' => in_hash = true,
            ']' => in_hash = false,
            c if !in_hash => path.push(c),
            _ => {}
        }
    }
    let mut segments = path.split("::");
    let first = segments.next().unwrap_or("");
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !plain(first) || !path.contains("::") {
        return "other (unnamed, glue)".to_owned();
    }
    if first == "careway" || first == "careway_core" {
        if let Some(module) = segments.next().filter(|m| plain(m)) {
            return format!("{first}::{module}");
        }
    }
    first.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_are_grouped_by_crate_and_the_apps_by_journey() {
        assert_eq!(group("core[c5930c85a12de822]::fmt::float::x"), "core");
        assert_eq!(
            group("<careway::booking::pages::department::DepartmentPage as yew::functional::FunctionProvider>::run::h44"),
            "careway::booking"
        );
        assert_eq!(group("careway_core::api::booking::x"), "careway_core::api");
        assert_eq!(
            group("<&T as wasm_bindgen::describe::WasmDescribe>::describe"),
            "other (unnamed, glue)"
        );
        assert_eq!(group("yew::dom_bundle::x"), "yew");
        assert_eq!(group("code[12]"), "other (unnamed, glue)");
        let mangled = "_ZN7careway7booking5pages4main17h0123456789abcdefE";
        assert_eq!(
            group(&rustc_demangle::demangle(mangled).to_string()),
            "careway::booking"
        );
    }

    #[test]
    fn a_tiny_module_is_read_with_its_names() {
        // (module (import "m" "f" (func)) (func $careway::booking::a nop nop) (data "abc"))
        // assembled by hand: the type, import, function, memory, code, data and name
        // sections.
        let mut m = vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        m.extend([0x01, 0x04, 0x01, 0x60, 0x00, 0x00]); // type: () -> ()
        m.extend([0x02, 0x07, 0x01, 0x01, b'm', 0x01, b'f', 0x00, 0x00]); // import m.f
        m.extend([0x03, 0x02, 0x01, 0x00]); // function 1 has type 0
        m.extend([0x05, 0x03, 0x01, 0x00, 0x01]); // memory
        m.extend([0x0a, 0x06, 0x01, 0x04, 0x00, 0x01, 0x01, 0x0b]); // a body of 4 bytes: no locals, nop nop end
        m.extend([
            0x0b, 0x09, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x03, b'a', b'b', b'c',
        ]); // data
        let fname = b"careway::booking::a";
        let mut sub = vec![0x01, 0x01];
        sub.push(fname.len() as u8);
        sub.extend(fname);
        let mut names = vec![0x04];
        names.extend(b"name");
        names.push(0x01);
        names.push(sub.len() as u8);
        names.extend(&sub);
        m.push(0x00);
        m.push(names.len() as u8);
        m.extend(&names);
        let parts = parts(&m).unwrap();
        assert_eq!(
            parts,
            vec![
                Part {
                    name: "data (strings, tables)".into(),
                    bytes: 9
                },
                Part {
                    name: "careway::booking".into(),
                    bytes: 4
                },
            ]
        );
    }
}
