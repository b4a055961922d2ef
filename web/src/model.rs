//! What the pages show, computed from a report: control rows with filters and sorting, the
//! dashboard's counts, framework coverage, and everything about one resource. Pure functions,
//! unit-tested without a browser.

use crate::route::{Filters, ResourceKey, Sort};
use posture_core::catalog::{Area, Framework};
use posture_core::report::{ControlRecord, ResultRecord};
use posture_core::{Report, Severity, Status};
use std::collections::{BTreeMap, BTreeSet};

/// Result counts by status.
pub type Counts = BTreeMap<Status, usize>;

/// The key of the resource a result is about.
pub fn resource_key(result: &ResultRecord) -> ResourceKey {
    ResourceKey {
        kind: result.resource.kind.to_string(),
        namespace: result.resource.namespace.as_deref().map(str::to_string),
        name: result.resource.name.to_string(),
    }
}

/// Whether `result` is about `key`, compared in place (this runs over every result).
fn is_resource(result: &ResultRecord, key: &ResourceKey) -> bool {
    let resource = &result.resource;
    *resource.kind == *key.kind
        && *resource.name == *key.name
        && resource.namespace.as_deref() == key.namespace.as_deref()
}

/// One control of the control list.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlRow<'r> {
    pub control: &'r ControlRecord,
    pub counts: Counts,
}

impl ControlRow<'_> {
    pub fn failing(&self) -> usize {
        self.counts.get(&Status::Fail).copied().unwrap_or(0)
    }
}

fn matches(filters: &Filters, control: &ControlRecord, results: &[&ResultRecord]) -> bool {
    if filters.status.is_some_and(|s| s != control.status)
        || filters.severity.is_some_and(|s| s != control.severity)
        || filters
            .area
            .as_deref()
            .is_some_and(|a| a != control.area.as_str())
        || filters
            .framework
            .as_deref()
            .is_some_and(|f| !control.references.iter().any(|r| r.framework == f))
    {
        return false;
    }
    if let Some(ns) = filters.namespace.as_deref() {
        if !results
            .iter()
            .any(|r| r.resource.namespace.as_deref() == Some(ns))
        {
            return false;
        }
    }
    let query = filters.query.trim().to_lowercase();
    query.is_empty()
        || [&control.id, &control.title, &control.description]
            .iter()
            .any(|t| t.to_lowercase().contains(&query))
        || control
            .references
            .iter()
            .flat_map(|r| r.ids.iter())
            .any(|id| id.to_lowercase() == query)
        || results.iter().any(|r| {
            r.resource.name.to_lowercase().contains(&query)
                || r.message.to_lowercase().contains(&query)
        })
}

/// Results grouped by control id, in report order.
pub fn results_by_control(report: &Report) -> BTreeMap<&str, Vec<&ResultRecord>> {
    let mut out: BTreeMap<&str, Vec<&ResultRecord>> = BTreeMap::new();
    for r in &report.results {
        out.entry(&*r.control).or_default().push(r);
    }
    out
}

/// The control list: filtered, then sorted.
pub fn control_rows<'r>(report: &'r Report, filters: &Filters) -> Vec<ControlRow<'r>> {
    let by_control = results_by_control(report);
    let mut rows: Vec<ControlRow<'r>> = report
        .controls
        .iter()
        .filter_map(|control| {
            let results = by_control
                .get(control.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            matches(filters, control, results).then(|| ControlRow {
                control,
                counts: count(results.iter().copied()),
            })
        })
        .collect();
    let severity_desc = |r: &ControlRow<'_>| std::cmp::Reverse(r.control.severity);
    match filters.sort {
        Sort::Status => rows.sort_by_key(|r| (r.control.status, severity_desc(r))),
        Sort::Severity => rows.sort_by_key(|r| (severity_desc(r), r.control.status)),
        Sort::Id => rows.sort_by(|a, b| a.control.id.cmp(&b.control.id)),
        Sort::Failing => rows.sort_by_key(|r| (std::cmp::Reverse(r.failing()), r.control.status)),
    }
    rows
}

pub fn count<'r>(results: impl IntoIterator<Item = &'r ResultRecord>) -> Counts {
    let mut counts = Counts::new();
    for r in results {
        *counts.entry(r.status).or_default() += 1;
    }
    counts
}

