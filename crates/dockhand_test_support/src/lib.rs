//! Helpers shared by the tests of every dockhand crate. Not published.

use std::io::Write;
use std::path::PathBuf;

/// The shared corpus (`../shared/corpus` beside the workspace), joined with `rel`, when it is
/// there. When it is not, a test that needs it fails if `DOCKHAND_REQUIRE_CORPUS=1` (as `.ci/run`
/// sets it), and otherwise says on the terminal that it skipped and returns `None`.
///
/// The skip notice is written to the process's stderr directly, not through `eprintln!`, which
/// the test harness captures and shows only for failing tests: a silent pass would look like a
/// test that ran.
pub fn corpus(test: &str, rel: &str) -> Option<PathBuf> {
    // this crate sits at <workspace>/crates/dockhand_test_support
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let path = root.join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("DOCKHAND_REQUIRE_CORPUS").as_deref() != Ok("1"),
        "{test}: DOCKHAND_REQUIRE_CORPUS=1 but {} is missing",
        path.display()
    );
    let _ = writeln!(
        std::io::stderr(),
        "note: {test} skipped: {} not found (set DOCKHAND_REQUIRE_CORPUS=1 to make this an error)",
        path.display()
    );
    None
}
