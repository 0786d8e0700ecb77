use super::*;

fn words(c: &SimpleCommand) -> Vec<&str> {
    c.words.iter().map(|w| w.text.as_str()).collect()
}

/// (words, connector, depth) of every command.
fn shape(s: &str) -> Vec<(Vec<&str>, Connector, u32)> {
    // Leak is fine in tests: it lets the result borrow from the split.
    let script: &'static Script = Box::leak(Box::new(split(s)));
    assert!(script.errors.is_empty(), "{s:?}: {:?}", script.errors);
    script
        .commands
        .iter()
        .map(|c| (words(c), c.connector, c.depth))
        .collect()
}

use Connector::*;

#[test]
fn and_chain() {
    let s = "apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*";
    assert_eq!(
        shape(s),
        vec![
            (vec!["apt-get", "update"], Start, 0),
            (vec!["apt-get", "install", "-y", "gcc"], And, 0),
            (vec!["rm", "-rf", "/var/lib/apt/lists/*"], And, 0),
        ]
    );
    let script = split(s);
    let rm = &script.commands[2];
    assert_eq!(&s[rm.range.clone()], "rm -rf /var/lib/apt/lists/*");
    assert_eq!(&s[rm.words[1].range.clone()], "-rf");
    assert!(rm.has_flag('r') && rm.has_flag('f') && !rm.has_flag('y'));
    assert_eq!(rm.name(), Some("rm"));
    assert_eq!(rm.args().len(), 2);
}

#[test]
fn joined_continuation_lines_and_heredoc_body() {
    // What BuildKit hands over for `RUN set -eux; \` + tab-indented lines.
    let joined = "set -eux; \tapk add --no-cache curl; \tcurl -fsSL https://x | sh";
    assert_eq!(
        shape(joined),
        vec![
            (vec!["set", "-eux"], Start, 0),
            (vec!["apk", "add", "--no-cache", "curl"], Seq, 0),
            (vec!["curl", "-fsSL", "https://x"], Seq, 0),
            (vec!["sh"], Pipe, 0),
        ]
    );
    // A heredoc body keeps real newlines and backslash continuations.
    let body = "set -eux\napt-get update \\\n  && apt-get install -y \\\n     git\n";
    assert_eq!(
        shape(body),
        vec![
            (vec!["set", "-eux"], Start, 0),
            (vec!["apt-get", "update"], Seq, 0),
            (vec!["apt-get", "install", "-y", "git"], And, 0),
        ]
    );
    // `&&` at the end of a line carries over the newline.
    assert_eq!(
        shape("a &&\n  b ||\n c |\n d\ne"),
        vec![
            (vec!["a"], Start, 0),
            (vec!["b"], And, 0),
            (vec!["c"], Or, 0),
            (vec!["d"], Pipe, 0),
            (vec!["e"], Seq, 0),
        ]
    );
}

#[test]
fn assignments_prefix() {
    let s = "CGO_ENABLED=0 GOOS=linux go build -o app .";
    let script = split(s);
    assert!(script.errors.is_empty());
    let c = &script.commands[0];
    assert_eq!(words(c), vec!["go", "build", "-o", "app", "."]);
    let names: Vec<_> = c.assignments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["CGO_ENABLED", "GOOS"]);
    assert_eq!(c.assignments[1].value.text, "linux");
    assert_eq!(&s[c.assignments[1].value.range.clone()], "linux");
    assert_eq!(c.range, 0..s.len());
    // Only a prefix: later `X=y` words are arguments.
    let c = &split("env A=1 make X=2").commands[0];
    assert!(c.assignments.is_empty());
    assert_eq!(words(c), vec!["env", "A=1", "make", "X=2"]);
    // Alone, quoted, appended.
    let c = &split("A=\"a b\" B+=c").commands[0];
    assert!(c.words.is_empty() && c.name().is_none());
    assert_eq!(c.assignments[0].value.text, "a b");
    assert!(c.assignments[0].value.quoted);
    assert_eq!(c.assignments[1].name, "B");
    assert_eq!(c.assignments[1].value.text, "c");
}

#[test]
fn subshell() {
    assert_eq!(
        shape("(cd x && make)"),
        vec![(vec!["cd", "x"], Start, 1), (vec!["make"], And, 1)]
    );
    assert_eq!(
        shape("a && { b; c; } || d"),
        vec![
            (vec!["a"], Start, 0),
            (vec!["b"], And, 1),
            (vec!["c"], Seq, 1),
            (vec!["d"], Or, 0),
        ]
    );
}

