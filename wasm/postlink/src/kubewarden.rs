//! `kubewarden.wasm`: Kubewarden reads a policy's metadata from the custom section
//! `io.kubewarden.metadata` (JSON). Embedded here from one reviewed file, so the module is a
//! complete policy without `kwctl annotate`; `--raw` makes the variant for raw JSON requests.

use crate::{read, write, Error};
use serde_json::{json, Value};
use walrus::RawCustomSection;

const SECTION: &str = "io.kubewarden.metadata";

/// The waPC exports and imports a Kubewarden host links against.
const EXPORTS: &[&str] = &["__guest_call", "wapc_init", "memory"];

pub fn finish(input: &str, output: &str, metadata: &str, raw: bool) -> Result<String, Error> {
    let meta_error = |message: String| Error::Metadata {
        path: metadata.to_string(),
        message,
    };
    let text = std::fs::read_to_string(metadata).map_err(|e| meta_error(e.to_string()))?;
    let mut meta: Value = serde_json::from_str(&text).map_err(|e| meta_error(e.to_string()))?;
    let Some(fields) = meta.as_object_mut() else {
        return Err(meta_error("metadata must be a JSON object".into()));
    };
    if raw {
        fields.insert("policyType".into(), json!("raw"));
        fields.insert("rules".into(), json!([]));
    }
    if let Some(Value::Object(annotations)) = fields.get_mut("annotations") {
        annotations.insert(
            "io.kubewarden.policy.version".into(),
            json!(env!("CARGO_PKG_VERSION")),
        );
    }
    let mut module = read(input)?;
    for name in EXPORTS {
        if !module.exports.iter().any(|e| e.name == *name) {
            return Err(meta_error(format!("{input} does not export `{name}`")));
        }
    }
    if let Some(i) = module.imports.iter().find(|i| i.module != "wapc") {
        return Err(meta_error(format!(
            "{input} imports `{}.{}`, which a waPC host does not provide",
            i.module, i.name
        )));
    }
    let existing: Vec<_> = module
        .customs
        .iter()
        .filter(|(_, c)| c.name() == SECTION)
        .map(|(id, _)| id)
        .collect();
    for id in existing {
        module.customs.delete(id);
    }
    module.customs.add(RawCustomSection {
        name: SECTION.into(),
        data: meta.to_string().into_bytes(),
    });
    write(&mut module, output)?;
    Ok(format!(
        "{output}: Kubewarden waPC policy, policyType {}",
        meta.get("policyType")
            .and_then(Value::as_str)
            .unwrap_or("kubernetes")
    ))
}
