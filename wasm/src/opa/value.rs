//! OPA "values": opaque addresses the host passes back to the module. Here each is a boxed
//! JSON value on the heap (or a result set), tagged so a stray address is refused rather than
//! misread.

use serde_json::Value;
use std::cell::Cell;

/// Marks a live value cell ("POSV").
const TAG: u32 = 0x504F_5356;

pub enum OpaValue {
    Json(Value),
    /// A Rego set; here only ever an evaluation's result set.
    Set(Vec<Value>),
}

struct ValueCell {
    tag: u32,
    value: OpaValue,
}

/// Moves `value` to the heap and returns its address for the host.
pub fn store(value: OpaValue) -> i32 {
    let cell = Box::new(ValueCell { tag: TAG, value });
    Box::into_raw(cell) as usize as i32
}

/// `address` as a pointer to a `T`, if it is non-null, aligned and inside memory.
fn checked<T>(address: i32) -> Option<*mut T> {
    let ptr = address as u32 as usize;
    (ptr != 0
        && ptr.is_multiple_of(core::mem::align_of::<T>())
        && super::heap::in_memory(ptr, core::mem::size_of::<T>()))
    .then_some(ptr as *mut T)
}

/// The value at `address`, if it is one this module stored.
pub fn load<'a>(address: i32) -> Option<&'a OpaValue> {
    let ptr = checked::<ValueCell>(address)?;
    // SAFETY: `ptr` is aligned and inside memory; values are only read through cells carrying
    // the tag, which `store` wrote. The host owns the address's lifetime (until it resets the
    // heap), as the OPA ABI specifies.
    let cell = unsafe { &*ptr };
    (cell.tag == TAG).then_some(&cell.value)
}

/// Mutable access for `opa_value_add_path` / `opa_value_remove_path`.
pub fn load_mut<'a>(address: i32) -> Option<&'a mut OpaValue> {
    let ptr = checked::<ValueCell>(address)?;
    // SAFETY: as in `load`; the module is single-threaded and no other reference to this cell
    // is alive while a host call runs.
    let cell = unsafe { &mut *ptr };
    (cell.tag == TAG).then_some(&mut cell.value)
}

impl OpaValue {
    /// The value as JSON (`opa_json_dump`): sets become arrays.
    pub fn to_json(&self) -> String {
        match self {
            OpaValue::Json(v) => v.to_string(),
            OpaValue::Set(items) => Value::Array(items.clone()).to_string(),
        }
    }

    /// The value in Rego literal syntax (`opa_value_dump`): `{a, b}` or `set()` for sets.
    /// JSON is valid Rego for everything else.
    pub fn to_rego(&self) -> String {
        match self {
            OpaValue::Json(v) => v.to_string(),
            OpaValue::Set(items) if items.is_empty() => "set()".into(),
            OpaValue::Set(items) => {
                let items: Vec<String> = items.iter().map(Value::to_string).collect();
                format!("{{{}}}", items.join(","))
            }
        }
    }

    pub fn json(&self) -> Option<&Value> {
        match self {
            OpaValue::Json(v) => Some(v),
            OpaValue::Set(_) => None,
        }
    }
}

/// An evaluation context of the ABI 1.0 path: handles set one at a time, then `eval`.
#[derive(Default)]
pub struct EvalCtx {
    pub input: Cell<i32>,
    pub data: Cell<i32>,
    pub entrypoint: Cell<i32>,
    pub result: Cell<i32>,
}

const CTX_TAG: u32 = 0x504F_5343;

struct CtxCell {
    tag: u32,
    ctx: EvalCtx,
}

pub fn store_ctx() -> i32 {
    let cell = Box::new(CtxCell {
        tag: CTX_TAG,
        ctx: EvalCtx::default(),
    });
    Box::into_raw(cell) as usize as i32
}

pub fn load_ctx<'a>(address: i32) -> Option<&'a EvalCtx> {
    let ptr = checked::<CtxCell>(address)?;
    // SAFETY: aligned and inside memory; accepted only with the tag `store_ctx` wrote. The
    // fields are `Cell`s, so shared references suffice to update them.
    let cell = unsafe { &*ptr };
    (cell.tag == CTX_TAG).then_some(&cell.ctx)
}

/// Sets `path` (an array of keys) inside `base` to `value`, creating objects on the way.
/// Error codes as the ABI defines them: 2 invalid type, 3 invalid path.
pub fn add_path(base: &mut Value, path: &Value, value: Value) -> i32 {
    let Some(keys) = path_keys(path) else {
        return 3;
    };
    let Some((last, parents)) = keys.split_last() else {
        *base = value;
        return 0;
    };
    let mut node = base;
    for key in parents {
        let Some(object) = node.as_object_mut() else {
            return 2;
        };
        node = object
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Default::default()));
    }
    match node.as_object_mut() {
        Some(object) => {
            object.insert(last.to_string(), value);
            0
        }
        None => 2,
    }
}

/// Removes `path` from `base`; a missing path is not an error.
pub fn remove_path(base: &mut Value, path: &Value) -> i32 {
    let Some(keys) = path_keys(path) else {
        return 3;
    };
    // The root itself cannot be removed.
    let Some((last, parents)) = keys.split_last() else {
        return 3;
    };
    let mut node = base;
    for key in parents {
        match node.get_mut(*key) {
            Some(next) => node = next,
            None => return 0,
        }
    }
    match node.as_object_mut() {
        Some(object) => {
            object.remove(*last);
            0
        }
        None => 2,
    }
}

fn path_keys(path: &Value) -> Option<Vec<&str>> {
    path.as_array()?.iter().map(Value::as_str).collect()
}
