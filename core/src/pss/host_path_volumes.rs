//! `hostPathVolumes` (baseline, v1.0): no hostPath volumes. Replaced by `restrictedVolumes` at
//! restricted level.

use super::visit::{field, join_quote, pluralize, pod};
use super::{CheckId, Field, PodView, Version, Violation};
use crate::document::Step;

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    let mut names = Vec::new();
    let mut fields = Vec::new();
    let volumes = view.spec.get("volumes").map_or(&[][..], |v| v.as_seq());
    for (i, volume) in volumes.iter().enumerate() {
        if field(volume, "hostPath").is_some() {
            names.push(volume.str_at("name").unwrap_or(""));
            fields.push(Field::spec(
                pod(&[Step::Key("volumes"), Step::Index(i), Step::Key("hostPath")]),
                "no hostPath volume",
            ));
        }
    }
    (!names.is_empty()).then(|| {
        Violation::new(
            CheckId::HostPathVolumes,
            "hostPath volumes",
            format!(
                "{} {}",
                pluralize("volume", "volumes", names.len()),
                join_quote(&names)
            ),
            fields,
        )
    })
}
