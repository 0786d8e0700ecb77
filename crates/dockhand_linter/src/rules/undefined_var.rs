//! DH011: a variable used before anything defines it.
use super::prelude::*;
use crate::model::expand::{expand, Value};
use crate::model::scope::Scope;
use crate::model::{Var, AUTOMATIC_ARGS};
use crate::parse::{ArgForm, Kind};
use std::sync::Arc;

declare_rule! {
    /// ## What it does
    /// Flags a `$NAME` in an instruction that Docker expands (`COPY`, `ADD`, `ENV`, `ARG`
    /// defaults, `LABEL`, `EXPOSE`, `VOLUME`, `USER`, `WORKDIR`, `STOPSIGNAL`) when nothing
    /// before it defines `NAME`: no `ARG` or `ENV` of the stage (or of the stages it is built
    /// `FROM`), and no `ENV` of the base image. `RUN`, `CMD` and `ENTRYPOINT` are left alone:
    /// the shell expands them, from the container's whole environment.
    ///
    /// Precision first, so nothing is reported when what the base image sets is not known:
    /// the image table (`data/images/`) lists the `ENV` of the official images it knows
    /// (`PYTHON_VERSION`, `JAVA_HOME`, `GOPATH`, `NODE_VERSION`, ...), and for any other image,
    /// or a `FROM ${VAR}`, every name might come from it. `PATH`, the automatic platform ARGs
    /// (`TARGETPLATFORM`, `TARGETARCH`, `BUILDPLATFORM`, ...) and the predefined proxy ARGs
    /// (`HTTP_PROXY`, `no_proxy`, ...) are never reported. `${NAME:-default}` and
    /// `${NAME:+word}` say what happens when `NAME` is unset and are not reported either, nor
    /// is an `ENV` that extends itself (`ENV PYTHONPATH=$PYTHONPATH:/app`), whose only effect
    /// when unset is a stray `:`.
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to nothing, so `COPY app-$VERSION.jar /app.jar` copies
    /// `app-.jar` and `WORKDIR $APP_HOME` is `/`; usually an `ARG` is missing, or a global
    /// `ARG` was not declared again inside the stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ENV APP_HOME=/srv/app
    /// WORKDIR $APP_DIR
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ENV APP_HOME=/srv/app
    /// WORKDIR $APP_HOME
    /// ```
    pub UndefinedVar {
        code: "DH011",
        name: "undefined-var",
        severity: Warning,
        category: Correctness,
        summary: "a variable is used where no `ARG`, `ENV` or base image defines it",
        aliases: ["UndefinedVar"],
    }
}


fn always_known(name: &str) -> bool {
    name == "PATH" || crate::model::PROXY_ARGS.contains(&name) || AUTOMATIC_ARGS.iter().any(|(k, _)| *k == name)
}

/// What a stage knows: the names defined so far (shared with the stages built from it), and
/// whether its base image's variables are known at all.
#[derive(Clone, Default)]
struct Known {
    scope: Scope,
    image_known: bool,
}

fn define(scope: &mut Scope, name: &str, stage: StageId, instruction: usize) {
    scope.insert(Arc::new(Var {
        name: name.into(),
        value: Value::from(""),
        span: Span::empty(0),
        stage: Some(stage),
        instruction,
        no_default: true,
    }));
}

impl Rule for UndefinedVar {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let escape = model.dockerfile().escape;
        let mut ends: Vec<Known> = Vec::with_capacity(model.stages.len());
        for stage in &model.stages {
            let mut known = match stage.base {
                BaseImage::Stage(p) => ends.get(p.0).cloned().unwrap_or_default(),
                BaseImage::Unresolved(_) => Known::default(),
                BaseImage::Scratch | BaseImage::Registry(_) => {
                    let mut k = Known::default();
                    if let Some(env) = &stage.facts.env {
                        k.image_known = true;
                        for n in env.iter() {
                            define(&mut k.scope, n, stage.id, stage.from_instruction);
                        }
                    }
                    k
                }
            };
            for idx in stage.instructions.clone() {
                let Some(ins) = model.instruction(idx) else { continue };
                // (word, defines) pairs in the order Docker expands them
                // each used word, with the name an `ENV` pair sets from it (self-references
                // such as `ENV PYTHONPATH=$PYTHONPATH:/app` extend a maybe-unset list on purpose)
                let mut uses: Vec<(&Spanned<String>, Option<&str>)> = Vec::new();
                let mut defines: Vec<&str> = Vec::new();
                match ins.kind {
                    Kind::Arg => {
                        for w in &ins.args {
                            let (name, default) = w.value.split_once('=').unwrap_or((&w.value, ""));
                            if !default.is_empty() {
                                uses.push((w, Some(name)));
                            }
                            defines.push(name);
                        }
                    }
                    Kind::Env => {
                        for pair in ins.args.chunks(2) {
                            if let [k, v] = pair {
                                uses.push((v, Some(k.value.as_str())));
                                defines.push(k.value.as_str());
                            }
                        }
                    }
                    Kind::Label => uses.extend(ins.args.iter().map(|w| (w, None))),
                    Kind::Copy | Kind::Add if ins.heredocs.is_empty() => {
                        uses.extend(ins.args.iter().map(|w| (w, None)));
                    }
                    Kind::Expose | Kind::User | Kind::Workdir | Kind::Stopsignal => {
                        uses.extend(ins.args.iter().map(|w| (w, None)))
                    }
                    Kind::Volume if ins.form != ArgForm::Json => {
                        uses.extend(ins.args.iter().map(|w| (w, None)))
                    }
                    _ => {}
                }
                if known.image_known {
                    for (w, sets) in uses {
                        if !w.value.contains('$') {
                            continue;
                        }
                        let scope = &known.scope;
                        let lookup = |n: &str| scope.get(n).map(|_| Value::from(""));
                        for name in expand(&w.value, escape, &lookup).unresolved {
                            // `${X:+…$X…}` uses `X` only when it is set
                            let guarded = w.value.contains(&format!("${{{name}:+"))
                                || w.value.contains(&format!("${{{name}+"));
                            if always_known(&name) || guarded || sets == Some(name.as_str()) {
                                continue;
                            }
                            let kw = ins.kind.as_str();
                            cx.report(
                                &Self::META,
                                w.span,
                                format!(
                                    "`${name}` in this `{kw}` is not defined: no `ARG` or `ENV` before it sets `{name}`, nor does `{}`",
                                    stage.base_word.value
                                ),
                            )
                            .help(format!(
                                "declare `ARG {name}` (a global `ARG` must be declared again inside the stage) or set `ENV {name}=…` before this instruction"
                            ));
                        }
                    }
                }
                for d in defines {
                    define(&mut known.scope, d, stage.id, idx);
                }
            }
            ends.push(known);
        }
    }
}