/// How many controls of each status, per area, in catalog area order.
pub fn controls_by_area(report: &Report) -> BTreeMap<Area, Counts> {
    let mut out: BTreeMap<Area, Counts> = BTreeMap::new();
    for c in &report.controls {
        *out.entry(c.area).or_default().entry(c.status).or_default() += 1;
    }
    out
}

/// Result counts per cluster (`(no cluster)` for objects not attributed to one).
pub fn results_by_cluster(report: &Report) -> BTreeMap<String, Counts> {
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    for r in &report.results {
        let cluster = r.resource.cluster.as_deref().unwrap_or("(no cluster)");
        *out.entry(cluster.to_string())
            .or_default()
            .entry(r.status)
            .or_default() += 1;
    }
    out
}

/// How a framework's requirements stand: each requirement takes the most urgent status of the
/// controls that provide evidence for it; not-applicable controls do not count.
#[derive(Clone, Debug)]
pub struct Coverage {
    pub framework: Framework,
    /// Requirement id → status.
    pub requirements: BTreeMap<String, Status>,
}

impl Coverage {
    pub fn count(&self, status: Status) -> usize {
        self.requirements.values().filter(|s| **s == status).count()
    }
}

pub fn coverage(report: &Report, frameworks: &[Framework]) -> Vec<Coverage> {
    frameworks
        .iter()
        .map(|framework| Coverage {
            framework: framework.clone(),
            requirements: report
                .requirements(&framework.id)
                .into_iter()
                .map(|(id, (status, _))| (id.to_string(), status))
                .collect(),
        })
        .filter(|c| !c.requirements.is_empty())
        .collect()
}

/// Every distinct namespace mentioned by a result, for the namespace filter.
pub fn namespace_names(report: &Report) -> Vec<String> {
    let set: BTreeSet<&str> = report
        .results
        .iter()
        .filter_map(|r| r.resource.namespace.as_deref())
        .collect();
    set.into_iter().map(str::to_string).collect()
}

/// Every result about one resource, most urgent first; for a Namespace, also every result about
/// the resources in it.
pub fn resource_results<'r>(report: &'r Report, key: &ResourceKey) -> Vec<&'r ResultRecord> {
    let namespace = (key.kind == "Namespace" && key.namespace.is_none()).then_some(&key.name);
    let mut out: Vec<&ResultRecord> = report
        .results
        .iter()
        .filter(|r| {
            is_resource(r, key)
                || namespace.is_some_and(|ns| r.resource.namespace.as_deref() == Some(ns.as_str()))
        })
        .collect();
    out.sort_by_key(|r| (r.status, std::cmp::Reverse(r.severity)));
    out
}

/// The headline: the most urgent control status, and failing controls by severity.
pub fn worst(report: &Report) -> Option<Status> {
    report.controls.iter().map(|c| c.status).min()
}

