//! `posture-wasm-postlink IN OUT`: finishes `policy.wasm` after the linker.
//!
//! OPA hosts read two exported i32 globals, `opa_wasm_abi_version` and
//! `opa_wasm_abi_minor_version`, that Rust cannot emit (an exported `static` becomes a global
//! holding the static's *address*). This step adds them, lowers the declared minimum of the
//! imported memory to what hosts give, and refuses a module whose imports or exports would
//! not load in an OPA host.

mod check;

use std::path::PathBuf;
use std::process::ExitCode;
use walrus::{ConstExpr, ExportItem, Module, ValType};

/// ABI 1.3: `opa_eval`, and the heap-stash functions that OPA's Go SDK binds.
const ABI_VERSION: (i32, i32) = (1, 3);

/// opa-py-wasm creates 2 pages and rejects a memory import asking for more at link time; a
/// module whose static data needs more still loads there, because opa-py-wasm doubles the
/// memory when data initialisation traps. The npm SDK gives 5 pages.
const DECLARED_PAGES: u64 = 2;

#[derive(Debug, thiserror::Error)]
enum Error {
    #[error("usage: posture-wasm-postlink IN.wasm OUT.wasm")]
    Usage,
    #[error("{path}: {message}")]
    Wasm { path: String, message: String },
    #[error(transparent)]
    Check(#[from] check::CheckError),
}

fn main() -> ExitCode {
    match run() {
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

fn wasm_error(path: &str, e: impl std::fmt::Display) -> Error {
    Error::Wasm {
        path: path.to_string(),
        message: format!("{e:#}"),
    }
}

fn run() -> Result<String, Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err(Error::Usage);
    };
    let mut module = Module::from_file(PathBuf::from(input)).map_err(|e| wasm_error(input, e))?;
    check::imports(&module)?;
    check::exports(&module)?;
    let needed_pages = check::memory_import(&mut module, DECLARED_PAGES)?;
    for (name, value) in [
        ("opa_wasm_abi_version", ABI_VERSION.0),
        ("opa_wasm_abi_minor_version", ABI_VERSION.1),
    ] {
        let global = module.globals.add_local(
            ValType::I32,
            false,
            false,
            ConstExpr::Value(walrus::ir::Value::I32(value)),
        );
        module.exports.add(name, ExportItem::Global(global));
    }
    module
        .emit_wasm_file(PathBuf::from(output))
        .map_err(|e| wasm_error(output, e))?;
    Ok(format!(
        "{output}: OPA ABI {}.{}, memory import declares {DECLARED_PAGES} pages, static data needs {needed_pages}",
        ABI_VERSION.0, ABI_VERSION.1
    ))
}
