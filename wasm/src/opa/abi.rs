//! The exported functions of OPA's Wasm ABI 1.3, as the OPA documentation lists them and as
//! `@open-policy-agent/opa-wasm`, `opa-py-wasm`, OPA's Go SDK and Kubewarden's burrego call
//! them. The version globals cannot be written in Rust; the post-link step adds them.

use super::heap;
use super::value::{self, OpaValue};
use crate::entrypoint::{evaluate, refuse, Entrypoint};
use serde_json::{json, Value};

#[link(wasm_import_module = "env")]
extern "C" {
    /// Host throws with the NUL-terminated message at `address`.
    #[link_name = "opa_abort"]
    fn host_abort(address: i32);
}

/// Reports a broken call (e.g. an unknown entrypoint id) to the host, which throws.
fn abort(message: &str) -> ! {
    let address = c_string(message.to_string());
    // SAFETY: an import every OPA host provides; it takes one address and does not return.
    unsafe { host_abort(address) };
    core::arch::wasm32::unreachable()
}

/// Parses the catalog before the host first reads the heap pointer: the parsed catalog lives
/// on the heap for good, below every pointer the host will later reset to.
fn ready() {
    let _ = posture_core::catalog();
}

/// `text` NUL-terminated on the heap; its address.
fn c_string(text: String) -> i32 {
    let mut bytes = text.into_bytes();
    bytes.push(0);
    bytes.leak().as_ptr() as usize as i32
}

/// The `len` bytes the host wrote at `address`, copied.
fn host_bytes(address: i32, len: i32) -> Option<Vec<u8>> {
    let (address, len) = (address as u32 as usize, usize::try_from(len).ok()?);
    if len == 0 {
        return Some(Vec::new());
    }
    if address == 0 || !heap::in_memory(address, len) {
        return None;
    }
    // SAFETY: the range is inside linear memory (checked above) and the host wrote it before
    // this call; it is copied out at once.
    Some(unsafe { core::slice::from_raw_parts(address as *const u8, len) }.to_vec())
}

fn parse(address: i32, len: i32) -> i32 {
    ready();
    host_bytes(address, len)
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .map_or(0, |v| value::store(OpaValue::Json(v)))
}

/// A JSON view of a value handle; 0 (no data document) is `null`.
fn json_at(address: i32) -> Value {
    value::load(address)
        .and_then(OpaValue::json)
        .cloned()
        .unwrap_or(Value::Null)
}

fn entrypoint(id: i32) -> Entrypoint {
    match Entrypoint::from_id(id) {
        Some(entrypoint) => entrypoint,
        None => abort("posture: invalid entrypoint id"),
    }
}

/// The result set of one entrypoint: `[{"result": …}]`, or empty when there is no input
/// (every decision here depends on the input, so it is undefined, as in OPA).
fn result_set(
    entrypoint: Entrypoint,
    input: Option<Result<Value, String>>,
    data: &Value,
) -> OpaValue {
    let result = match input {
        None => return OpaValue::Set(Vec::new()),
        Some(Ok(input)) => evaluate(entrypoint, &input, data),
        Some(Err(why)) => refuse(entrypoint, "", &why),
    };
    OpaValue::Set(vec![json!({ "result": result })])
}

#[no_mangle]
pub extern "C" fn opa_malloc(size: i32) -> i32 {
    ready();
    usize::try_from(size).map_or(0, |size| heap::allocate(size) as i32)
}

#[no_mangle]
pub extern "C" fn opa_free(_address: i32) {}

#[no_mangle]
pub extern "C" fn opa_value_free(_address: i32) {}

#[no_mangle]
pub extern "C" fn opa_json_parse(address: i32, len: i32) -> i32 {
    parse(address, len)
}

/// Rego set literals are not accepted: `data` and `input` here are JSON documents.
#[no_mangle]
pub extern "C" fn opa_value_parse(address: i32, len: i32) -> i32 {
    parse(address, len)
}

#[no_mangle]
pub extern "C" fn opa_json_dump(address: i32) -> i32 {
    ready();
    value::load(address).map_or(0, |v| c_string(v.to_json()))
}

#[no_mangle]
pub extern "C" fn opa_value_dump(address: i32) -> i32 {
    ready();
    value::load(address).map_or(0, |v| c_string(v.to_rego()))
}

#[no_mangle]
pub extern "C" fn opa_heap_ptr_get() -> i32 {
    ready();
    heap::pointer() as i32
}

