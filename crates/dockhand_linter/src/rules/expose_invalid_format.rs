//! DH016: `EXPOSE` with an IP address or a host port.
use super::prelude::*;
use crate::model::ports::port_spec;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port that carries an IP address or a host port
    /// (`EXPOSE 127.0.0.1:8080:80`, `EXPOSE 8080:80`). Ports written with variables are not
    /// looked at.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only documents which container ports the image listens on; which host address
    /// and port they are published on is decided by `docker run -p`. Docker ignores the extra
    /// parts today, and BuildKit says the form will become an error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080:80
    /// ```
    /// Use instead (and `docker run -p 8080:80`):
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80
    /// ```
    pub ExposeInvalidFormat {
        code: "DH016",
        name: "expose-invalid-format",
        severity: Warning,
        category: Correctness,
        summary: "an `EXPOSE` port carries an IP address or a host port",
        aliases: ["ExposeInvalidFormat"],
    }
}

impl Rule for ExposeInvalidFormat {
    fn check(&self, cx: &mut Context<'_>) {
        for ins in cx.model().instructions() {
            if ins.kind != Kind::Expose {
                continue;
            }
            for w in &ins.args {
                let Some(spec) = port_spec(&w.value) else { continue };
                if spec.container.start == 0 {
                    continue;
                }
                let container = &w.value[spec.container.start..];
                cx.report(
                    &Self::META,
                    w.span,
                    format!("`EXPOSE {}` names a host address or port; `EXPOSE` takes the container port only", w.value),
                )
                .help(format!("write `EXPOSE {container}` and publish it with `docker run -p`"));
            }
        }
    }
}
