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

fn one(src: &str) -> Dockerfile {
    let df = parse(src);
    assert!(df.errors.is_empty(), "{src:?}: {:?}", df.errors);
    df
}

fn flags(i: &Instruction) -> Vec<&str> {
    i.flags.iter().map(|f| f.raw.as_str()).collect()
}

#[test]
fn directives_and_escape() {
    let df =
        one("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\nFROM x\nRUN a `\n  b\n");
    let names: Vec<_> = df.directives.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["syntax", "escape", "check"]);
    assert_eq!(df.escape, '`');
    assert_eq!(args(&df.instructions[1]), ["a   b"]);
    // after a comment or a blank line, directives are ordinary comments
    let df = one("# hello\n# escape=`\nFROM x\nRUN a \\\n b\n");
    assert_eq!(df.escape, '\\');
    assert_eq!(args(&df.instructions[1]), ["a  b"]);
    let df = parse("# escape=x\nFROM x\n");
    assert!(df.errors[0].message.contains("invalid escape token"));
    let df = parse("# syntax=a\n# syntax=b\nFROM x\n");
    assert!(df.errors[0].message.contains("only one syntax"));
}

#[test]
fn continuations() {
    // comment and blank lines inside a continuation; whitespace after the escape
    let src = "FROM x\nRUN a \\  \n# inside\n\n  b \\\n  c\nRUN last \\";
    let df = one(src);
    assert_eq!(args(&df.instructions[1]), ["a   b   c"]);
    assert_eq!(
        (df.instructions[1].start_line, df.instructions[1].end_line),
        (2, 6)
    );
    assert_eq!(df.warnings.len(), 1, "empty continuation line warned");
    assert_eq!(args(&df.instructions[2]), ["last"]);
    // an escaped escape at the end is not a continuation
    let df = one("FROM x\nENV C=a\\\\\nENV D=b\n");
    assert_eq!(df.instructions.len(), 3);
}

#[test]
fn heredocs() {
    let src = "FROM x\nRUN <<EOF cat <<-'END' > /out\necho $HOME\nEOF\n\tliteral $X\n\tEND\nCOPY <<\"A\" /a\ntext\nA\nRUN after\n";
    let df = one(src);
    let run = &df.instructions[1];
    assert_eq!(run.heredocs.len(), 2);
    assert_eq!(run.heredocs[0].name, "EOF");
    assert_eq!(run.heredocs[0].content, "echo $HOME\n");
    assert!(run.heredocs[0].expand);
    assert_eq!(run.heredocs[1].name, "END");
    assert!(run.heredocs[1].chomp && !run.heredocs[1].expand);
    assert_eq!(run.heredocs[1].content, "\tliteral $X\n");
    assert_eq!((run.start_line, run.end_line), (2, 6));
    let m = run.heredocs[0].marker;
    assert_eq!(&src[m.start..m.end], "<<EOF");
    let copy = &df.instructions[2];
    assert_eq!(copy.heredocs[0].content, "text\n");
    assert_eq!(df.instructions[3].cmd, "run");
    // JSON form and other instructions do not read heredocs
    let df = one("FROM x\nRUN [\"cat\", \"<<EOF\"]\nCMD <<EOF\n");
    assert!(df.instructions[1].heredocs.is_empty());
    let df = parse("FROM x\nRUN <<EOF\nnever ends\n");
    assert!(df.errors[0].message.contains("unterminated heredoc"));
}

