//! Finishes the WebAssembly modules after the linker, for what `rustc` cannot express:
//!
//! - `posture-wasm-postlink opa IN OUT`: adds OPA's ABI version globals, sets the declared
//!   memory import, and refuses a module an OPA host would not load;
//! - `posture-wasm-postlink kubewarden IN OUT METADATA.json [--raw]`: embeds Kubewarden's
//!   policy metadata section (`--raw`: the variant for raw JSON, e.g. EKS exports).

mod check;
mod kubewarden;
mod opa;

use std::path::Path;
use std::process::ExitCode;
use walrus::Module;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("usage: posture-wasm-postlink opa IN OUT | kubewarden IN OUT METADATA.json [--raw]")]
    Usage,
    #[error("{path}: {message}")]
    Wasm { path: String, message: String },
    #[error("{path}: {message}")]
    Metadata { path: String, message: String },
    #[error(transparent)]
    Check(#[from] check::CheckError),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["opa", input, output] => opa::finish(input, output),
        ["kubewarden", input, output, metadata] => {
            kubewarden::finish(input, output, metadata, false)
        }
        ["kubewarden", input, output, metadata, "--raw"] => {
            kubewarden::finish(input, output, metadata, true)
        }
        _ => Err(Error::Usage),
    };
    match outcome {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("posture-wasm-postlink: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn read(path: &str) -> Result<Module, Error> {
    Module::from_file(Path::new(path)).map_err(|e| wasm_error(path, e))
}

pub fn write(module: &mut Module, path: &str) -> Result<(), Error> {
    module
        .emit_wasm_file(Path::new(path))
        .map_err(|e| wasm_error(path, e))
}

fn wasm_error(path: &str, e: impl std::fmt::Display) -> Error {
    Error::Wasm {
        path: path.to_string(),
        message: format!("{e:#}"),
    }
}
