//! What an OPA host needs from `policy.wasm`, checked before it is shipped: only `env` imports
//! every host provides, every ABI export the hosts bind, and an imported memory.

use walrus::{ConstExpr, DataKind, ExportItem, Module};

/// Imports every OPA host defines (OPA documentation, "WebAssembly", Imports).
const HOST_IMPORTS: &[&str] = &[
    "memory",
    "opa_abort",
    "opa_println",
    "opa_builtin0",
    "opa_builtin1",
    "opa_builtin2",
    "opa_builtin3",
    "opa_builtin4",
];

/// Functions the npm SDK, opa-py-wasm, OPA's Go SDK and burrego bind between them.
const ABI_EXPORTS: &[&str] = &[
    "opa_malloc",
    "opa_free",
    "opa_json_parse",
    "opa_value_parse",
    "opa_json_dump",
    "opa_value_dump",
    "opa_heap_ptr_get",
    "opa_heap_ptr_set",
    "opa_heap_blocks_stash",
    "opa_heap_blocks_restore",
    "opa_heap_stash_clear",
    "opa_value_free",
    "opa_value_add_path",
    "opa_value_remove_path",
    "builtins",
    "entrypoints",
    "opa_eval_ctx_new",
    "opa_eval_ctx_set_input",
    "opa_eval_ctx_set_data",
    "opa_eval_ctx_set_entrypoint",
    "opa_eval_ctx_get_result",
    "eval",
    "opa_eval",
];

const PAGE: u64 = 65_536;

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("import `{module}.{name}` is not one OPA hosts provide")]
    Import { module: String, name: String },
    #[error("missing ABI export `{0}`")]
    MissingExport(&'static str),
    #[error("export `{0}` already exists")]
    DuplicateExport(String),
    #[error("the module must import exactly one memory (`env.memory`, no maximum) and export it as `memory`")]
    Memory,
}

pub fn imports(module: &Module) -> Result<(), CheckError> {
    match module
        .imports
        .iter()
        .find(|i| i.module != "env" || !HOST_IMPORTS.contains(&i.name.as_str()))
    {
        Some(i) => Err(CheckError::Import {
            module: i.module.clone(),
            name: i.name.clone(),
        }),
        None => Ok(()),
    }
}

pub fn exports(module: &Module) -> Result<(), CheckError> {
    let has = |name: &str| module.exports.iter().any(|e| e.name == name);
    if let Some(missing) = ABI_EXPORTS.iter().find(|n| !has(n)) {
        return Err(CheckError::MissingExport(missing));
    }
    for name in ["opa_wasm_abi_version", "opa_wasm_abi_minor_version"] {
        if has(name) {
            return Err(CheckError::DuplicateExport(name.to_string()));
        }
    }
    Ok(())
}

/// Sets the imported memory's declared minimum to `pages`; returns the pages the stack and
/// static data actually occupy.
pub fn memory_import(module: &mut Module, pages: u64) -> Result<u64, CheckError> {
    let exported = module
        .exports
        .iter()
        .any(|e| e.name == "memory" && matches!(e.item, ExportItem::Memory(_)));
    let data_end = module
        .data
        .iter()
        .filter_map(|d| match &d.kind {
            DataKind::Active {
                offset: ConstExpr::Value(walrus::ir::Value::I32(offset)),
                ..
            } => Some(u64::from(*offset as u32) + d.value.len() as u64),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let mut memories = module.memories.iter_mut();
    let (Some(memory), None) = (memories.next(), memories.next()) else {
        return Err(CheckError::Memory);
    };
    let imported = memory
        .import
        .is_some_and(|id| module.imports.get(id).name == "memory");
    if !exported || !imported || memory.maximum.is_some() {
        return Err(CheckError::Memory);
    }
    memory.initial = pages;
    Ok(data_end.div_ceil(PAGE))
}
