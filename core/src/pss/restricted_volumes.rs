//! `restrictedVolumes` (restricted, v1.0): only ephemeral and API-backed volume types. Replaces
//! `hostPathVolumes` at restricted level. `image` volumes were added to the v1.0 function, so
//! they are allowed at every version.
//!
//! A volume that names no source at all is defaulted by the API server to `emptyDir` before
//! admission sees it, so it is allowed here too.

use super::visit::{field, join_quote, pluralize, pod};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::{Node, Step};
use std::collections::BTreeSet;

pub(super) const ALLOWED: [&str; 9] = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

/// Every other volume source of the API, in the order the reference names the first one a
/// volume uses.
const RESTRICTED: [&str; 21] = [
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
];

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    // Written only for a violation: most pods have none.
    let expected = || format!("one of {}", ALLOWED.join(", "));
    let mut names = Vec::new();
    let mut types = BTreeSet::new();
    let mut fields = Vec::new();
    let volumes = view.spec.get("volumes").map_or(&[][..], Node::as_seq);
    for (i, volume) in volumes.iter().enumerate() {
        if ALLOWED.iter().any(|t| field(volume, t).is_some()) {
            continue;
        }
        // No source at all: an implicit emptyDir.
        let Some(restricted) = RESTRICTED.iter().find(|t| field(volume, t).is_some()) else {
            continue;
        };
        names.push(volume.str_at("name").unwrap_or(""));
        types.insert(*restricted);
        fields.push(Field::spec(
            pod(&[Step::Key("volumes"), Step::Index(i), Step::Key(restricted)]),
            expected(),
        ));
    }
    (!names.is_empty()).then(|| {
        let types: Vec<&str> = types.into_iter().collect();
        Violation::new(
            CheckId::RestrictedVolumes,
            "restricted volume types",
            format!(
                "{} {} {} {} {}",
                pluralize("volume", "volumes", names.len()),
                join_quote(&names),
                pluralize("uses", "use", names.len()),
                pluralize(
                    "restricted volume type",
                    "restricted volume types",
                    types.len()
                ),
                join_quote(&types)
            ),
            fields,
        )
    })
}
