//! Parser fixtures per syntax feature (the corpus conformance test lives in tests/).
use super::*;

fn args(i: &Instruction) -> Vec<&str> {
    i.args.iter().map(|w| w.value.as_str()).collect()
}

#[test]
fn simple_file() {
    let df = parse("FROM alpine:3.20 AS build\nRUN echo hi\n");
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(args(&df.instructions[0]), ["alpine:3.20", "AS", "build"]);
}

#[test]
fn json_nul_escape_is_kept() {
    // BuildKit's testfiles/json/result keeps the NUL that `\u0000` decodes to.
    let df = parse("FROM x\nCMD [\"a\", \"b \\u0000\"]\n");
    assert_eq!(args(&df.instructions[1]), ["a", "b \u{0}"]);
}

#[test]
fn rest_map_spans_across_continuations() {
    let src = "FROM x\nRUN apt-get update \\\n  && apt-get install -y gcc\n";
    let df = parse(src);
    let run = &df.instructions[1];
    assert_eq!(run.rest.value, "apt-get update   && apt-get install -y gcc");
    let at = run.rest.value.find("gcc").expect("gcc");
    let sp = run.rest_span(at, at + 3);
    assert_eq!(&src[sp.start..sp.end], "gcc");
    let sp = run.rest_span(0, run.rest.value.len());
    assert_eq!(
        &src[sp.start..sp.end],
        "apt-get update \\\n  && apt-get install -y gcc"
    );
}
