//! `policy.wasm`: OPA hosts read two exported i32 globals, `opa_wasm_abi_version` and
//! `opa_wasm_abi_minor_version`, that Rust cannot emit (an exported `static` becomes a global
//! holding the static's *address*). They are added here, after checking the module would load.

use crate::{check, read, write, Error};
use walrus::{ConstExpr, ExportItem, ValType};

/// ABI 1.3: `opa_eval`, and the heap-stash functions that OPA's Go SDK binds.
const ABI_VERSION: (i32, i32) = (1, 3);

/// opa-py-wasm creates 2 pages and rejects a memory import asking for more at link time; a
/// module whose static data needs more still loads there, because opa-py-wasm doubles the
/// memory when data initialisation traps. The npm SDK gives 5 pages.
const DECLARED_PAGES: u64 = 2;

pub fn finish(input: &str, output: &str) -> Result<String, Error> {
    let mut module = read(input)?;
    check::imports(&module)?;
    check::exports(&module)?;
    let needed_pages = check::memory_import(&mut module, DECLARED_PAGES)?;
    for (name, value) in [
        ("opa_wasm_abi_version", ABI_VERSION.0),
        ("opa_wasm_abi_minor_version", ABI_VERSION.1),
    ] {
        let value = ConstExpr::Value(walrus::ir::Value::I32(value));
        let global = module.globals.add_local(ValType::I32, false, false, value);
        module.exports.add(name, ExportItem::Global(global));
    }
    write(&mut module, output)?;
    Ok(format!(
        "{output}: OPA ABI {}.{}, memory import declares {DECLARED_PAGES} pages, stack and static data take {needed_pages}",
        ABI_VERSION.0, ABI_VERSION.1
    ))
}
