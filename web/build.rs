//! Embeds the sample evidence bundles of `testdata/` for the "Load sample" buttons, listing
//! their files at build time so the viewer always ships what the CLI's README scans.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const SAMPLES: [&str; 2] = ["regulated-prod", "legacy-public"];

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let testdata = manifest.join("../testdata");
    let mut code = String::from("pub const SAMPLES: &[(&str, SampleFiles)] = &[\n");
    for sample in SAMPLES {
        let root = testdata.join(sample);
        println!("cargo:rerun-if-changed={}", root.display());
        let mut files = Vec::new();
        files_under(&root, &mut files);
        files.sort();
        let _ = writeln!(code, "    ({sample:?}, &[");
        for file in files {
            let name = file.strip_prefix(&testdata).unwrap_or(&file);
            let _ = writeln!(
                code,
                "        ({:?}, include_bytes!({:?})),",
                name.display().to_string(),
                file.display().to_string()
            );
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("samples.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
