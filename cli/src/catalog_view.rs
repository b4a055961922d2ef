//! `posture controls` and `posture explain`.

use crate::{ControlsArgs, ListFormat};
use posture_core::catalog::Control;
use posture_core::Severity;
use std::fmt::Write;

pub struct Filter {
    area: Option<String>,
    severity: Option<Severity>,
    framework: Option<String>,
    profile: Option<String>,
    profiles: bool,
    format: ListFormat,
}

impl From<ControlsArgs> for Filter {
    fn from(a: ControlsArgs) -> Self {
        Filter {
            area: a.area,
            severity: a.severity,
            framework: a.framework,
            profile: a.profile,
            profiles: a.profiles,
            format: a.format,
        }
    }
}

fn area_name(control: &Control) -> String {
    serde_json::to_value(control.area)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn list(filter: &Filter) -> Result<u8, String> {
    let catalog = posture_core::catalog().map_err(|e| e.to_string())?;
    if filter.profiles {
        let mut out = String::new();
        for p in catalog.profiles.values() {
            let default = if p.name == catalog.info.default_profile {
                " (default)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{:<10} {}{default}\n           {}",
                p.name, p.title, p.description
            );
        }
        anstream::print!("{out}");
        return Ok(0);
    }
    let profile = match &filter.profile {
        Some(name) => Some(
            catalog
                .profile(Some(name))
                .ok_or_else(|| format!("unknown profile `{name}`"))?,
        ),
        None => None,
    };
    let selected: Vec<&Control> = catalog
        .controls
        .values()
        .filter(|c| {
            filter
                .area
                .as_ref()
                .is_none_or(|a| area_name(c).eq_ignore_ascii_case(a))
        })
        .filter(|c| filter.severity.is_none_or(|s| c.severity == s))
        .filter(|c| {
            filter.framework.as_ref().is_none_or(|f| {
                c.references
                    .iter()
                    .any(|r| r.framework.eq_ignore_ascii_case(f))
            })
        })
        .filter(|c| profile.is_none_or(|p| p.includes(&c.id)))
        .collect();
    let out = match filter.format {
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&selected).map_err(|e| e.to_string())?;
            text.push('\n');
            text
        }
        ListFormat::Table => {
            let mut text = String::new();
            for c in &selected {
                let _ = writeln!(
                    text,
                    "{:<12} {:<9} {:<13} {}",
                    c.id,
                    c.severity.as_str(),
                    area_name(c),
                    c.title
                );
            }
            let _ = writeln!(
                text,
                "\n{} of {} controls (catalog {})",
                selected.len(),
                catalog.controls.len(),
                catalog.info.version
            );
            text
        }
    };
    anstream::print!("{out}");
    Ok(0)
}

pub fn explain(id: &str) -> Result<u8, String> {
    let catalog = posture_core::catalog().map_err(|e| e.to_string())?;
    let control = catalog
        .controls
        .values()
        .find(|c| c.id.eq_ignore_ascii_case(id))
        .ok_or_else(|| format!("no control `{id}` (see `posture controls`)"))?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}\nseverity {} · area {}\n",
        control.id,
        control.title,
        control.severity.as_str(),
        area_name(control)
    );
    let _ = writeln!(out, "What it checks\n  {}\n", control.description);
    let _ = writeln!(out, "Why it matters\n  {}\n", control.rationale);
    let _ = writeln!(out, "Remediation\n  {}\n", control.remediation);
    let _ = writeln!(out, "Reads\n  {}\n", control.inputs.join("\n  "));
    let _ = writeln!(out, "References");
    for r in &control.references {
        let framework = catalog
            .framework(&r.framework)
            .map_or(r.framework.clone(), |f| format!("{} {}", f.name, f.version));
        let note = r
            .note
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {framework}: {}{note}", r.ids.join(", "));
    }
    if !control.parameters.is_empty() {
        let _ = writeln!(out, "\nParameters");
        for (name, p) in &control.parameters {
            let _ = writeln!(
                out,
                "  {name} ({}, default {}): {}",
                p.kind.as_str(),
                p.default,
                p.description
            );
        }
    }
    anstream::print!("{out}");
    Ok(0)
}
