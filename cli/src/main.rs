//! `posture`: evaluate saved EKS exports and Kubernetes manifests against the control catalog.

mod catalog_view;
mod inputs;
mod table;

use clap::{Parser, Subcommand, ValueEnum};
use posture_core::{Config, Limits, ScanOptions, Severity};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: a scan builds a tree of many small strings and
/// writes 100,000s of results, and takes a third less time with it (README, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes, documented in the README.
const EXIT_OK: u8 = 0;
const EXIT_FAILING: u8 = 1;
const EXIT_USAGE_OR_INPUT: u8 = 2;

#[derive(Parser)]
#[command(
    name = "posture",
    version,
    about = "Compliance checks for Amazon EKS exports and Kubernetes manifests, offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate files and folders (recursively; `-` reads standard input).
    Scan(ScanArgs),
    /// List the controls of the catalog.
    Controls(ControlsArgs),
    /// Show everything about one control.
    Explain {
        /// Control id, e.g. EKS-NET-2.
        id: String,
    },
}

#[derive(clap::Args)]
struct ScanArgs {
    /// Files or folders to read; folders are walked recursively.
    #[arg(required = true)]
    paths: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the report here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Control profile (see `posture controls --profiles`).
    #[arg(long)]
    profile: Option<String>,
    /// Configuration file (YAML or JSON): profile, parameters, per-control settings, waivers.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Exit with 1 when a failing result has this severity or higher.
    #[arg(long, value_parser = parse_severity, default_value = "info")]
    fail_on: Severity,
    /// Evaluation time (RFC 3339); defaults to SOURCE_DATE_EPOCH, then the current time.
    #[arg(long)]
    timestamp: Option<String>,
    /// Largest file read, in bytes.
    #[arg(long, default_value_t = Limits::default().max_file_bytes)]
    max_file_size: usize,
    /// Pod Security Standard level for workloads whose namespace has no enforce label
    /// (privileged, baseline, restricted); sets the parameter `default_level`.
    #[arg(long, value_parser = parse_pss_level)]
    pss_level: Option<String>,
    /// Pod Security Standards policy version for namespaces without an enforce-version label
    /// (latest or v1.<minor>); sets the parameter `default_version`.
    #[arg(long, value_parser = parse_pss_version)]
    pss_version: Option<String>,
    /// In the table, list passing results too.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(clap::Args)]
struct ControlsArgs {
    /// Only controls of this area (e.g. encryption, nodes, rbac).
    #[arg(long)]
    area: Option<String>,
    /// Only controls of this severity.
    #[arg(long, value_parser = parse_severity)]
    severity: Option<Severity>,
    /// Only controls mapped to this framework id (cis-eks, pci-dss, nist-800-53, soc2, pss).
    #[arg(long)]
    framework: Option<String>,
    /// Only controls of this profile.
    #[arg(long)]
    profile: Option<String>,
    /// List the profiles instead of the controls.
    #[arg(long)]
    profiles: bool,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Grouped by control, most urgent first, with evidence (coloured on a terminal).
    Table,
    /// The full report (`report_version` 1.0): every result with its evidence.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// OSCAL assessment-results (NIST OSCAL 1.2.1), for GRC tools.
    Oscal,
    /// Kubernetes PolicyReports (wgpolicyk8s.io/v1alpha2), for Policy Reporter and `kubectl`.
    Policyreport,
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::parse(text)
        .ok_or_else(|| format!("`{text}` is not one of critical, high, medium, low, info"))
}

fn parse_pss_level(text: &str) -> Result<String, String> {
    posture_core::pss::Enforcement::parse(text)
        .map(|_| text.to_string())
        .map_err(|e| e.to_string())
}

fn parse_pss_version(text: &str) -> Result<String, String> {
    posture_core::pss::Version::parse(text)
        .map(|_| text.to_string())
        .map_err(|e| e.to_string())
}

/// Writes the report in the chosen format; JSON is streamed as it is serialised.
fn write_report(
    report: &posture_core::Report,
    args: &ScanArgs,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(out);
    match args.format {
        Format::Json => report.write_json(&mut out)?,
        Format::Sarif => out.write_all(report.to_sarif().as_bytes())?,
        Format::Oscal => out.write_all(report.to_oscal().as_bytes())?,
        Format::Policyreport => out.write_all(report.to_policy_reports().as_bytes())?,
        Format::Table => out.write_all(table::render(report, args.verbose).as_bytes())?,
    }
    out.flush()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan(args),
        Command::Controls(args) => catalog_view::list(&args.into()),
        Command::Explain { id } => catalog_view::explain(&id),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            anstream::eprintln!("error: {message}");
            ExitCode::from(EXIT_USAGE_OR_INPUT)
        }
    }
}

fn scan(args: ScanArgs) -> Result<u8, String> {
    let mut config = match &args.config {
        Some(path) => load_config(path)?,
        None => Config::default(),
    };
    // Command-line PSS defaults win over the config file, which wins over the profile.
    for (name, value) in [
        ("default_level", &args.pss_level),
        ("default_version", &args.pss_version),
    ] {
        if let Some(value) = value {
            config.parameters.insert(name.into(), value.clone().into());
        }
    }
    let limits = Limits {
        max_file_bytes: args.max_file_size,
        ..Limits::default()
    };
    let collected = inputs::collect(&args.paths, &limits)?;
    let options = ScanOptions {
        profile: args.profile.clone(),
        config,
        timestamp: timestamp(args.timestamp.as_deref())?,
        limits,
        skipped: collected.skipped,
    };
    let report = posture_core::scan(&collected.files, &options).map_err(|e| e.to_string())?;
    match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|file| write_report(&report, &args, file))
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?,
        // Only the table has colour to adapt to the terminal; machine formats (tens of MB for a
        // large cluster) go straight out instead of through the escape-code filter.
        None if matches!(args.format, Format::Table) => {
            anstream::print!("{}", table::render(&report, args.verbose))
        }
        None => match write_report(&report, &args, std::io::stdout().lock()) {
            // The reader stopped early (`| head`): nothing is wrong with the scan.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(format!("cannot write the report to standard output: {e}"))
            }
            _ => {}
        },
    }
    if report.has_input_errors() {
        for input in report.inputs.iter().filter(|i| i.error.is_some()) {
            if let Some(e) = &input.error {
                let at = match (e.line, e.column) {
                    (Some(l), Some(c)) => format!(":{l}:{c}"),
                    _ => String::new(),
                };
                anstream::eprintln!("error: {}{at}: {}", input.path, e.message);
            }
        }
        return Ok(EXIT_USAGE_OR_INPUT);
    }
    Ok(if report.fails_at(args.fail_on) {
        EXIT_FAILING
    } else {
        EXIT_OK
    })
}

fn load_config(path: &PathBuf) -> Result<Config, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read config `{}`: {e}", path.display()))?;
    posture_core::config::parse(&path.display().to_string(), &bytes).map_err(|e| e.to_string())
}

/// `--timestamp`, else `SOURCE_DATE_EPOCH` (reproducible builds' convention), else now.
fn timestamp(explicit: Option<&str>) -> Result<String, String> {
    use time::format_description::well_known::Rfc3339;
    if let Some(ts) = explicit {
        return Ok(ts.to_string());
    }
    let now = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(epoch) => {
            let seconds: i64 = epoch
                .trim()
                .parse()
                .map_err(|_| format!("SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"))?;
            time::OffsetDateTime::from_unix_timestamp(seconds).map_err(|e| e.to_string())?
        }
        Err(_) => time::OffsetDateTime::now_utc(),
    };
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&Rfc3339).map_err(|e| e.to_string())
}
