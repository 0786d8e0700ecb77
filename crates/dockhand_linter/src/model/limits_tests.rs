//! Regression tests for issue 17: hostile inputs that used to cost quadratic memory or time in
//! the model, or let a policy be walked around. They count what the model stores, not time.
use super::*;
use crate::parse::parse;

fn model(src: &str) -> Model {
    Model::build(parse(src), &ModelOptions::default())
}

/// Total bytes of every variable value the model stores (a value shared by several variables
/// counts once: that is the point of sharing).
fn stored_value_bytes(m: &Model) -> usize {
    let values = m.global_args.iter().chain(
        m.stages
            .iter()
            .flat_map(|s| s.args.iter().chain(s.env_writes.iter())),
    );
    let mut seen = std::collections::HashSet::new();
    values
        .filter(|v| seen.insert(std::sync::Arc::as_ptr(&v.value) as *const u8 as usize))
        .map(|v| v.value.len())
        .sum()
}

#[test]
fn a_package_installed_inside_sh_c_is_listed_once() {
    let m = model("FROM debian:12\nRUN sh -c 'apt-get update && apt-get install -y curl'\n");
    let run = &m.stages[0].runs[0];
    let curl: Vec<_> = run.installs.iter().filter(|p| p.name == "curl").collect();
    assert_eq!(curl.len(), 1, "installs: {:?}", run.installs);
    let apt_gets = run.commands_named("apt-get").count();
    assert_eq!(apt_gets, 2, "each inner command once: {:?}", run.commands);
}

#[test]
fn appending_to_a_variable_is_bounded_by_the_file_budget() {
    // `ENV PATH=$PATH:/opt/bN` 10,000 times: each value one entry longer than the last, so
    // storing them all is quadratic; the file budget stops it and says so once.
    let mut src = String::from("FROM alpine:3.20\n");
    for i in 0..10_000 {
        src.push_str(&format!("ENV PATH=$PATH:/opt/b{i}\n"));
    }
    let m = model(&src);
    let budget = src.len() * expand::FILE_BUDGET_FACTOR + expand::FILE_BUDGET_BASE;
    // literal text is at most the file itself; substituted text at most the budget
    assert!(stored_value_bytes(&m) <= budget + src.len());
    let limit_errors: Vec<_> = m
        .errors
        .iter()
        .filter(|e| e.message.contains("limit on expanded text"))
        .collect();
    assert_eq!(limit_errors.len(), 1, "{:?}", m.errors);
    // a short file is not affected
    let m = model("FROM alpine\nENV PATH=$PATH:/a\nENV PATH=$PATH:/b\n");
    assert_eq!(
        m.stages[0].env_var("PATH").map(|v| &*v.value),
        Some(":/a:/b")
    );
    assert!(m.errors.is_empty());
}

#[test]
fn copying_a_large_value_is_bounded() {
    // `ARG A` doubled to 512 KB, then thousands of `ARG Bn=$A`.
    let mut src = String::from("ARG A=x\n");
    for _ in 0..19 {
        src.push_str("ARG A=$A$A\n");
    }
    src.push_str("FROM alpine:3.20\nARG A\n");
    for i in 0..3000 {
        src.push_str(&format!("ARG B{i}=$A\n"));
    }
    let m = model(&src);
    let budget = src.len() * expand::FILE_BUDGET_FACTOR + expand::FILE_BUDGET_BASE;
    assert!(stored_value_bytes(&m) <= budget + src.len());
    assert!(m.errors.iter().any(|e| e.message.contains("limit")));
}

#[test]
fn a_stage_chain_shares_its_environment() {
    // each stage sees every ENV of its ancestors, but stores only its own
    let mut src = String::from("FROM alpine:3.20 AS s0\nENV E0=0\n");
    for i in 1..500 {
        src.push_str(&format!("FROM s{} AS s{i}\nENV E{i}=$E{}\n", i - 1, i - 1));
    }
    let m = model(&src);
    let last = m.stages.last().expect("stages");
    assert_eq!(last.env_var("E0").map(|v| &*v.value), Some("0"));
    assert_eq!(last.env_var("E499").map(|v| &*v.value), Some("0"));
    let stored: usize = m.stages.iter().map(|s| s.env_writes.len()).sum();
    assert_eq!(stored, 500, "one write per ENV, none copied");
    assert_eq!(m.env_writes_in_chain(last.id).count(), 500);
}

#[test]
fn an_image_nested_past_the_limit_is_unresolved_and_says_why() {
    let deep = expand::MAX_DEPTH + 1;
    let src = format!("FROM {}alpine{}\n", "${A:-".repeat(deep), "}".repeat(deep));
    let m = model(&src);
    assert!(matches!(m.stages[0].base, BaseImage::Unresolved(_)));
    let e = m
        .errors
        .iter()
        .find(|e| e.message.contains("could not be resolved"))
        .expect("an error for the image");
    assert!(e.message.contains("nests"), "{}", e.message);
    // at the limit it still resolves
    let ok = expand::MAX_DEPTH;
    let src = format!("FROM {}alpine{}\n", "${A:-".repeat(ok), "}".repeat(ok));
    let m = model(&src);
    assert!(matches!(&m.stages[0].base, BaseImage::Registry(i) if i.name == "alpine"));
    assert!(m.errors.is_empty(), "{:?}", m.errors);
}

#[test]
fn arg_lookups_see_the_last_declaration() {
    let m = model("FROM alpine\nARG A=1\nARG B=$A\nARG A=2\nENV C=$A$B\n");
    let s = &m.stages[0];
    assert_eq!(s.arg("A").map(|v| &*v.value), Some("2"));
    assert_eq!(s.env_var("C").map(|v| &*v.value), Some("21"));
}

#[test]
fn exec_form_sh_c_is_split_once_too() {
    let m = model("FROM debian:12\nRUN [\"sh\", \"-c\", \"apt-get install -y curl\"]\n");
    let run = &m.stages[0].runs[0];
    assert_eq!(run.installs.iter().filter(|p| p.name == "curl").count(), 1);
}
