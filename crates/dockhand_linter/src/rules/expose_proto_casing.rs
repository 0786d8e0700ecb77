//! DH606: an `EXPOSE` protocol in upper case.
use super::prelude::*;
use crate::model::ports::{port_spec, PortSpec};
use crate::parse::Kind;

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port whose protocol is not lower case (`EXPOSE 53/UDP`). The
    /// finding's span is the protocol, the text to rewrite. Ports written with variables are
    /// not looked at.
    ///
    /// ## Why is this bad?
    /// Docker lower-cases the protocol anyway; `tcp`/`udp`/`sctp` in lower case is how every
    /// tool and document writes it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 53/UDP
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 53/udp
    /// ```
    pub ExposeProtoCasing {
        code: "DH606",
        name: "expose-proto-casing",
        severity: Style,
        category: Style,
        summary: "an `EXPOSE` protocol is not lower case (`80/TCP`)",
        aliases: ["ExposeProtoCasing"],
    }
}

impl Rule for ExposeProtoCasing {
    fn check(&self, cx: &mut Context<'_>) {
        for ins in cx.model().instructions() {
            if ins.kind != Kind::Expose {
                continue;
            }
            for w in &ins.args {
                let Some(PortSpec { proto: Some(proto), .. }) = port_spec(&w.value) else {
                    continue;
                };
                let text = &w.value[proto.clone()];
                if text != text.to_lowercase() {
                    cx.report(
                        &Self::META,
                        w.span.sub(proto.start, proto.end),
                        format!("protocol `{text}` of `EXPOSE {}` is not lower case", w.value),
                    )
                    .help(format!("write `{}`", text.to_lowercase()));
                }
            }
        }
    }
}
