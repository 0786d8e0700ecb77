//! hadolint's config reader on arbitrary text: a `FileConfig` or a `ConfigError` whose spans
//! lie inside the text, never a panic or a stack overflow (deep nesting is refused before the
//! YAML reader builds a tree), and the error renders.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fn known_rule(s: &str) -> Option<&'static str> {
    dockhand::rules::find(s).map(|r| r.meta().code)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let len = text.len();
    let name = ".hadolint.yaml";
    match dockhand::config::hadolint::parse(Path::new(name), name, text.to_string(), &known_rule)
    {
        Ok(cfg) => assert_eq!(cfg.text().len(), len),
        Err(e) => {
            for err in std::iter::once(&e).chain(e.related_errors()) {
                if let Some(span) = err.span() {
                    assert!(
                        span.start <= span.end && span.end <= len,
                        "span {span:?} outside {len}"
                    );
                }
            }
            let rendered = dockhand::report::render_config_error(&e, false, 100);
            assert!(!rendered.is_empty());
        }
    }
});
