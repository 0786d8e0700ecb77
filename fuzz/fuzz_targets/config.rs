//! The configuration loader on arbitrary TOML: it must return a `FileConfig` or a
//! `ConfigError` (with spans inside the text), never panic, and the error must render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn known_rule(s: &str) -> Option<&'static str> {
    dockhand::rules::find(s).map(|r| r.meta().code)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let len = text.len();
    match dockhand::config::load_str("dockhand.toml", text.to_string(), &known_rule) {
        Ok(cfg) => {
            assert_eq!(cfg.text().len(), len);
        }
        Err(e) => {
            if let Some(span) = e.span() {
                assert!(
                    span.start <= span.end && span.end <= len,
                    "span {span:?} outside {len}"
                );
            }
            // miette renders the error with its source snippet, as the CLI does
            let rendered = format!("{:?}", miette::Report::new(e));
            assert!(!rendered.is_empty());
        }
    }
});
