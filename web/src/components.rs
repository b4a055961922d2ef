//! The pages and widgets of the viewer, one per file.

pub mod badge;
pub mod control_list;
pub mod control_page;
pub mod dashboard;
pub mod drop_zone;
pub mod evidence;
pub mod inputs;
pub mod progress;
pub mod report_page;
pub mod resource_page;
