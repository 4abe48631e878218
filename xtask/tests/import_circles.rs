//! No module of voipms-api or of the `voipms` tool imports, directly or through others, a module
//! that imports it back: the layers (value types and the wire format, then the client, then the
//! generated categories, then the tables and calls by wire name that gather them) stay layers.
//!
//! A module's imports are the `crate::` and `super::` paths in its file outside comments and
//! test modules, resolved to the module that defines the item (through the crate root's
//! re-exports and one `pub use` of a submodule). A parent's `mod child;` and relative
//! `child::...` paths are structure, not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every module of the crate in `dir`: its path from the crate root, and its file.
fn modules(dir: &Path) -> BTreeMap<Module, PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<Module, PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap_or(&path).with_extension("");
                let mut key: Module = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if key
                    .last()
                    .is_some_and(|l| l == "mod" || l == "lib" || l == "main")
                {
                    key.pop();
                }
                out.insert(key, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The code of a file without comments and without its test modules.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod ").next().unwrap_or_default();
    text.lines()
        .map(|l| match l.find("//") {
            // A `//` inside a string (a URL) ends the line's scan too: paths never follow one.
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths following each `prefix` (`crate::` or `super::`) in `code`, a `{..}` group
/// expanded into one path per item: `(number of leading prefixes, segments)`.
fn paths_after(code: &str, prefix: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        let mut tail = &rest[i..];
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        let mut ups = 0;
        while let Some(t) = tail.strip_prefix(prefix) {
            ups += 1;
            tail = t;
        }
        let mut segs = Vec::new();
        loop {
            let end = tail.find(|c: char| !is_ident(c)).unwrap_or(tail.len());
            segs.push(tail[..end].to_string());
            tail = &tail[end..];
            // `crate::{a, b}` has no segment before its group.
            if end == 0 {
                segs.pop();
                tail = if tail.starts_with('{') {
                    tail
                } else {
                    break;
                };
            }
            let group_start = if end == 0 {
                Some(tail)
            } else {
                match tail.strip_prefix("::") {
                    Some(t) if t.starts_with(|c: char| is_ident(c)) => {
                        tail = t;
                        continue;
                    }
                    Some(t) if t.starts_with('{') => Some(t),
                    _ => None,
                }
            };
            match group_start {
                Some(t) => {
                    let group = &t[1..t.find('}').unwrap_or(t.len())];
                    for item in group.split(',') {
                        let item = item.split(" as ").next().unwrap_or_default().trim();
                        let mut p = segs.clone();
                        if !item.is_empty() && item != "self" && item != "*" {
                            p.extend(item.split("::").map(str::trim).map(String::from));
                        }
                        out.push((ups, p));
                    }
                    segs.clear();
                    break;
                }
                None => break,
            }
        }
        if !segs.is_empty() {
            out.push((ups, segs));
        }
    }
    out
}

/// Names the crate root re-exports (`pub use a::b::{X, Y};`), with the module they come from.
fn root_reexports(root_file: &str) -> BTreeMap<String, Module> {
    let mut out = BTreeMap::new();
    for stmt in root_file.split(';') {
        let stmt = stmt.trim();
        let Some(path) = stmt
            .strip_prefix("pub use ")
            .or_else(|| stmt.strip_prefix("pub(crate) use "))
        else {
            continue;
        };
        let (base, items) = match path.split_once("::{") {
            Some((b, items)) => (b, items.trim_end_matches('}').to_string()),
            None => match path.rsplit_once("::") {
                Some((b, item)) => (b, item.to_string()),
                None => continue,
            },
        };
        let module: Module = base.split("::").map(|s| s.trim().to_string()).collect();
        for item in items.split(',') {
            let name = item.split(" as ").last().unwrap_or_default().trim();
            if !name.is_empty() && name != "*" {
                out.insert(name.to_string(), module.clone());
            }
        }
    }
    out
}

/// The import graph of the crate in `dir`.
fn graph(dir: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let mods = modules(dir);
    let texts: BTreeMap<Module, String> = mods
        .iter()
        .map(|(k, p)| {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{e}"));
            (k.clone(), code(&text))
        })
        .collect();
    let reexports = root_reexports(texts.get(&Vec::new()).map_or("", String::as_str));
    let generated: BTreeSet<&str> = mods
        .keys()
        .filter(|k| k.len() == 2 && k[0] == "generated")
        .map(|k| k[1].as_str())
        .collect();
    // The module that defines `segs` (absolute): the longest module prefix, then one `pub use`
    // of a submodule that names the item.
    let resolve = |segs: &[String]| -> Option<Module> {
        let mut segs = segs.to_vec();
        let first = segs.first()?.clone();
        let top_level = mods.contains_key(&vec![first.clone()]);
        if generated.contains(first.as_str()) && !top_level {
            segs.insert(0, "generated".into());
        } else if let (Some(m), false) = (reexports.get(&first), top_level) {
            segs.splice(0..1, m.iter().cloned());
        }
        let k = (1..=segs.len())
            .rev()
            .find(|k| mods.contains_key(&segs[..*k]))?;
        let module = segs[..k].to_vec();
        if let [name] = &segs[k..] {
            let text = texts.get(&module).map_or("", String::as_str);
            for stmt in text.split(';') {
                let stmt = stmt.trim();
                let Some(path) = stmt
                    .strip_prefix("pub use ")
                    .or_else(|| stmt.strip_prefix("pub(crate) use "))
                else {
                    continue;
                };
                let path = path.strip_prefix("self::").unwrap_or(path);
                let Some((sub, items)) = path.split_once("::") else {
                    continue;
                };
                let named = items
                    .split(|c: char| !is_ident(c))
                    .any(|w| w == name.as_str());
                let mut child = module.clone();
                child.push(sub.to_string());
                if named && mods.contains_key(&child) {
                    return Some(child);
                }
            }
        }
        Some(module)
    };
    let mut g: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (key, text) in &texts {
        let mut targets = BTreeSet::new();
        for (_, segs) in paths_after(text, "crate::") {
            targets.extend(resolve(&segs));
        }
        for (ups, segs) in paths_after(text, "super::") {
            if ups <= key.len() {
                let mut abs = key[..key.len() - ups].to_vec();
                abs.extend(segs);
                targets.extend(resolve(&abs));
            }
        }
        targets.remove(key);
        targets.remove(&Vec::new());
        g.insert(key.clone(), targets);
    }
    g
}

/// The groups of modules that import each other (strongly connected, more than one), by
/// Tarjan's algorithm.
fn circles(g: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'a> {
        g: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        out: Vec<Vec<Module>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a Module) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on.insert(v);
            for w in self.g.get(v).into_iter().flatten() {
                let Some(w) = self.g.get_key_value(w).map(|(k, _)| k) else {
                    continue;
                };
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).unwrap_or_else(|| unreachable!());
                    *lv = (*lv).min(lw);
                } else if self.on.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).unwrap_or_else(|| unreachable!());
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    group.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.out.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.out
}

