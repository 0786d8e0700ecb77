//! DL3011: EXPOSE of a port number above 65535.
use super::prelude::*;
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` of a port (or a port range end) above 65535.
    ///
    /// ## Why is this bad?
    /// TCP and UDP ports are 16-bit numbers, 0 to 65535; Docker rejects a higher one when
    /// the container is created ("invalid containerPort"). It is usually a typo.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80800
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080
    /// ```
    pub ExposeInvalidPort {
        code: "DL3011",
        name: "expose-invalid-port",
        severity: Error,
        category: Correctness,
        summary: "EXPOSE names a port above 65535",
        mirrors: "hadolint DL3011",
    }
}

impl Rule for ExposeInvalidPort {
    fn check(&self, cx: &mut Context<'_>) {
        for ins in cx.model().instructions().iter().filter(|i| i.kind == Kind::Expose) {
            for w in &ins.args {
                let ports = w.value.split('/').next().unwrap_or("");
                let bad = ports
                    .split('-')
                    .filter_map(|p| p.parse::<u64>().ok())
                    .find(|&p| p > 65535);
                let Some(p) = bad else { continue };
                cx.report(&Self::META, w.span, format!("port {p} in `EXPOSE {}` is above 65535", w.value))
                    .primary_label("not a port")
                    .help("write a port between 0 and 65535");
            }
        }
    }
}
