//! The embedded catalog as one JSON document, for hosts that list or explain controls.

use serde_json::{json, Value};

/// `{version, sha256, default_profile, frameworks, profiles, controls}`.
pub fn catalog_json() -> Result<Value, posture_core::ScanError> {
    let catalog = posture_core::catalog()?;
    Ok(json!({
        "version": catalog.info.version,
        "sha256": catalog.sha256,
        "default_profile": catalog.info.default_profile,
        "frameworks": catalog.info.frameworks,
        "profiles": catalog.profiles.values().collect::<Vec<_>>(),
        "controls": catalog.controls.values().collect::<Vec<_>>(),
    }))
}
