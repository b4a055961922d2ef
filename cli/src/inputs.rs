//! Turning command-line paths into the files handed to the core.

use posture_core::source::{ParseError, ParseErrorKind};
use posture_core::{InputFile, Limits};
use std::io::Read;
use std::path::{Path, PathBuf};

pub struct Collected {
    pub files: Vec<InputFile>,
    /// Files seen in folders but not read, with the reason (listed in the report).
    pub skipped: Vec<(String, String)>,
}

/// Extensions read when walking a folder; named files are always read.
const READ_IN_FOLDERS: &[&str] = &["json", "yaml", "yml"];

pub fn collect(paths: &[String], limits: &Limits) -> Result<Collected, String> {
    let mut out = Collected {
        files: Vec::new(),
        skipped: Vec::new(),
    };
    for arg in paths {
        if arg == "-" {
            let mut bytes = Vec::new();
            let taken = std::io::stdin()
                .take(limits.max_file_bytes as u64 + 1)
                .read_to_end(&mut bytes);
            out.files.push(match taken {
                Err(e) => InputFile::unreadable(
                    "-",
                    ParseError::unreadable(
                        ParseErrorKind::Unreadable,
                        format!("cannot read standard input: {e}"),
                    ),
                ),
                Ok(n) if n > limits.max_file_bytes => {
                    InputFile::unreadable("-", too_large(n, limits))
                }
                Ok(_) => InputFile::new("-", bytes),
            });
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, &mut out.skipped);
            found.sort();
            out.files.extend(found.iter().map(|p| read(p, limits)));
        } else if path.exists() {
            out.files.push(read(path, limits));
        } else {
            return Err(format!("`{arg}` does not exist"));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, skipped: &mut Vec<(String, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            skipped.push((
                dir.display().to_string(),
                format!("folder could not be read: {e}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if path.is_dir() {
            if hidden {
                skipped.push((path.display().to_string(), "hidden folder".into()));
            } else {
                walk(&path, found, skipped);
            }
        } else if hidden {
            skipped.push((path.display().to_string(), "hidden file".into()));
        } else if path
            .extension()
            .is_some_and(|x| READ_IN_FOLDERS.iter().any(|e| x.eq_ignore_ascii_case(e)))
        {
            found.push(path);
        } else {
            skipped.push((
                path.display().to_string(),
                "not .json, .yaml or .yml (name the file to read it anyway)".into(),
            ));
        }
    }
}

fn too_large(size: usize, limits: &Limits) -> ParseError {
    ParseError::unreadable(
        ParseErrorKind::TooLarge,
        format!(
            "file is {size} bytes, over the limit of {} bytes (see --max-file-size)",
            limits.max_file_bytes
        ),
    )
}

/// Reads a file, checking its size first so a huge file is never loaded.
fn read(path: &Path, limits: &Limits) -> InputFile {
    let name = path.display().to_string();
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > limits.max_file_bytes as u64 {
        return InputFile::unreadable(
            name,
            too_large(usize::try_from(size).unwrap_or(usize::MAX), limits),
        );
    }
    match std::fs::read(path) {
        Ok(bytes) => InputFile::new(name, bytes),
        Err(e) => InputFile::unreadable(
            name,
            ParseError::unreadable(ParseErrorKind::Unreadable, format!("cannot read: {e}")),
        ),
    }
}
