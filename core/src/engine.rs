//! One scan: parse every input, run every selected control, apply waivers, build the report.

use crate::bundle::{Bundle, DocumentKind};
use crate::catalog::{Catalog, CatalogError, Control, Params, Profile};
use crate::config::Config;
use crate::eval::{self, Ctx};
use crate::finding::{Outcome, Resource, Severity, Status};
use crate::hash::{HashMap, HashSet};
use crate::report::*;
use crate::source::{parse_file, InputFile, Limits, SourceFile};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How to run a scan.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Profile name; the config file's, then the catalog default, when absent.
    pub profile: Option<String>,
    pub config: Config,
    /// Evaluation time (RFC 3339). Time-dependent verdicts (support dates, waiver expiry) use it,
    /// so a report is reproducible when it is fixed.
    pub timestamp: String,
    pub limits: Limits,
    /// Files the caller saw but did not read, with the reason; listed in the report.
    pub skipped: Vec<(String, String)>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            profile: None,
            config: Config::default(),
            timestamp: "1970-01-01T00:00:00Z".into(),
            limits: Limits::default(),
            skipped: Vec::new(),
        }
    }
}

/// Why a scan could not run at all (bad options); problems in inputs never end up here.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("catalog: {0}")]
    Catalog(#[from] CatalogError),
    #[error("unknown profile `{name}` (available: {available})")]
    UnknownProfile { name: String, available: String },
    #[error("unknown control `{0}` in configuration")]
    UnknownControl(String),
    #[error("parameter `{name}` is not used by any selected control")]
    UnknownParameter { name: String },
    #[error("control `{control}` has no parameter `{name}`")]
    UnknownControlParameter { control: String, name: String },
    #[error("parameter `{name}` of `{control}` must be a {expected}")]
    ParameterType {
        control: String,
        name: String,
        expected: &'static str,
    },
    #[error("timestamp `{0}` is not RFC 3339 (e.g. 2026-11-24T12:00:00Z)")]
    Timestamp(String),
    #[error("waiver for `{control}` has expiry `{expires}`, expected YYYY-MM-DD")]
    WaiverDate { control: String, expires: String },
}

/// The catalog compiled into this build, parsed once per process.
pub fn catalog() -> Result<&'static Catalog, ScanError> {
    static CATALOG: OnceLock<Result<Catalog, String>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| {
            ScanError::Catalog(CatalogError::Parse {
                path: "(embedded)".into(),
                message: e.clone(),
            })
        })
}

/// The controls a scan will run, with their parameters: checked before any input is read.
#[derive(Debug)]
pub struct Plan<'c> {
    pub catalog: &'c Catalog,
    pub profile: &'c Profile,
    pub controls: Vec<(&'c Control, Params, Severity)>,
    /// `YYYY-MM-DD` of the evaluation time.
    pub date: String,
}

