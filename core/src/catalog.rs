//! The control catalog: data in `policies/`, embedded at build time, parsed once.

mod model;
mod params;

pub use model::{Area, CatalogInfo, Control, Framework, ParamSpec, ParamType, Profile, Reference};
pub use params::Params;

use crate::source::{parse_file, InputFile, Limits};
use std::collections::BTreeMap;

/// The embedded catalog files: (path below `policies/`, contents).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_policies.rs"));
}

/// Why the catalog could not be loaded (a build defect or a bad user-supplied catalog).
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("catalog file `{path}`: {message}")]
    Parse { path: String, message: String },
    #[error("catalog file `{path}`: {source}")]
    Schema {
        path: String,
        source: serde_json::Error,
    },
    #[error("control folder `{folder}` holds control `{id}`")]
    FolderMismatch { folder: String, id: String },
    #[error("catalog has no `catalog.yaml`")]
    MissingManifest,
}

/// The whole catalog: controls by id, profiles, frameworks and data tables.
#[derive(Debug)]
pub struct Catalog {
    pub info: CatalogInfo,
    pub controls: BTreeMap<String, Control>,
    pub profiles: BTreeMap<String, Profile>,
    /// Reference data tables (`data/*.yaml`) as JSON, by file stem.
    pub data: BTreeMap<String, serde_json::Value>,
    /// SHA-256 over every catalog file, in path order: identifies the exact catalog used.
    pub sha256: String,
}

impl Catalog {
    /// The catalog compiled into this build.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        Catalog::from_files(embedded::FILES.iter().map(|(p, c)| (*p, *c)))
    }

    /// Builds a catalog from (path below `policies/`, contents) pairs.
    pub fn from_files<'f>(
        files: impl IntoIterator<Item = (&'f str, &'f str)>,
    ) -> Result<Catalog, CatalogError> {
        let mut files: Vec<(&str, &str)> = files.into_iter().collect();
        files.sort_unstable();
        let mut hash_input = Vec::new();
        let mut info = None;
        let mut controls = BTreeMap::new();
        let mut profiles = BTreeMap::new();
        let mut data = BTreeMap::new();
        for (path, contents) in files {
            hash_input.extend_from_slice(path.as_bytes());
            hash_input.push(0);
            hash_input.extend_from_slice(contents.as_bytes());
            hash_input.push(0);
            let json = to_json(path, contents)?;
            let parts: Vec<&str> = path.split('/').collect();
            match parts.as_slice() {
                ["catalog.yaml"] => info = Some(typed::<CatalogInfo>(path, json)?),
                ["controls", folder, "control.yaml"] => {
                    let control: Control = typed(path, json)?;
                    if control.id != *folder {
                        return Err(CatalogError::FolderMismatch {
                            folder: folder.to_string(),
                            id: control.id,
                        });
                    }
                    controls.insert(control.id.clone(), control);
                }
                ["profiles", _] => {
                    let profile: Profile = typed(path, json)?;
                    profiles.insert(profile.name.clone(), profile);
                }
                ["data", file] => {
                    let stem = file.trim_end_matches(".yaml").to_string();
                    data.insert(stem, json);
                }
                _ => {}
            }
        }
        Ok(Catalog {
            info: info.ok_or(CatalogError::MissingManifest)?,
            controls,
            profiles,
            data,
            sha256: crate::source::sha256_hex(&hash_input),
        })
    }

    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.get(id)
    }

    /// A profile by name, or the catalog's default one.
    pub fn profile(&self, name: Option<&str>) -> Option<&Profile> {
        self.profiles
            .get(name.unwrap_or(&self.info.default_profile))
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.info.frameworks.iter().find(|f| f.id == id)
    }
}

fn to_json(path: &str, contents: &str) -> Result<serde_json::Value, CatalogError> {
    let parsed = parse_file(
        &InputFile::new(path, contents.as_bytes()),
        &Limits::default(),
    );
    if let Some(e) = parsed.error {
        return Err(CatalogError::Parse {
            path: path.to_string(),
            message: format!(
                "{} at line {}",
                e.message,
                e.line.map_or("?".into(), |l| l.to_string())
            ),
        });
    }
    Ok(parsed
        .documents
        .first()
        .map_or(serde_json::Value::Null, |d| d.to_json()))
}

fn typed<T: serde::de::DeserializeOwned>(
    path: &str,
    json: serde_json::Value,
) -> Result<T, CatalogError> {
    serde_json::from_value(json).map_err(|source| CatalogError::Schema {
        path: path.to_string(),
        source,
    })
}
