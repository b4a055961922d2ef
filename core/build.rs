//! Embeds the control catalog (`policies/`) so every build carries the exact catalog it was
//! compiled with, without a file system at run time (browser, policy engines).

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    // Read at run time, not with `env!`: a build script compiled in one checkout is reused by
    // others sharing the target directory (CI clones afresh into a cached one).
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let root = Path::new(&manifest).join("../policies");
    let mut files = vec![("catalog.yaml".to_string(), root.join("catalog.yaml"))];
    for dir in ["profiles", "data"] {
        for path in yaml_files(&root.join(dir)) {
            files.push((format!("{dir}/{}", file_name(&path)), path));
        }
    }
    for folder in subdirs(&root.join("controls")) {
        let control = folder.join("control.yaml");
        if control.is_file() {
            files.push((
                format!("controls/{}/control.yaml", file_name(&folder)),
                control,
            ));
        }
    }
    files.sort();
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    code.push_str("];\n");
    println!("cargo:rerun-if-changed={}", root.display());
    for dir in ["profiles", "data", "controls"] {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
    }
    let out =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded_policies.rs");
    if let Err(e) = fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