pub fn failing_by_severity(report: &Report) -> Vec<(Severity, usize)> {
    Severity::ALL
        .into_iter()
        .map(|s| {
            let n = report
                .controls
                .iter()
                .filter(|c| c.status == Status::Fail && c.severity == s)
                .count();
            (s, n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use posture_core::{InputFile, ScanOptions};

    fn sample() -> Report {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/legacy-public");
        let mut files = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(bytes) = std::fs::read(&path) {
                    files.push(InputFile::new(path.display().to_string(), bytes));
                }
            }
        }
        let options = ScanOptions {
            timestamp: "2026-11-24T00:00:00Z".into(),
            ..ScanOptions::default()
        };
        match posture_core::scan(&files, &options) {
            Ok(report) => report,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn filters_select_exactly_the_matching_controls() {
        let report = sample();
        let all = control_rows(&report, &Filters::default());
        assert_eq!(all.len(), report.controls.len());

        let failing = control_rows(
            &report,
            &Filters {
                status: Some(Status::Fail),
                severity: Some(Severity::Critical),
                ..Filters::default()
            },
        );
        let expected = report
            .controls
            .iter()
            .filter(|c| c.status == Status::Fail && c.severity == Severity::Critical)
            .count();
        assert!(expected > 0);
        assert_eq!(failing.len(), expected);

        let pss = control_rows(
            &report,
            &Filters {
                area: Some("pod-security".into()),
                ..Filters::default()
            },
        );
        assert_eq!(pss.len(), 19);

        let pci = control_rows(
            &report,
            &Filters {
                framework: Some("pci-dss".into()),
                ..Filters::default()
            },
        );
        assert!(pci.iter().all(|r| r
            .control
            .references
            .iter()
            .any(|x| x.framework == "pci-dss")));
        assert!(pci.len() < all.len());
    }

    #[test]
    fn text_search_finds_ids_titles_requirements_and_resources() {
        let report = sample();
        let by_id = control_rows(
            &report,
            &Filters {
                query: "eks-net-2".into(),
                ..Filters::default()
            },
        );
        assert_eq!(by_id.len(), 1);
        assert_eq!(by_id[0].control.id, "EKS-NET-2");
        let by_resource = control_rows(
            &report,
            &Filters {
                query: "storefront".into(),
                ..Filters::default()
            },
        );
        assert!(by_resource.iter().any(|r| r.control.id == "K8S-PSS-B-2"));
        let none = control_rows(
            &report,
            &Filters {
                query: "no such thing anywhere".into(),
                ..Filters::default()
            },
        );
        assert!(none.is_empty());
    }

    #[test]
    fn sorting_puts_the_most_urgent_first() {
        let report = sample();
        let rows = control_rows(&report, &Filters::default());
        assert!(rows
            .windows(2)
            .all(|w| w[0].control.status <= w[1].control.status));
        let by_failing = control_rows(
            &report,
            &Filters {
                sort: Sort::Failing,
                ..Filters::default()
            },
        );
        assert!(by_failing
            .windows(2)
            .all(|w| w[0].failing() >= w[1].failing()));
    }

    #[test]
    fn counts_add_up_to_the_report_summary() {
        let report = sample();
        let by_area: usize = controls_by_area(&report)
            .values()
            .flat_map(|c| c.values())
            .sum();
        assert_eq!(by_area, report.controls.len());
        let by_cluster: usize = results_by_cluster(&report)
            .values()
            .flat_map(|c| c.values())
            .sum();
        assert_eq!(by_cluster, report.results.len());
        let failing: usize = failing_by_severity(&report).iter().map(|(_, n)| n).sum();
        assert_eq!(
            failing,
            report
                .summary
                .controls_by_status
                .get(&Status::Fail)
                .copied()
                .unwrap_or(0)
        );
    }

    #[test]
    fn coverage_takes_the_most_urgent_status_and_keeps_not_assessed_visible() {
        let report = sample();
        let catalog = posture_core::catalog().unwrap();
        let coverage = coverage(&report, &catalog.info.frameworks);
        let pci = coverage
            .iter()
            .find(|c| c.framework.id == "pci-dss")
            .unwrap();
        for (requirement, status) in &pci.requirements {
            let worst = report
                .controls
                .iter()
                .filter(|c| {
                    c.references
                        .iter()
                        .any(|r| r.framework == "pci-dss" && r.ids.contains(requirement))
                })
                .map(|c| c.status)
                .filter(|s| *s != Status::NotApplicable)
                .min()
                .unwrap_or(Status::NotApplicable);
            assert_eq!(*status, worst, "{requirement}");
        }
        assert!(pci.count(Status::Fail) > 0);
    }

    #[test]
    fn resource_pages_gather_every_result_of_one_resource() {
        let report = sample();
        let key = report
            .results
            .iter()
            .find(|r| r.resource.namespace.as_deref() == Some("default"))
            .map(resource_key)
            .unwrap();
        let results = resource_results(&report, &key);
        assert!(!results.is_empty());
        assert!(results.iter().all(|r| resource_key(r) == key));
        // A namespace's page gathers the results of everything in it.
        let namespace = ResourceKey {
            kind: "Namespace".into(),
            namespace: None,
            name: "default".into(),
        };
        let gathered = resource_results(&report, &namespace);
        let in_default = report
            .results
            .iter()
            .filter(|r| r.resource.namespace.as_deref() == Some("default"))
            .count();
        assert!(in_default > 0);
        assert!(gathered.len() >= in_default);
    }
}
