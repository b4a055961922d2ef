//! The view as a URL fragment (`#/controls?status=fail&q=kms`), so every view can be bookmarked,
//! shared and restored with the browser's back button. A fragment never reaches a server.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use posture_core::{Severity, Status};

/// Characters escaped in a fragment component: everything that separates parts of it.
const COMPONENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'/')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'`');

/// One object the report speaks about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceKey {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Controls,
    Control(String),
    Resource(ResourceKey),
    Inputs,
    /// The printable auditor's report.
    Report,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Most urgent first: status, then severity.
    #[default]
    Status,
    Severity,
    Id,
    Failing,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Status, Sort::Severity, Sort::Id, Sort::Failing];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Status => "status",
            Sort::Severity => "severity",
            Sort::Id => "id",
            Sort::Failing => "failing",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Status => "Status (most urgent first)",
            Sort::Severity => "Severity",
            Sort::Id => "Control id",
            Sort::Failing => "Failing resources",
        }
    }

    fn parse(text: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What the control list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub status: Option<Status>,
    pub severity: Option<Severity>,
    /// An area id as the catalog spells it (`encryption`, `pod-security`, ...).
    pub area: Option<String>,
    /// A framework id (`pci-dss`, ...).
    pub framework: Option<String>,
    pub namespace: Option<String>,
    pub query: String,
    pub sort: Sort,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    pub filters: Filters,
}

impl Default for Route {
    fn default() -> Self {
        Route {
            page: Page::Dashboard,
            filters: Filters::default(),
        }
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

fn parse_status(text: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|s| s.as_str() == text)
}

impl Route {
    /// Reads a fragment such as `#/controls?status=fail`; anything unknown falls back to the
    /// dashboard or is ignored, never an error: a stale bookmark still opens.
    pub fn parse(fragment: &str) -> Route {
        let fragment = fragment.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = fragment.split_once('?').unwrap_or((fragment, ""));
        let parts: Vec<String> = path.split('/').map(decode).collect();
        let page = match parts
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["controls"] => Page::Controls,
            ["control", id] if !id.is_empty() => Page::Control((*id).to_string()),
            ["resource", kind, namespace, name] if !kind.is_empty() && !name.is_empty() => {
                Page::Resource(ResourceKey {
                    kind: (*kind).to_string(),
                    namespace: (!namespace.is_empty() && *namespace != "-")
                        .then(|| (*namespace).to_string()),
                    name: (*name).to_string(),
                })
            }
            ["inputs"] => Page::Inputs,
            ["report"] => Page::Report,
            _ => Page::Dashboard,
        };
        let mut filters = Filters::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            match key {
                "status" => filters.status = parse_status(&value),
                "severity" => filters.severity = Severity::parse(&value),
                "area" if !value.is_empty() => filters.area = Some(value),
                "framework" if !value.is_empty() => filters.framework = Some(value),
                "namespace" if !value.is_empty() => filters.namespace = Some(value),
                "q" => filters.query = value,
                "sort" => filters.sort = Sort::parse(&value).unwrap_or_default(),
                _ => {}
            }
        }
        Route { page, filters }
    }

    /// The fragment for this route; `Route::parse(&r.to_fragment()) == r`.
    pub fn to_fragment(&self) -> String {
        let path = match &self.page {
            Page::Dashboard => "/".to_string(),
            Page::Controls => "/controls".to_string(),
            Page::Control(id) => format!("/control/{}", encode(id)),
            Page::Resource(key) => format!(
                "/resource/{}/{}/{}",
                encode(&key.kind),
                key.namespace.as_deref().map_or("-".to_string(), encode),
                encode(&key.name)
            ),
            Page::Inputs => "/inputs".to_string(),
            Page::Report => "/report".to_string(),
        };
        let f = &self.filters;
        let mut query: Vec<String> = Vec::new();
        if let Some(s) = f.status {
            query.push(format!("status={}", s.as_str()));
        }
        if let Some(s) = f.severity {
            query.push(format!("severity={}", s.as_str()));
        }
        for (key, value) in [
            ("area", &f.area),
            ("framework", &f.framework),
            ("namespace", &f.namespace),
        ] {
            if let Some(v) = value {
                query.push(format!("{key}={}", encode(v)));
            }
        }
        if !f.query.is_empty() {
            query.push(format!("q={}", encode(&f.query)));
        }
        if f.sort != Sort::default() {
            query.push(format!("sort={}", f.sort.as_str()));
        }
        if query.is_empty() || !matches!(self.page, Page::Controls) {
            format!("#{path}")
        } else {
            format!("#{path}?{}", query.join("&"))
        }
    }

    /// The same filters on another page (filters only show in the URL of the control list).
    pub fn with_page(&self, page: Page) -> Route {
        Route {
            page,
            filters: self.filters.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_fragment() {
        let route = Route {
            page: Page::Controls,
            filters: Filters {
                status: Some(Status::NotAssessed),
                severity: Some(Severity::High),
                area: Some("pod-security".into()),
                framework: Some("pci-dss".into()),
                namespace: Some("payments".into()),
                query: "kms & key=1/2 #x".into(),
                sort: Sort::Failing,
            },
        };
        let fragment = route.to_fragment();
        assert_eq!(
            fragment,
            "#/controls?status=not_assessed&severity=high&area=pod-security&framework=pci-dss\
             &namespace=payments&q=kms%20%26%20key%3D1%2F2%20%23x&sort=failing"
        );
        assert_eq!(Route::parse(&fragment), route);
    }

    #[test]
    fn resource_pages_keep_namespaces_and_cluster_scoped_objects_apart() {
        for namespace in [Some("payments".to_string()), None] {
            let route = Route {
                page: Page::Resource(ResourceKey {
                    kind: "AWS::EKS::Nodegroup".into(),
                    namespace: namespace.clone(),
                    name: "payments/ng-1".into(),
                }),
                filters: Filters::default(),
            };
            assert_eq!(Route::parse(&route.to_fragment()), route, "{namespace:?}");
        }
    }

    #[test]
    fn unknown_or_stale_fragments_open_the_dashboard() {
        assert_eq!(Route::parse("").page, Page::Dashboard);
        assert_eq!(Route::parse("#/nowhere/else").page, Page::Dashboard);
        assert_eq!(Route::parse("#/control/").page, Page::Dashboard);
        let r = Route::parse("#/controls?status=bogus&severity=HIGH&sort=?&zzz=1");
        assert_eq!(r.page, Page::Controls);
        assert_eq!(r.filters.status, None);
        assert_eq!(r.filters.severity, Some(Severity::High));
        assert_eq!(r.filters.sort, Sort::Status);
    }

    #[test]
    fn control_ids_and_pages_parse() {
        assert_eq!(
            Route::parse("#/control/K8S-PSS-R-3").page,
            Page::Control("K8S-PSS-R-3".into())
        );
        assert_eq!(Route::parse("#/inputs").page, Page::Inputs);
        assert_eq!(Route::parse("#/report").page, Page::Report);
        // Filters are only written for the control list.
        let mut r = Route::parse("#/controls?status=fail");
        r.page = Page::Dashboard;
        assert_eq!(r.to_fragment(), "#/");
    }
}
