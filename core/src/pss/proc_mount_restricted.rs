//! `procMount_restricted` (restricted, v1.35): the default `/proc` masks even in a user
//! namespace. Replaces the relaxed baseline `procMount` at restricted level.

use super::proc_mount::default_masks;
use super::{CheckId, PodView, Version, Violation};

pub(super) fn check<'a>(view: &PodView<'a>, _: Version) -> Option<Violation<'a>> {
    default_masks(view, CheckId::ProcMountRestricted)
}