pub fn plan<'c>(catalog: &'c Catalog, options: &ScanOptions) -> Result<Plan<'c>, ScanError> {
    let config = &options.config;
    let name = options.profile.as_deref().or(config.profile.as_deref());
    let profile = catalog
        .profile(name)
        .ok_or_else(|| ScanError::UnknownProfile {
            name: name.unwrap_or(&catalog.info.default_profile).to_string(),
            available: catalog
                .profiles
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    for id in config.controls.keys() {
        if catalog.control(id).is_none() {
            return Err(ScanError::UnknownControl(id.clone()));
        }
    }
    let date = evaluation_date(&options.timestamp)?;
    for waiver in &config.waivers {
        if let Some(expires) = &waiver.expires {
            if !is_date(expires) {
                return Err(ScanError::WaiverDate {
                    control: waiver.control.clone(),
                    expires: expires.clone(),
                });
            }
        }
    }
    let mut controls = Vec::new();
    let mut used_globals = std::collections::BTreeSet::new();
    for control in catalog.controls.values() {
        let own = config.controls.get(&control.id);
        let enabled = own
            .and_then(|c| c.enabled)
            .unwrap_or_else(|| profile.includes(&control.id));
        if !enabled {
            continue;
        }
        let mut params = BTreeMap::new();
        for (name, spec) in &control.parameters {
            let value = own
                .and_then(|c| c.parameters.get(name))
                .or_else(|| config.parameters.get(name))
                .or_else(|| profile.parameters.get(name))
                .unwrap_or(&spec.default);
            if config.parameters.contains_key(name) {
                used_globals.insert(name.clone());
            }
            if !spec.kind.accepts(value) {
                return Err(ScanError::ParameterType {
                    control: control.id.clone(),
                    name: name.clone(),
                    expected: spec.kind.as_str(),
                });
            }
            params.insert(name.clone(), value.clone());
        }
        if let Some(own) = own {
            if let Some(name) = own
                .parameters
                .keys()
                .find(|n| !control.parameters.contains_key(*n))
            {
                return Err(ScanError::UnknownControlParameter {
                    control: control.id.clone(),
                    name: name.clone(),
                });
            }
        }
        let severity = own.and_then(|c| c.severity).unwrap_or(control.severity);
        controls.push((control, Params(params), severity));
    }
    if let Some(name) = config
        .parameters
        .keys()
        .find(|n| !used_globals.contains(*n))
    {
        return Err(ScanError::UnknownParameter { name: name.clone() });
    }
    Ok(Plan {
        catalog,
        profile,
        controls,
        date,
    })
}

/// Parses and evaluates `files`. Unreadable files are reported in the report, never fatal.
pub fn scan(files: &[InputFile], options: &ScanOptions) -> Result<Report, ScanError> {
    let catalog = catalog()?;
    let plan = plan(catalog, options)?;
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|f| parse_file(f, &options.limits))
        .collect();
    Ok(evaluate(&plan, &sources, options))
}

/// Evaluates already-parsed files (callers that parse incrementally, e.g. the browser).
pub fn evaluate(plan: &Plan<'_>, sources: &[SourceFile], options: &ScanOptions) -> Report {
    Evaluation::new(plan, sources).finish(options)
}

/// An evaluation that runs one control per [`Evaluation::step`], so a caller that must keep a
/// page responsive can yield between controls and show progress.
pub struct Evaluation<'a> {
    plan: &'a Plan<'a>,
    sources: &'a [SourceFile],
    bundle: Bundle<'a>,
    /// Per control evaluated so far, in plan order, its results.
    results: Vec<Vec<ResultRecord>>,
}

impl<'a> Evaluation<'a> {
    pub fn new(plan: &'a Plan<'a>, sources: &'a [SourceFile]) -> Self {
        Evaluation {
            plan,
            sources,
            bundle: Bundle::new(sources),
            results: Vec::with_capacity(plan.controls.len()),
        }
    }

    /// (controls evaluated, controls in the plan).
    pub fn progress(&self) -> (usize, usize) {
        (self.results.len(), self.plan.controls.len())
    }

    /// Evaluates the next control; `false` once every control has run.
    pub fn step(&mut self) -> bool {
        let Some((control, params, severity)) = self.plan.controls.get(self.results.len()) else {
            return false;
        };
        let ctx = Ctx {
            bundle: &self.bundle,
            params,
            control,
            date: &self.plan.date,
            catalog: self.plan.catalog,
        };
        let mut outcomes = eval::run(&control.id, &ctx);
        if outcomes.is_empty() {
            outcomes.push(Outcome::new(
                Status::NotAssessed,
                Resource::new("Control", control.id.as_str()),
                format!(
                    "not assessed: no input it reads was supplied (needs {})",
                    control.inputs.join(", ")
                ),
            ));
        }
        let id: std::sync::Arc<str> = control.id.as_str().into();
        self.results.push(
            outcomes
                .into_iter()
                .map(|outcome| ResultRecord {
                    control: id.clone(),
                    status: outcome.status,
                    severity: outcome.severity.unwrap_or(*severity),
                    resource: outcome.resource,
                    message: outcome.message,
                    evidence: outcome.evidence,
                    waiver: None,
                })
                .collect(),
        );
        true
    }

    /// Runs what is left and writes the report.
    pub fn finish(mut self, options: &ScanOptions) -> Report {
        while self.step() {}
        let Evaluation {
            plan,
            sources,
            bundle,
            results,
        } = self;
        let controls: Vec<_> = plan
            .controls
            .iter()
            .zip(results)
            .map(|((control, _, severity), results)| (*control, *severity, results))
            .collect();
        report(plan, sources, &bundle, controls, options)
    }
}

