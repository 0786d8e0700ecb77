//! DH608: the comment above an `ARG` or named stage does not start with its name.
use super::prelude::*;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags an `ARG` or a named `FROM … AS name` whose comment on the line right above does
    /// not start with the name it defines (`# NODE_VERSION the Node.js release to build
    /// with`), the convention BuildKit's experimental InvalidDefinitionDescription checks so
    /// that `docker buildx build --call=outline` can show the comment as a description.
    /// Off by default, as in BuildKit (`# check=experimental=InvalidDefinitionDescription` or
    /// selecting the rule turns it on). Comments for tools (`# dockhand …`, `# hadolint …`,
    /// `# check=…`) are not descriptions and are not looked at.
    ///
    /// ## Why is this bad?
    /// The outline of the build shows the comment only when it starts with the name; any
    /// other comment there is left out.
    ///
    /// ## Example
    /// ```dockerfile
    /// # the Node.js release to build with
    /// ARG NODE_VERSION=20
    /// FROM node:${NODE_VERSION}-alpine
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// # NODE_VERSION the Node.js release to build with
    /// ARG NODE_VERSION=20
    /// FROM node:${NODE_VERSION}-alpine
    /// ```
    pub InvalidDefinitionDescription {
        code: "DH608",
        name: "invalid-definition-description",
        severity: Style,
        category: Style,
        summary: "the comment above an `ARG` or named stage does not start with the name",
        enabled_by_default: false,
        aliases: ["InvalidDefinitionDescription"],
    }
}

/// Comments addressed to tools rather than readers.
fn is_tool_comment(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["dockhand", "hadolint", "check=", "syntax=", "escape=", "expect:", "test:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

impl Rule for InvalidDefinitionDescription {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let df = model.dockerfile();
        let by_line: std::collections::HashMap<usize, &str> =
            df.comments.iter().map(|c| (c.line, c.text.as_str())).collect();
        for ins in model.instructions() {
            let names: Vec<&str> = match ins.kind {
                Kind::Arg => ins
                    .args
                    .iter()
                    .map(|w| w.value.split_once('=').map_or(w.value.as_str(), |(k, _)| k))
                    .collect(),
                Kind::From if ins.args.len() >= 3 => vec![ins.args[2].value.as_str()],
                _ => continue,
            };
            // the nearest comment for readers in the block of comment lines right above
            // (each comment line is looked at for one instruction only: linear)
            let mut line = ins.start_line;
            let mut found = None;
            while let Some(c) = line.checked_sub(1).and_then(|l| by_line.get(&l)) {
                line -= 1;
                if !is_tool_comment(c) {
                    found = Some(*c);
                    break;
                }
            }
            let Some(comment) = found.filter(|c| !c.is_empty()) else {
                continue;
            };
            let first = comment.split(' ').next().unwrap_or("");
            if names.contains(&first) {
                continue;
            }
            let example = if names.len() == 1 { names[0] } else { "<name>" };
            let kw = ins.kind.as_str();
            cx.report(
                &Self::META,
                ins.keyword,
                format!("the comment above this `{kw}` does not start with `{example}`"),
            )
            .help(format!("start the comment with the name: `# {example} {comment}`"));
        }
    }
}
