//! One piece of evidence: where (file, line, column, JSON pointer), observed against expected,
//! and the source lines around it with the offending line marked.

use crate::app::Scan;
use crate::format::excerpt;
use posture_core::Evidence;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Evidence,
    pub scan: Scan,
}

#[function_component(EvidenceView)]
pub fn evidence_view(props: &Props) -> Html {
    let e = &props.evidence;
    let source = props
        .scan
        .files
        .iter()
        .find(|f| *f.name == *e.file)
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned());
    let lines = source
        .as_deref()
        .map(|text| excerpt(text, e.line, 3))
        .unwrap_or_default();
    html! {
        <div class="evidence">
            <dl class="evidence-facts">
                <dt>{ "Where" }</dt>
                <dd><code>{ format!("{}:{}:{}", e.file, e.line, e.column) }</code></dd>
                <dt>{ "Field" }</dt>
                <dd><code>{ if e.pointer.is_empty() { "/" } else { &e.pointer } }</code></dd>
                <dt>{ "Observed" }</dt>
                <dd><code class="observed">{ e.observed_text() }</code></dd>
                <dt>{ "Expected" }</dt>
                <dd><code class="expected">{ e.expected.as_ref() }</code></dd>
            </dl>
            if !lines.is_empty() {
                <pre class="excerpt" aria-label={format!("Source excerpt of {} around line {}", e.file, e.line)}>
                    { for lines.into_iter().map(|(n, text)| {
                        let here = n == e.line;
                        html! {
                            <span class={classes!("line", here.then_some("highlight"))}>
                                <span class="line-number" aria-hidden="true">{ format!("{n:>5} ") }</span>
                                if here { <mark>{ text }</mark> } else { { text } }
                                { "\n" }
                            </span>
                        }
                    }) }
                </pre>
            }
        </div>
    }
}
