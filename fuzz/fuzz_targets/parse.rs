//! The parser on arbitrary text: it must return (no panic, no hang), every span must lie inside
//! the input on character boundaries and slice the text it claims, and parsing twice must give
//! the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let df = dockhand::parse::parse(text);
    if let Err(e) = dockhand::parse::check::spans(text, &df) {
        panic!("span invariant broken: {e}");
    }
    let again = dockhand::parse::parse(text);
    assert_eq!(
        format!("{df:?}"),
        format!("{again:?}"),
        "parsing is not deterministic"
    );
    // the `dockhand parse` JSON dump must not panic either
    let _ = dockhand::parse::dump::to_json("fuzz", &df).to_string();
});
