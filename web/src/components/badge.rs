//! Status and severity badges: a word and a symbol as well as a colour.

use crate::format::{severity_class, severity_label, status_class, status_icon, status_label};
use posture_core::{Severity, Status};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StatusProps {
    pub status: Status,
}

#[function_component(StatusBadge)]
pub fn status_badge(props: &StatusProps) -> Html {
    html! {
        <span class={status_class(props.status)}>
            <span aria-hidden="true">{ status_icon(props.status) }</span>
            { " " }{ status_label(props.status) }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct SeverityProps {
    pub severity: Severity,
}

#[function_component(SeverityBadge)]
pub fn severity_badge(props: &SeverityProps) -> Html {
    html! {
        <span class={severity_class(props.severity)}>{ severity_label(props.severity) }</span>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextProps {
    pub text: String,
}

/// Catalog prose with its `code` spans set as code.
#[function_component(Prose)]
pub fn prose(props: &TextProps) -> Html {
    html! {
        <>
            { for crate::format::code_spans(&props.text).into_iter().map(|(code, part)| {
                if code { html! { <code>{ part }</code> } } else { html! { { part } } }
            }) }
        </>
    }
}