#[test]
fn if_then_else() {
    assert_eq!(
        shape("if [ -f a ]; then b; else c; fi"),
        vec![
            (vec!["[", "-f", "a", "]"], Start, 1),
            (vec!["b"], Seq, 1),
            (vec!["c"], Seq, 1),
        ]
    );
    assert_eq!(
        shape("if [[ \"$ID\" = centos && -n $X ]] || true; then echo fi; elif x; then :; fi && z"),
        vec![
            (
                vec!["[[", "$ID", "=", "centos", "&&", "-n", "$X", "]]"],
                Start,
                1
            ),
            (vec!["true"], Or, 1),
            (vec!["echo", "fi"], Seq, 1),
            (vec!["x"], Seq, 1),
            (vec![":"], Seq, 1),
            (vec!["z"], And, 0),
        ]
    );
}

#[test]
fn for_loop() {
    let s = r#"for f in *; do chmod 755 "$f"; done"#;
    // A loop body's first command joins what came before the `for` (here: the start).
    assert_eq!(shape(s), vec![(vec!["chmod", "755", "$f"], Start, 1)]);
    let c = &split(s).commands[0];
    assert!(c.words[2].quoted && c.words[2].has_expansion);
    assert_eq!(&s[c.words[2].range.clone()], "\"$f\"");
    assert_eq!(
        shape("for x in $(ls) a b\ndo\n  echo $x\ndone; while read l; do :; done < f"),
        vec![
            (vec!["ls"], Start, 2),
            (vec!["echo", "$x"], Start, 1),
            (vec!["read", "l"], Seq, 1),
            (vec![":"], Seq, 1),
        ]
    );
    assert_eq!(
        shape("for ((i=0; i<3; i++)); do echo $i; done"),
        vec![(vec!["echo", "$i"], Start, 1)]
    );
}

#[test]
fn case_esac() {
    assert_eq!(
        shape(
            "case \"$(uname -m)\" in x86_64|amd64) A=amd64 ;; (arm*) a; b ;; *) exit 1 ;; esac; c"
        ),
        vec![
            (vec!["uname", "-m"], Start, 2),
            (vec![], Start, 1),
            (vec!["a"], Seq, 1),
            (vec!["b"], Seq, 1),
            (vec!["exit", "1"], Seq, 1),
            (vec!["c"], Seq, 0),
        ]
    );
}

#[test]
fn command_substitution() {
    let s = r#"echo "$(go env GOPATH)""#;
    assert_eq!(
        shape(s),
        vec![
            (vec!["go", "env", "GOPATH"], Start, 1),
            (vec!["echo", "$(go env GOPATH)"], Start, 0)
        ]
    );
    let script = split(s);
    let echo = &script.commands[1];
    assert_eq!(&s[echo.words[1].range.clone()], "\"$(go env GOPATH)\"");
    assert!(echo.words[1].has_expansion && echo.words[1].quoted);
    let go = &script.commands[0];
    assert_eq!(&s[go.range.clone()], "go env GOPATH");
    // Backticks, nested, and a subshell inside a substitution.
    assert_eq!(
        shape("x=`date +%s`; echo $(a $(b) | c) <(d)"),
        vec![
            (vec!["date", "+%s"], Start, 1),
            (vec![], Start, 0),
            (vec!["b"], Start, 2),
            (vec!["a", "$(b)"], Start, 1),
            (vec!["c"], Pipe, 1),
            (vec!["d"], Start, 1),
            (vec!["echo", "$(a $(b) | c)", "<(d)"], Seq, 0),
        ]
    );
    // Expansions stay literal.
    let c = &split("echo ${X:-y} $((1+2)) $HOME$1 '$no'").commands[0];
    assert_eq!(
        words(c),
        vec!["echo", "${X:-y}", "$((1+2))", "$HOME$1", "$no"]
    );
    assert!(c.words[1].has_expansion && c.words[3].has_expansion);
    assert!(!c.words[4].has_expansion && c.words[4].quoted);
}

#[test]
fn pipes_or_background() {
    assert_eq!(
        shape("a | b || c &"),
        vec![
            (vec!["a"], Start, 0),
            (vec!["b"], Pipe, 0),
            (vec!["c"], Or, 0)
        ]
    );
    assert_eq!(
        shape("a & b |& c"),
        vec![
            (vec!["a"], Start, 0),
            (vec!["b"], Background, 0),
            (vec!["c"], Pipe, 0)
        ]
    );
}