fn report(
    plan: &Plan<'_>,
    sources: &[SourceFile],
    bundle: &Bundle<'_>,
    mut controls: Vec<(&Control, Severity, Vec<ResultRecord>)>,
    options: &ScanOptions,
) -> Report {
    let waivers = apply_waivers(
        controls.iter_mut().flat_map(|(_, _, results)| results),
        &options.config,
        &plan.date,
    );
    let control_records: Vec<ControlRecord> = controls
        .iter()
        .map(|(control, severity, results)| {
            let status = results
                .iter()
                .map(|r| r.status)
                .min()
                .unwrap_or(Status::NotAssessed);
            ControlRecord {
                id: control.id.clone(),
                title: control.title.clone(),
                severity: *severity,
                area: control.area,
                status,
                description: control.description.clone(),
                remediation: control.remediation.clone(),
                references: control.references.clone(),
            }
        })
        .collect();
    // Deterministic whatever the input order: by control id, then by resource. Controls write
    // their results in resource order (see `Bundle::k8s`), so the sort mostly confirms it.
    controls.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut results = Vec::with_capacity(controls.iter().map(|(_, _, r)| r.len()).sum());
    for (_, _, mut own) in controls {
        own.sort_by(|a, b| {
            (&a.resource, &a.message, a.status).cmp(&(&b.resource, &b.message, b.status))
        });
        results.append(&mut own);
    }
    let inputs = input_records(sources, bundle);
    let summary = summarise(&control_records, &results, &inputs);
    Report {
        report_version: REPORT_VERSION.into(),
        tool: Tool {
            name: "posture".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        catalog: CatalogRef {
            version: plan.catalog.info.version.clone(),
            sha256: plan.catalog.sha256.clone(),
        },
        generated_at: options.timestamp.clone(),
        profile: ProfileRef {
            name: plan.profile.name.clone(),
            title: plan.profile.title.clone(),
        },
        parameters: plan
            .controls
            .iter()
            .filter(|(_, p, _)| !p.0.is_empty())
            .map(|(c, p, _)| (c.id.clone(), p.0.clone()))
            .collect(),
        inputs,
        skipped: options
            .skipped
            .iter()
            .map(|(path, reason)| SkippedRecord {
                path: path.clone(),
                reason: reason.clone(),
            })
            .collect(),
        summary,
        controls: control_records,
        results,
        waivers,
    }
}

fn apply_waivers<'r>(
    results: impl Iterator<Item = &'r mut ResultRecord>,
    config: &Config,
    date: &str,
) -> Vec<WaiverRecord> {
    let mut records: Vec<WaiverRecord> = config
        .waivers
        .iter()
        .map(|w| WaiverRecord {
            waiver: w.clone(),
            state: if w.expired_on(date) {
                WaiverState::Expired
            } else {
                WaiverState::Unused
            },
            results: 0,
        })
        .collect();
    for result in results {
        if !matches!(result.status, Status::Fail | Status::Warn) {
            continue;
        }
        let found = records.iter_mut().find(|r| {
            r.state != WaiverState::Expired && r.waiver.matches(&result.control, &result.resource)
        });
        if let Some(record) = found {
            record.state = WaiverState::Applied;
            record.results += 1;
            result.message =
                format!("waived ({}): {}", record.waiver.reason, result.message).into();
            result.status = Status::Waived;
            result.waiver = Some(Box::new(record.waiver.clone()));
        }
    }
    records
}

fn input_records(sources: &[SourceFile], bundle: &Bundle<'_>) -> Vec<InputRecord> {
    sources
        .iter()
        .zip(&bundle.documents)
        .map(|(file, docs)| {
            let documents: Vec<DocumentRecord> = docs
                .iter()
                .enumerate()
                .flat_map(|(index, kind)| document_records(index, kind))
                .collect();
            InputRecord {
                path: file.name.clone(),
                sha256: file.sha256.clone(),
                size: file.size,
                syntax: file.syntax,
                kind: describe_file(file, &documents),
                documents,
                error: file.error.clone(),
            }
        })
        .collect()
}

