//! Runs a scan in the browser without freezing the page: files are parsed in turn, yielding to
//! the event loop after every ~2 MB (so progress repaints), then evaluated control by control,
//! yielding every ~50 ms.

use posture_core::engine::Evaluation;
use posture_core::source::{parse_file, SourceFile};
use posture_core::{InputFile, Report, ScanOptions};

/// How far a scan has come, for the progress bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub current: String,
}

/// The evaluation time: now, to the second, in RFC 3339 (as the CLI does without `--timestamp`).
pub fn now_rfc3339() -> String {
    let millis = js_sys::Date::now();
    let seconds = (millis / 1000.0).floor() as i64;
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// Parses `files`, yielding and reporting progress after every ~2 MB, then evaluates them,
/// yielding between controls.
pub async fn scan(
    files: &[InputFile],
    options: &ScanOptions,
    progress: impl Fn(Progress),
) -> Result<Report, String> {
    let catalog = posture_core::catalog().map_err(|e| e.to_string())?;
    let plan = posture_core::engine::plan(catalog, options).map_err(|e| e.to_string())?;
    let mut sources: Vec<SourceFile> = Vec::with_capacity(files.len());
    let mut since_yield = 0usize;
    for (done, file) in files.iter().enumerate() {
        if since_yield > 2_000_000 || done == 0 {
            progress(Progress {
                done,
                total: files.len(),
                current: file.name.clone(),
            });
            gloo::timers::future::TimeoutFuture::new(0).await;
            since_yield = 0;
        }
        since_yield += file.bytes.len();
        sources.push(parse_file(file, &options.limits));
    }
    // Controls run one at a time; the page gets the thread back every ~50 ms.
    let mut evaluation = Evaluation::new(&plan, &sources);
    let mut last_yield = js_sys::Date::now();
    loop {
        let (done, total) = evaluation.progress();
        if done == 0 || js_sys::Date::now() - last_yield > 50.0 {
            progress(Progress {
                done: files.len(),
                total: files.len(),
                current: format!("evaluating controls ({done} of {total})"),
            });
            gloo::timers::future::TimeoutFuture::new(0).await;
            last_yield = js_sys::Date::now();
        }
        if !evaluation.step() {
            break;
        }
    }
    Ok(evaluation.finish(options))
}