#[no_mangle]
pub extern "C" fn opa_heap_ptr_set(address: i32) {
    ready();
    heap::set_pointer(address as u32 as usize);
}

/// Kept for ABI 1.3 hosts: the bump heap has no free lists to stash.
#[no_mangle]
pub extern "C" fn opa_heap_blocks_stash() {}

#[no_mangle]
pub extern "C" fn opa_heap_blocks_restore() {}

#[no_mangle]
pub extern "C" fn opa_heap_stash_clear() {}

/// No host builtins are needed.
#[no_mangle]
pub extern "C" fn builtins() -> i32 {
    ready();
    value::store(OpaValue::Json(json!({})))
}

#[no_mangle]
pub extern "C" fn entrypoints() -> i32 {
    ready();
    let names: serde_json::Map<String, Value> = Entrypoint::ALL
        .iter()
        .map(|e| (e.name().to_string(), json!(e.id())))
        .collect();
    value::store(OpaValue::Json(Value::Object(names)))
}

#[no_mangle]
pub extern "C" fn opa_eval_ctx_new() -> i32 {
    ready();
    value::store_ctx()
}

#[no_mangle]
pub extern "C" fn opa_eval_ctx_set_input(ctx: i32, input: i32) {
    if let Some(ctx) = value::load_ctx(ctx) {
        ctx.input.set(input);
    }
}

#[no_mangle]
pub extern "C" fn opa_eval_ctx_set_data(ctx: i32, data: i32) {
    if let Some(ctx) = value::load_ctx(ctx) {
        ctx.data.set(data);
    }
}

#[no_mangle]
pub extern "C" fn opa_eval_ctx_set_entrypoint(ctx: i32, entrypoint: i32) {
    if let Some(ctx) = value::load_ctx(ctx) {
        ctx.entrypoint.set(entrypoint);
    }
}

#[no_mangle]
pub extern "C" fn opa_eval_ctx_get_result(ctx: i32) -> i32 {
    value::load_ctx(ctx).map_or(0, |ctx| ctx.result.get())
}

/// ABI 1.0 evaluation: runs the context's entrypoint; 0 on success.
#[no_mangle]
pub extern "C" fn eval(ctx: i32) -> i32 {
    ready();
    let Some(ctx) = value::load_ctx(ctx) else {
        abort("posture: invalid evaluation context")
    };
    let input = value::load(ctx.input.get())
        .and_then(OpaValue::json)
        .map(|v| Ok(v.clone()));
    let set = result_set(
        entrypoint(ctx.entrypoint.get()),
        input,
        &json_at(ctx.data.get()),
    );
    ctx.result.set(value::store(set));
    0
}

/// ABI 1.2 one-shot evaluation: the raw JSON input sits just below `heap_ptr`; returns the
/// result set as NUL-terminated JSON (`format` 0) or Rego (`format` 1).
#[no_mangle]
pub extern "C" fn opa_eval(
    _reserved: i32,
    entrypoint: i32,
    data: i32,
    input: i32,
    input_len: i32,
    heap_ptr: i32,
    format: i32,
) -> i32 {
    ready();
    let entrypoint = self::entrypoint(entrypoint);
    heap::set_pointer(heap_ptr as u32 as usize);
    let input = (input_len != 0).then(|| {
        let bytes = host_bytes(input, input_len).ok_or("input lies outside memory")?;
        serde_json::from_slice::<Value>(&bytes).map_err(|e| format!("input is not JSON: {e}"))
    });
    let set = result_set(entrypoint, input, &json_at(data));
    c_string(match format {
        1 => set.to_rego(),
        _ => set.to_json(),
    })
}

#[no_mangle]
pub extern "C" fn opa_value_add_path(base: i32, path: i32, value: i32) -> i32 {
    let (Some(path), Some(new)) = (
        value::load(path).and_then(OpaValue::json).cloned(),
        value::load(value).and_then(OpaValue::json).cloned(),
    ) else {
        return 2;
    };
    match value::load_mut(base) {
        Some(OpaValue::Json(base)) => value::add_path(base, &path, new),
        _ => 2,
    }
}

#[no_mangle]
pub extern "C" fn opa_value_remove_path(base: i32, path: i32) -> i32 {
    let Some(path) = value::load(path).and_then(OpaValue::json).cloned() else {
        return 2;
    };
    match value::load_mut(base) {
        Some(OpaValue::Json(base)) => value::remove_path(base, &path),
        _ => 2,
    }
}