#[test]
fn quotes_and_escapes() {
    let s = r#"echo 'a b' "c \"d\" \$e \x" f\ g \'h $'i\tj\'k' "" a"b"'c'"#;
    let c = &split(s).commands[0];
    assert_eq!(
        words(c),
        vec![
            "echo",
            "a b",
            r#"c "d" $e \x"#,
            "f g",
            "'h",
            "i\tj'k",
            "",
            "abc"
        ]
    );
    assert!(c.words[1..].iter().all(|w| w.quoted));
    assert!(!c.words[2].has_expansion);
    assert_eq!(&s[c.words[7].range.clone()], r#"a"b"'c'"#);
    let c = &split("grep -q \"^$u:\" /etc/passwd").commands[0];
    assert_eq!(c.words[2].text, "^$u:");
    assert!(c.words[2].has_expansion);
}

#[test]
fn sh_c_inner_script() {
    let s = r#"sh -c "go mod download && go build""#;
    let script = split(s);
    assert!(script.errors.is_empty());
    // The argument is one quoted piece: inner spans are exact.
    let got: Vec<_> = script
        .commands
        .iter()
        .map(|c| (words(c), c.connector, c.depth, c.range.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                vec!["sh", "-c", "go mod download && go build"],
                Start,
                0,
                0..s.len()
            ),
            (vec!["go", "mod", "download"], Start, 1, 7..22),
            (vec!["go", "build"], And, 1, 26..34),
        ]
    );
    assert_eq!(
        shape("bash -o pipefail -ec 'set -x; cd /a' && /bin/sh -c ls"),
        vec![
            (
                vec!["bash", "-o", "pipefail", "-ec", "set -x; cd /a"],
                Start,
                0
            ),
            (vec!["set", "-x"], Start, 1),
            (vec!["cd", "/a"], Seq, 1),
            (vec!["/bin/sh", "-c", "ls"], And, 0),
            (vec!["ls"], Start, 1),
        ]
    );
    // The outer shell expands `$( )` in double quotes: `date` is listed once.
    let dates = split(r#"sh -c "echo $(date)""#)
        .commands
        .iter()
        .filter(|c| c.name() == Some("date"))
        .count();
    assert_eq!(dates, 1);
    let dates = split("sh -c 'echo $(date)'")
        .commands
        .iter()
        .filter(|c| c.name() == Some("date"))
        .count();
    assert_eq!(dates, 1);
}

#[test]
fn comments_redirections_heredocs() {
    assert_eq!(
            shape("# hi\napk add x # y && z\ncurl -o /tmp/f https://a 2>&1 >/dev/null; cat <<EOF > /f\nfoo && bar\nEOF\necho done"),
            vec![
                (vec!["apk", "add", "x"], Start, 0),
                (vec!["curl", "-o", "/tmp/f", "https://a"], Seq, 0),
                (vec!["cat"], Seq, 0),
                (vec!["echo", "done"], Seq, 0),
            ]
        );
    assert_eq!(
        shape("cat <<-'END' | sh\n\tx y\n\tEND\nz"),
        vec![
            (vec!["cat"], Start, 0),
            (vec!["sh"], Pipe, 0),
            (vec!["z"], Seq, 0)
        ]
    );
    // `RUN <<EOF`: the body comes separately.
    assert_eq!(split("<<EOF").commands, vec![]);
    assert!(split("<<EOF").errors.is_empty());
    assert_eq!(
        shape("f() { a; }; function g { b; }"),
        vec![(vec!["a"], Start, 1), (vec!["b"], Seq, 1)]
    );
}

#[test]
fn errors_still_split() {
    let script = split("echo 'abc && ls");
    assert_eq!(script.errors.len(), 1);
    assert_eq!(script.commands[0].words[1].text, "abc && ls");
    let script = split("a && (b; if c; then d");
    assert_eq!(script.commands.len(), 4);
    assert_eq!(script.errors.len(), 2);
    let script = split("echo \"$(ls");
    assert_eq!(script.commands.len(), 2);
    assert_eq!(script.errors.len(), 2);
    assert_eq!(split("a ) b; fi; done }").errors.len(), 4);
}

#[test]
fn hostile_inputs_return_quickly() {
    let t = std::time::Instant::now();
    let nest = "(".repeat(100_000) + "a" + &")".repeat(100_000);
    assert_eq!(split(&nest).commands.len(), 0); // `((` … `))` is arithmetic
    let nest = "( ".repeat(100_000) + "a" + &")".repeat(100_000);
    // Past MAX_DEPTH the parser gives up the rest of the input, with one error saying so.
    let s = split(&nest);
    assert!(s.commands.is_empty());
    assert!(s.errors.iter().any(|e| e.0.contains("nests too deep")));
    let nest = "( ".repeat(20) + "a" + &")".repeat(20);
    assert_eq!(split(&nest).commands[0].depth, 20);
    let s = split(&"$(".repeat(100_000));
    assert!(s.errors.iter().any(|e| e.0.contains("nests too deep")));
    assert!(s.errors.len() <= MAX_ERRORS);
    split(&"`".repeat(100_001));
    split(&")".repeat(1_000_000));
    split(&"if ".repeat(100_000));
    split(&"\"$(sh -c ".repeat(50_000));
    split(&"sh -c \"$(".repeat(50_000));
    split(&"((a) ".repeat(100_000));
    split(&"$((".repeat(100_000));
    split(&"${".repeat(100_000));
    split(&"<<A\n".repeat(100_000));
    let big = "apt-get install -y foo && echo \"$X\" | cat; ".repeat(250_000);
    assert_eq!(split(&big).commands.len(), 750_000);
    split(&("echo 'unterminated ".to_string() + &"x".repeat(10_000_000)));
    assert!(t.elapsed().as_secs() < 30, "took {:?}", t.elapsed());
}

proptest::proptest! {
    #[test]
    fn never_panics_and_ranges_are_sound(s in "\\PC{0,64}") {
        check_ranges(&s);
    }

    #[test]
    fn shellish_inputs(s in "([a-z]{1,3}|[ \t\n;&|()<>{}$`'\"\\\\#=!*-]|sh -c |if |then |fi|do |done|case |esac| in |\\$\\(|<<E\n|E\n|é|€){0,40}") {
        check_ranges(&s);
    }
}

fn check_ranges(s: &str) {
    let script = split(s);
    let ok = |r: &Range<usize>| {
        r.start <= r.end
            && r.end <= s.len()
            && s.is_char_boundary(r.start)
            && s.is_char_boundary(r.end)
    };
    for c in &script.commands {
        assert!(ok(&c.range), "{s:?} {:?}", c.range);
        for w in &c.words {
            assert!(ok(&w.range), "{s:?} {:?}", w.range);
        }
        for a in &c.assignments {
            assert!(ok(&a.value.range), "{s:?} {:?}", a.value.range);
        }
    }
    for (_, r) in &script.errors {
        assert!(ok(r), "{s:?} {r:?}");
    }
}

/// Splits every RUN line and RUN heredoc body of the corpus, when the corpus is there.
#[test]
fn corpus_runs_split() {
    let Some(path) = dockhand_test_support::corpus("corpus_runs_split", "oracle/real.jsonl") else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("the corpus oracle is readable");
    let (mut lines, mut with_errors, mut windows_errors, mut commands) = (0, 0, 0, 0);
    let mut examples = Vec::new();
    let t = std::time::Instant::now();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        // RUN lines in a stage whose SHELL is PowerShell or cmd are not POSIX shell.
        let mut windows = false;
        for ins in v["instructions"].as_array().into_iter().flatten() {
            if ins["cmd"] == "from" {
                windows = false;
            }
            if ins["cmd"] == "shell" {
                let t = ins["value"].to_string().to_lowercase();
                windows = t.contains("powershell") || t.contains("pwsh") || t.contains("cmd");
            }
            if ins["cmd"] != "run" {
                continue;
            }
            let mut scripts = Vec::new();
            if ins["json"] == false {
                if let Some(s) = ins["value"].get(0).and_then(|x| x.as_str()) {
                    scripts.push(s);
                }
            }
            for h in ins["heredocs"].as_array().into_iter().flatten() {
                if let Some(s) = h["content"].as_str() {
                    scripts.push(s);
                }
            }
            for s in scripts {
                lines += 1;
                let script = split(s);
                commands += script.commands.len();
                if !script.errors.is_empty() {
                    with_errors += 1;
                    if windows {
                        windows_errors += 1;
                    } else if examples.len() < 40 {
                        examples.push(format!("{:?} in {:.80}", script.errors[0], s));
                    }
                }
            }
        }
    }
    println!(
        "corpus: {lines} RUN scripts, {commands} commands, {with_errors} with errors \
             ({windows_errors} under a PowerShell/cmd SHELL), {:?} with JSON decoding",
        t.elapsed()
    );
    for e in examples {
        println!("  {e}");
    }
    assert!(lines > 0);
}