#[test]
fn every_instruction() {
    let src = "from --platform=linux/arm64 img AS b\n\
        run --mount=type=cache,target=/c --network=none --security=insecure --other=1 make\n\
        CMD [\"a\", \"b\"]\n\
        ENTRYPOINT exec app\n\
        SHELL [\"pwsh\", \"-c\"]\n\
        SHELL [not json\n\
        COPY --from=b --chown=1:1 --chmod=755 --link --parents --exclude=*.md --checksum=x --keep-git-dir --unpack --bogus a b /d/\n\
        ADD --checksum=sha256:abc https://x/y.tgz /y\n\
        ENV A=1 B=\"x y\" C=z\\ w\n\
        ENV legacy value with spaces\n\
        LABEL a=1 \"b c\"=2\n\
        ARG ONE TWO=2 THREE=\n\
        USER app:grp\n\
        WORKDIR /srv\n\
        EXPOSE 80/tcp 443\n\
        VOLUME [\"/data\"]\n\
        VOLUME /a /b\n\
        STOPSIGNAL SIGTERM\n\
        HEALTHCHECK NONE\n\
        HEALTHCHECK --interval=5s --retries=3 CMD curl -f http://localhost/\n\
        ONBUILD RUN echo later\n\
        MAINTAINER someone <a@b.c>\n\
        FROBNICATE x\n";
    let df = one(src);
    let i = &df.instructions;
    assert_eq!(args(&i[0]), ["img", "AS", "b"]);
    assert_eq!(flags(&i[0]), ["--platform=linux/arm64"]);
    assert_eq!(i[0].kind, Kind::From);
    assert_eq!(flags(&i[1]).len(), 4);
    assert_eq!(
        i[1].flag_value("mount").map(|v| v.value.as_str()),
        Some("type=cache,target=/c")
    );
    assert!(i[2].is_json());
    assert_eq!(args(&i[3]), ["exec app"]);
    assert!(i[4].is_json());
    assert_eq!(
        (i[5].form, args(&i[5])),
        (ArgForm::Shell, vec!["[not json"])
    );
    assert_eq!(flags(&i[6]).len(), 10);
    assert_eq!(args(&i[6]), ["a", "b", "/d/"]);
    assert_eq!(
        i[7].flag_value("checksum").map(|v| v.value.as_str()),
        Some("sha256:abc")
    );
    assert_eq!(args(&i[8]), ["A", "1", "B", "\"x y\"", "C", "z\\ w"]);
    assert_eq!(args(&i[9]), ["legacy", "value with spaces"]);
    assert_eq!(args(&i[10]), ["a", "1", "\"b c\"", "2"]);
    assert_eq!(args(&i[11]), ["ONE", "TWO=2", "THREE="]);
    assert_eq!(args(&i[12]), ["app:grp"]);
    assert_eq!(args(&i[14]), ["80/tcp", "443"]);
    assert!(i[15].is_json());
    assert_eq!(args(&i[16]), ["/a", "/b"]);
    assert_eq!(args(&i[18]), ["NONE"]);
    assert_eq!(args(&i[19]), ["CMD", "curl -f http://localhost/"]);
    assert_eq!(flags(&i[19]), ["--interval=5s", "--retries=3"]);
    let sub = i[20].sub.as_ref().expect("onbuild wraps");
    assert_eq!((sub.kind, args(sub)), (Kind::Run, vec!["echo later"]));
    assert_eq!(i[21].kind, Kind::Maintainer);
    assert_eq!(
        (i[22].kind, i[22].cmd.as_str()),
        (Kind::Unknown, "frobnicate")
    );
}

#[test]
fn flag_spans_point_at_name_and_value() {
    let src = "FROM x\nCOPY --from=build a b\n";
    let df = one(src);
    let f = &df.instructions[1].flags[0];
    assert_eq!(&src[f.name.span.start..f.name.span.end], "from");
    let v = f.value.as_ref().expect("value");
    assert_eq!(&src[v.span.start..v.span.end], "build");
}

#[test]
fn line_endings_bom_and_unicode() {
    let df = one("\u{feff}FROM x\r\nRUN a \\\r\n  b\r\n");
    assert_eq!(args(&df.instructions[1]), ["a   b"]);
    assert_eq!(df.instructions[0].span.start, 3);
    // a lone CR is not a line break for BuildKit: it stays inside the line
    let df = one("FROM x\rRUN y\n");
    assert_eq!(df.instructions.len(), 1);
    let src = "FROM x\n\tRUN\techo \"héllo wörld\" ✓";
    let df = one(src);
    let w = &df.instructions[1].args[0];
    assert_eq!(w.value, "echo \"héllo wörld\" ✓");
    assert_eq!(&src[w.span.start..w.span.end], w.value);
}

#[test]
fn errors_do_not_stop_parsing() {
    let df = parse("FROM x\nENV\nENV ONLYKEY\nRUN [\"a\", 1]\nLABEL k\nRUN still parsed\n");
    assert_eq!(df.errors.len(), 3, "{:?}", df.errors);
    assert_eq!(df.instructions.len(), 6);
    assert_eq!(args(&df.instructions[5]), ["still parsed"]);
    for e in &df.errors {
        assert!(e.span.end > e.span.start);
    }
    let df = parse("");
    assert_eq!(df.errors[0].message, "file with no instructions");
    let df = parse("# only\n# comments\n");
    assert_eq!(df.errors[0].message, "file with no instructions");
}
