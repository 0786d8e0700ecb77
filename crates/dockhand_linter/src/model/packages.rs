//! Which packages a RUN leaves installed: those not removed again in the same RUN, by name,
//! as an `apk add --virtual` group deleted with `apk del`, or by the docker-library idiom
//! `apt-mark auto '.*' … apt-get purge --auto-remove`. Model layer: no findings here.

use super::{Command, Package, RunFact};

impl RunFact {
    /// Packages installed by this RUN and still installed when it ends.
    pub fn kept_installs(&self) -> Vec<&Package> {
        if self.purges_everything_installed() {
            return Vec::new();
        }
        // `apk add --virtual .build-deps …` groups whose name is deleted again.
        let deleted_groups: Vec<&Command> = self
            .commands
            .iter()
            .filter(|c| c.name() == Some("apk") && c.has_arg("add"))
            .filter(|c| virtual_name(c).is_some_and(|v| self.removes.iter().any(|r| r.name == v)))
            .collect();
        self.installs
            .iter()
            .filter(|p| !self.removes.iter().any(|r| r.name == p.name))
            .filter(|p| {
                !deleted_groups
                    .iter()
                    .any(|c| c.span.start <= p.span.start && p.span.end <= c.span.end)
            })
            .collect()
    }

    /// `apt-mark auto` followed by `apt-get purge --auto-remove` (or `autoremove`): every
    /// package installed since is removed unless marked manual again (runtime libraries).
    fn purges_everything_installed(&self) -> bool {
        let marks_auto = self
            .commands
            .iter()
            .any(|c| c.name() == Some("apt-mark") && c.has_arg("auto"));
        let autoremoves = self.commands.iter().any(|c| {
            matches!(c.name(), Some("apt-get" | "apt"))
                && (c.has_arg("autoremove") || c.has_arg("--auto-remove"))
        });
        marks_auto && autoremoves
    }
}

/// The group name of `apk add --virtual NAME` / `-t NAME` / `--virtual=NAME`.
fn virtual_name(c: &Command) -> Option<&str> {
    let args = c.args();
    for (i, w) in args.iter().enumerate() {
        let v = w.value.as_str();
        if let Some(name) = v.strip_prefix("--virtual=") {
            return Some(name);
        }
        if v == "--virtual" || v == "-t" {
            return args.get(i + 1).map(|n| n.value.as_str());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::model::{Model, ModelOptions};
    use crate::parse::parse;

    fn kept(src: &str) -> Vec<String> {
        let m = Model::build(parse(src), &ModelOptions::default());
        m.stages[0].runs[0]
            .kept_installs()
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    #[test]
    fn removed_packages_are_not_kept() {
        assert_eq!(
            kept("FROM alpine\nRUN apk add gcc musl-dev && make && apk del gcc\n"),
            ["musl-dev"]
        );
        assert!(kept(
            "FROM alpine\nRUN apk add --virtual .build-deps gcc musl-dev && make && apk del .build-deps\n"
        )
        .is_empty());
        assert!(kept(
            "FROM debian\nRUN apt-mark auto '.*' > /dev/null; apt-get install -y gcc; apt-get purge -y --auto-remove\n"
        )
        .is_empty());
        assert_eq!(
            kept("FROM alpine\nRUN apk add --virtual=.b gcc && apk add curl && apk del .b\n"),
            ["curl"]
        );
    }
}