// --- the AST -------------------------------------------------------------------------------

use ast::{CommandKind, PartKind};

fn first_simple(s: &ShellScript) -> &ast::SimpleCommand {
    s.simple_commands()
        .first()
        .map(|c| c.simple)
        .expect("a command")
}

#[test]
fn ast_lists_pipelines_and_compounds() {
    let s = parse_text(
        "a | b |& c && ! d; e &\nif x; then y; elif z; then w; else v; fi",
        Dialect::Bash,
    );
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let items = &s.script.items;
    assert_eq!(items.len(), 3);
    let p = &items[0].and_or.first;
    assert_eq!(p.commands.len(), 3);
    assert!(!p.pipes[0].stderr && p.pipes[1].stderr);
    assert_eq!(items[0].and_or.rest[0].0, ast::AndOrOp::And);
    assert!(items[0].and_or.rest[0].1.bang.is_some());
    assert!(items[1].background);
    let CommandKind::If(i) = &items[2].and_or.first.commands[0].kind else {
        panic!("not an if")
    };
    assert_eq!(i.branches.len(), 2);
    assert!(i.else_body.is_some());
    let names: Vec<_> = s
        .simple_commands()
        .iter()
        .filter_map(|c| c.simple.name())
        .collect();
    assert_eq!(names, ["a", "b", "c", "d", "e", "x", "y", "z", "w", "v"]);
    let t = "for i in 1 2; do (cd /a && make); done; while read l; do { echo; }; done; \
             case $x in a|b) f;; *) g;; esac; h() { k; }; [[ -n $x && $y == *.c ]]; (( n++ ))";
    let s = parse_text(t, Dialect::Bash);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let kinds: Vec<_> = s
        .script
        .items
        .iter()
        .map(|i| match &i.and_or.first.commands[0].kind {
            CommandKind::For(_) => "for",
            CommandKind::While(_) => "while",
            CommandKind::Case(c) => {
                assert_eq!(c.arms.len(), 2);
                assert_eq!(c.arms[0].patterns.len(), 2);
                "case"
            }
            CommandKind::Function(f) => {
                assert_eq!(f.name, "h");
                "fn"
            }
            CommandKind::Cond(w) => {
                assert_eq!(w.len(), 6);
                "cond"
            }
            CommandKind::Arith(a) => {
                assert_eq!(a.trim(), "n++");
                "arith"
            }
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["for", "while", "case", "fn", "cond", "arith"]);
}

#[test]
fn ast_word_parts() {
    let t = r#"echo "a $X ${Y:-d} $(date)" 'lit' $'\n' \$ ${#Z} ${P//a/b} $1 $@ *.c {a,b} ~/x `id` $((1+2))"#;
    let s = parse_text(t, Dialect::Bash);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let c = first_simple(&s);
    let w = &c.words;
    let PartKind::DoubleQuoted(inner) = &w[1].parts[0].kind else {
        panic!("{:?}", w[1])
    };
    assert!(inner.iter().all(|p| p.quoted));
    let params: Vec<_> = inner
        .iter()
        .filter_map(|p| match &p.kind {
            PartKind::Param(pe) => Some((pe.name.as_str(), pe.op.as_deref(), pe.braced)),
            _ => None,
        })
        .collect();
    assert_eq!(params, [("X", None, false), ("Y", Some(":-"), true)]);
    assert!(matches!(
        inner.last().map(|p| &p.kind),
        Some(PartKind::CommandSubst {
            backtick: false,
            ..
        })
    ));
    assert_eq!(w[1].text, "a $X ${Y:-d} $(date)");
    assert!(matches!(&w[2].parts[0].kind, PartKind::SingleQuoted(x) if x == "lit"));
    assert!(matches!(&w[3].parts[0].kind, PartKind::AnsiC(x) if x == "\n"));
    assert!(matches!(w[4].parts[0].kind, PartKind::Escaped('$')));
    assert!(matches!(&w[5].parts[0].kind, PartKind::Param(p) if p.length && p.name == "Z"));
    assert!(matches!(&w[6].parts[0].kind, PartKind::Param(p) if p.op.as_deref() == Some("//")));
    assert!(matches!(&w[7].parts[0].kind, PartKind::Param(p) if p.is_special()));
    assert!(
        matches!(&w[8].parts[0].kind, PartKind::Param(p) if p.name == "@" && !w[8].parts[0].quoted)
    );
    assert!(matches!(&w[9].parts[0].kind, PartKind::Glob(g) if g == "*"));
    assert!(matches!(&w[10].parts[0].kind, PartKind::Brace(b) if b == "{a,b}"));
    assert!(matches!(&w[11].parts[0].kind, PartKind::Tilde(t) if t == "~"));
    assert!(matches!(
        w[12].parts[0].kind,
        PartKind::CommandSubst { backtick: true, .. }
    ));
    assert!(matches!(&w[13].parts[0].kind, PartKind::Arith(a) if a == "1+2"));
    // Spans are byte ranges of the input here.
    assert_eq!(&t[w[6].span.start..w[6].span.end], "${P//a/b}");
    // `date` and `id` are commands too, inside substitutions.
    let subst: Vec<_> = s
        .simple_commands()
        .iter()
        .filter(|c| c.cx.in_substitution)
        .filter_map(|c| c.simple.name())
        .collect();
    assert_eq!(subst, ["date", "id"]);
}

#[test]
fn ast_redirects_assignments_heredocs_and_sh_c() {
    let t = "A=1 B+=x C=(a b) cmd 2>&1 >/dev/null <<-'EOF' && bash -c 'x | y'\n\tbody $Z\n\tEOF\n";
    let s = parse_text(t, Dialect::Dash);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let cmds = s.simple_commands();
    let c = cmds[0].simple;
    assert_eq!(c.assignments.len(), 3);
    assert!(c.assignments[1].append);
    assert_eq!(c.assignments[2].array.as_ref().map(Vec::len), Some(2));
    let r = &cmds[0].command.redirects;
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].fd.as_deref(), Some("2"));
    assert_eq!(r[0].op, ast::RedirOp::DupOut);
    assert_eq!(r[2].op, ast::RedirOp::HereDocStrip);
    assert!(s.heredocs[0].quoted && s.heredocs[0].body.contains("body $Z"));
    let inner: Vec<_> = cmds.iter().filter(|c| c.cx.inline).collect();
    assert_eq!(inner.len(), 2);
    assert_eq!(inner[0].cx.dialect, Dialect::Bash);
    let x = &inner[0].command.span;
    assert_eq!(&t[x.start..x.end], "x");
    let CommandKind::Simple(bash) = &cmds[1].command.kind else {
        panic!()
    };
    let inline = bash.inline.as_ref().expect("the -c script");
    assert!(inline.exact_spans);
    assert!(inline.script.items[0].and_or.first.is_pipe());
}