fn report(dir: &Path) -> String {
    let g = graph(dir);
    let name = |m: &Module| {
        if m.is_empty() {
            "(root)".to_string()
        } else {
            m.join("::")
        }
    };
    let mut out = String::new();
    for group in circles(&g) {
        out.push_str(&format!("{}:\n", dir.display()));
        for m in &group {
            let inside: Vec<String> = g[m]
                .iter()
                .filter(|t| group.contains(t))
                .map(name)
                .collect();
            out.push_str(&format!("  {} -> {}\n", name(m), inside.join(", ")));
        }
    }
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_client_crate_has_no_import_circles() {
    let found = report(&root().join("voipms-api/src"));
    assert!(found.is_empty(), "modules that import each other:\n{found}");
}

#[test]
fn the_command_line_tool_has_no_import_circles() {
    let found = report(&root().join("src"));
    assert!(found.is_empty(), "modules that import each other:\n{found}");
}

#[test]
fn a_circle_is_found() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("lib.rs", "mod a;\nmod b;\nmod c;\npub use c::Thing;\n");
    write("a.rs", "use crate::b::B;\npub struct A;\n");
    write(
        "b.rs",
        "use crate::{a::A, Thing};\n// use crate::c::Other;\npub struct B;\n",
    );
    write(
        "c.rs",
        "pub struct Thing;\n#[cfg(test)]\nmod tests { use crate::a::A; }\n",
    );
    let found = report(dir.path());
    assert!(found.contains("  a -> b\n"), "{found}");
    assert!(found.contains("  b -> a\n"), "{found}");
    assert!(!found.contains("c ->"), "{found}");
}
