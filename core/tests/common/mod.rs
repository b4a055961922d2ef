#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! Helpers shared by the integration tests.
#![allow(dead_code)]

use posture_core::document::{Node, Value};
use posture_core::{Config, InputFile, ScanOptions};
use std::path::{Path, PathBuf};

pub const TIMESTAMP: &str = "2026-11-24T00:00:00Z";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file under `dir` (sorted), named relative to `base`; `config.yaml` is taken as config.
pub fn read_case(path: &Path, base: &Path) -> (Vec<InputFile>, Config) {
    let mut files = Vec::new();
    let mut config = Config::default();
    let mut paths = Vec::new();
    collect(path, &mut paths);
    paths.sort();
    for p in paths {
        let bytes = std::fs::read(&p).unwrap();
        let name = p.strip_prefix(base).unwrap_or(&p).display().to_string();
        if p.file_name().is_some_and(|n| n == "config.yaml") && path.is_dir() {
            config = posture_core::config::parse(&name, &bytes).unwrap();
        } else {
            files.push(InputFile::new(name, bytes));
        }
    }
    (files, config)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap().flatten() {
            collect(&entry.path(), out);
        }
    } else if !path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.') || n == "README.md")
    {
        out.push(path.to_path_buf());
    }
}

pub fn options(config: Config) -> ScanOptions {
    ScanOptions {
        config,
        timestamp: TIMESTAMP.into(),
        ..ScanOptions::default()
    }
}

/// The report of `testdata/<bundle>` with the default configuration.
pub fn scan_bundle(bundle: &str) -> posture_core::Report {
    let dir = repo_root().join("testdata").join(bundle);
    let (files, _) = read_case(&dir, &repo_root());
    posture_core::scan(&files, &options(Config::default())).unwrap()
}

/// Every file under `dir` with one of `extensions`, outside `node_modules` (installed packages
/// are not the repository's files).
pub fn files_with_extension(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("node_modules") {
                files_with_extension(&path, extensions, out);
            }
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
}

/// The first difference between two trees (numbers compared bit for bit, so NaN and -0 count).
pub fn tree_diff(a: &Node, b: &Node, path: &str) -> Option<String> {
    if a.pos != b.pos {
        return Some(format!("{path}: at {:?}, not {:?}", a.pos, b.pos));
    }
    let differ = || Some(format!("{path}: {:?}, not {:?}", a.value, b.value));
    match (&a.value, &b.value) {
        (Value::Null, Value::Null) => None,
        (Value::Bool(x), Value::Bool(y)) if x == y => None,
        (Value::Number(x), Value::Number(y)) if x.to_bits() == y.to_bits() => None,
        (Value::String(x), Value::String(y)) if x == y => None,
        (Value::Seq(x), Value::Seq(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (a, b))| tree_diff(a, b, &format!("{path}[{i}]"))),
        (Value::Map(x), Value::Map(y)) if x.len() == y.len() => {
            x.iter().zip(y).find_map(|(e, f)| {
                if e.key != f.key || e.key_pos != f.key_pos {
                    Some(format!(
                        "{path}: key {:?} at {:?}, not {:?} at {:?}",
                        e.key, e.key_pos, f.key, f.key_pos
                    ))
                } else {
                    tree_diff(&e.node, &f.node, &format!("{path}.{}", e.key))
                }
            })
        }
        _ => differ(),
    }
}

/// The fast-path invariant on one text: a fast path gives exactly the documents its full parser
/// gives, positions included, or declines (`None`). True when it accepted.
pub fn fast_path_agrees<E: std::fmt::Debug>(
    name: &str,
    text: &str,
    fast: Option<Vec<Node>>,
    full: impl FnOnce() -> Result<Vec<Node>, E>,
) -> bool {
    let Some(fast) = fast else {
        return false;
    };
    match full() {
        Ok(full) => {
            if let Some(diff) = documents_diff(&fast, &full) {
                panic!("{name}: the fast path differs from the full parser: {diff}\n--- text ---\n{text}");
            }
            true
        }
        Err(e) => panic!(
            "{name}: the fast path accepted what the full parser rejects ({e:?})\n--- text ---\n{text}"
        ),
    }
}

fn documents_diff(fast: &[Node], full: &[Node]) -> Option<String> {
    if fast.len() != full.len() {
        return Some(format!("{} documents, not {}", fast.len(), full.len()));
    }
    fast.iter()
        .zip(full)
        .enumerate()
        .find_map(|(i, (a, b))| tree_diff(a, b, &format!("doc {i}")))
}

/// A tiny deterministic generator (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `rounds[,seed]` from the environment variable `var`, for a longer random search than the
/// defaults CI runs.
pub fn search_setting(var: &str, rounds: usize, seed: u64) -> (usize, u64) {
    let setting = std::env::var(var).unwrap_or_default();
    let mut setting = setting.split(',').map(|n| n.trim().parse::<u64>().ok());
    let rounds = setting.next().flatten().map_or(rounds, |n| n as usize);
    (rounds, setting.next().flatten().unwrap_or(seed))
}

/// Makes `edits` random edits to `chars`: inserts or replaces one of `significant`, deletes a
/// character, or inserts one of `fragments`.
pub fn mutate(
    chars: &mut Vec<char>,
    edits: usize,
    significant: &[char],
    fragments: &[&str],
    rng: &mut Rng,
) {
    for _ in 0..edits {
        let at = rng.below(chars.len() + 1);
        let c = significant[rng.below(significant.len())];
        match rng.below(4) {
            0 => chars.insert(at, c),
            3 => {
                let fragment = fragments[rng.below(fragments.len())];
                chars.splice(at..at, fragment.chars());
            }
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ if at < chars.len() => chars[at] = c,
            _ => chars.push(c),
        }
    }
}

/// The first `max` bytes of `text`, cut at a line end.
pub fn cut(text: &str, max: usize) -> String {
    let end = text
        .get(..max.min(text.len()))
        .and_then(|t| t.rfind('\n'))
        .map_or(text.len(), |i| i + 1);
    text[..end].to_string()
}