#[test]
fn ast_error_recovery_keeps_commands_around() {
    let s = parse_text("a; fi; b ${; c \"$(d\n", Dialect::Sh);
    assert!(!s.errors.is_empty());
    let names: Vec<_> = s
        .simple_commands()
        .iter()
        .filter_map(|c| c.simple.name())
        .collect();
    assert!(names.contains(&"a") && names.contains(&"b"), "{names:?}");
}

#[test]
fn deep_nesting_never_overflows() {
    // Each in a thread with a small stack, so an unguarded recursion would show.
    let inputs: Vec<String> = vec![
        "(".repeat(100_000),
        "( ".repeat(100_000),
        "$(".repeat(100_000),
        "{ ".repeat(100_000),
        "`".repeat(100_001),
        "\"$(".repeat(100_000),
        "${x:-".repeat(100_000),
        "if ".repeat(100_000),
        "[[ (".repeat(100_000),
        "<(".repeat(100_000),
        "sh -c \"$(sh -c '".repeat(20_000),
    ];
    for input in inputs {
        let h = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || parse_text(&input, Dialect::Bash).errors.len())
            .expect("a thread");
        assert!(h.join().expect("no overflow") > 0);
    }
    let t = std::time::Instant::now();
    let flat = "apt-get install -y foo && echo \"$X\" | cat; ".repeat(250_000);
    assert!(flat.len() > 10_000_000);
    assert_eq!(
        parse_text(&flat, Dialect::Sh).simple_commands().len(),
        750_000
    );
    assert!(t.elapsed().as_secs() < 30);
}

#[test]
fn literal_spans_skip_continuations() {
    // Found by the `shell` fuzz target: a literal run with a backslash-newline inside ended
    // its span by its text length, inside a multi-byte character.
    let t = "a\\\nb\u{29c5}";
    check_ranges(t);
    let s = parse_text(t, Dialect::Sh);
    let w = &first_simple(&s).words[0];
    assert_eq!(w.text, "ab\u{29c5}");
    assert_eq!((w.parts[0].span.start, w.parts[0].span.end), (0, t.len()));
}
