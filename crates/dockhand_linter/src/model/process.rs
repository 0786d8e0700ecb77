//! The process a stage's image starts: its effective ENTRYPOINT and CMD, inherited through
//! `FROM <stage>` with Docker's rule that an ENTRYPOINT clears a CMD set in an earlier stage
//! (or the base image). Model layer: no findings here.

use super::{Model, StageId};
use crate::parse::{ArgForm, Instruction, Kind};
use crate::span::Span;

/// An ENTRYPOINT or CMD instruction, as the words it runs.
#[derive(Debug, Clone)]
pub struct ProcessCommand {
    /// Exec form: the JSON words; shell form: the words of the first command of the script
    /// (which runs under `/bin/sh -c`).
    pub words: Vec<String>,
    pub shell_form: bool,
    /// The instruction's arguments.
    pub span: Span,
    pub stage: StageId,
    pub instruction: usize,
}

impl ProcessCommand {
    /// The executable's base name (`/usr/local/bin/gosu` → `gosu`).
    pub fn program(&self) -> Option<&str> {
        self.words
            .first()
            .map(|w| w.rsplit(['/', '\\']).next().unwrap_or(w))
    }
}

/// The effective ENTRYPOINT and CMD of a stage's image, as far as this Dockerfile sets them.
#[derive(Debug, Clone, Default)]
pub struct Process {
    pub entrypoint: Option<ProcessCommand>,
    pub cmd: Option<ProcessCommand>,
}

impl Model {
    /// The ENTRYPOINT and CMD in effect at the end of stage `id`. `None` where the Dockerfile
    /// sets none (the base image's value then applies, which we do not know).
    pub fn process(&self, id: StageId) -> Process {
        let mut p = Process::default();
        for st in self.chain(id).iter().rev() {
            let mut cmd_set_here = false;
            for idx in st.instructions.clone() {
                let Some(ins) = self.instruction(idx) else {
                    break;
                };
                match ins.kind {
                    Kind::Cmd => {
                        p.cmd = command(self, ins, st.id, idx);
                        cmd_set_here = true;
                    }
                    Kind::Entrypoint => {
                        p.entrypoint = command(self, ins, st.id, idx);
                        if !cmd_set_here {
                            p.cmd = None;
                        }
                    }
                    _ => {}
                }
            }
        }
        p
    }
}

fn command(
    model: &Model,
    ins: &Instruction,
    stage: StageId,
    instruction: usize,
) -> Option<ProcessCommand> {
    let first = ins.args.first()?;
    let span = first
        .span
        .cover(ins.args.last().map_or(first.span, |w| w.span));
    let (words, shell_form) = if ins.form == ArgForm::Json {
        (ins.args.iter().map(|w| w.value.clone()).collect(), false)
    } else {
        let words = model
            .command_line(instruction)
            .and_then(|s| s.flat().into_iter().next())
            .map(|c| c.words.into_iter().map(|w| w.text).collect())
            .unwrap_or_default();
        (words, true)
    };
    Some(ProcessCommand {
        words,
        shell_form,
        span,
        stage,
        instruction,
    })
}

#[cfg(test)]
mod tests {
    use crate::model::{Model, ModelOptions};
    use crate::parse::parse;

    #[test]
    fn entrypoint_clears_inherited_cmd() {
        let src = "FROM alpine AS a\nCMD [\"sh\"]\nFROM a\nENTRYPOINT [\"/app\"]\n";
        let m = Model::build(parse(src), &ModelOptions::default());
        let p = m.process(m.stages[1].id);
        assert_eq!(p.entrypoint.as_ref().and_then(|e| e.program()), Some("app"));
        assert!(p.cmd.is_none());
        let p = m.process(m.stages[0].id);
        assert_eq!(p.cmd.as_ref().and_then(|e| e.program()), Some("sh"));
        let m = Model::build(
            parse("FROM alpine\nCMD exec /usr/bin/python3 -m app\n"),
            &ModelOptions::default(),
        );
        let p = m.process(m.stages[0].id);
        assert_eq!(
            p.cmd.map(|c| c.words),
            Some(vec![
                "exec".to_string(),
                "/usr/bin/python3".into(),
                "-m".into(),
                "app".into()
            ])
        );
    }
}