fn document_records(index: usize, kind: &DocumentKind) -> Vec<DocumentRecord> {
    let record = |kind: &str, objects, note: Option<&str>| DocumentRecord {
        index,
        kind: kind.to_string(),
        objects,
        note: note.map(str::to_string),
    };
    match kind {
        DocumentKind::Empty => vec![],
        DocumentKind::Unrecognised => vec![record(
            "unrecognised",
            0,
            Some("not an export or manifest this tool knows; not evaluated"),
        )],
        DocumentKind::Unsupported(what) => vec![record("unsupported", 0, Some(what))],
        DocumentKind::Objects(counts) => counts
            .iter()
            .map(|(k, n)| record(k.source(), *n, None))
            .collect(),
    }
}

/// One phrase for the whole file, e.g. `kubernetes (42 objects)`.
fn describe_file(file: &SourceFile, documents: &[DocumentRecord]) -> String {
    if file.error.is_some() {
        return "unreadable".into();
    }
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for d in documents {
        match kinds.iter_mut().find(|(k, _)| *k == d.kind) {
            Some((_, n)) => *n += d.objects,
            None => kinds.push((&d.kind, d.objects)),
        }
    }
    match kinds.as_slice() {
        [] => "empty".into(),
        [("kubernetes", n)] => format!("kubernetes ({n} object{})", if *n == 1 { "" } else { "s" }),
        [(k, _)] => k.to_string(),
        _ => kinds
            .iter()
            .map(|(k, n)| {
                if *k == "kubernetes" {
                    format!("kubernetes ({n})")
                } else {
                    k.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" + "),
    }
}

fn summarise(
    controls: &[ControlRecord],
    results: &[ResultRecord],
    inputs: &[InputRecord],
) -> Summary {
    let mut summary = Summary {
        controls: controls.len(),
        results: results.len(),
        inputs: inputs.len(),
        inputs_with_errors: inputs.iter().filter(|i| i.error.is_some()).count(),
        ..Summary::default()
    };
    for r in results {
        *summary.by_status.entry(r.status).or_default() += 1;
        if r.status == Status::Fail {
            *summary.failures_by_severity.entry(r.severity).or_default() += 1;
        }
    }
    for c in controls {
        *summary.controls_by_status.entry(c.status).or_default() += 1;
    }
    summary.namespaces = namespace_summaries(results);
    summary
}

fn namespace_summaries(results: &[ResultRecord]) -> BTreeMap<String, NamespaceSummary> {
    // Only counts are kept, so hashed sets (this runs once per result).
    type Key<'r> = (&'r str, &'r str);
    #[derive(Default)]
    struct Sets<'r> {
        all: HashSet<Key<'r>>,
        failing: HashSet<Key<'r>>,
        pod_security: HashSet<Key<'r>>,
    }
    let mut by_namespace: HashMap<&str, Sets<'_>> = HashMap::default();
    for r in results {
        let Some(ns) = r.resource.namespace.as_deref() else {
            continue;
        };
        let key = (&*r.resource.kind, &*r.resource.name);
        let sets = by_namespace.entry(ns).or_default();
        sets.all.insert(key);
        if r.status == Status::Fail {
            sets.failing.insert(key);
            if r.control.starts_with("K8S-PSS-") {
                sets.pod_security.insert(key);
            }
        }
    }
    by_namespace
        .into_iter()
        .map(|(ns, sets)| {
            let summary = NamespaceSummary {
                resources: sets.all.len(),
                failing_resources: sets.failing.len(),
                failing_pod_security: sets.pod_security.len(),
            };
            (ns.to_string(), summary)
        })
        .collect()
}

fn evaluation_date(timestamp: &str) -> Result<String, ScanError> {
    use time::format_description::well_known::Rfc3339;
    let parsed = time::OffsetDateTime::parse(timestamp, &Rfc3339)
        .map_err(|_| ScanError::Timestamp(timestamp.to_string()))?;
    let utc = parsed.to_offset(time::UtcOffset::UTC);
    Ok(format!(
        "{:04}-{:02}-{:02}",
        utc.year(),
        u8::from(utc.month()),
        utc.day()
    ))
}

fn is_date(text: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).is_ok()
}
