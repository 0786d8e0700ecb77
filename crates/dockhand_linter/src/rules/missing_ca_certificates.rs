//! DH502: the final image has no CA bundle.
use super::prelude::*;
use crate::model::artifacts::{is_data_path, start_command};
use crate::model::images::{Os, PackageManager};

declare_rule! {
    /// ## What it does
    /// Flags a final image that runs a program copied in (a `COPY --from` of something other
    /// than data; on `scratch` and `busybox` any COPY) and has an `ENTRYPOINT` or `CMD`, on a
    /// base known to ship no CA bundle (`scratch`, `busybox`, `debian`, `ubuntu`, Alpine before
    /// 3.7), when the Dockerfile neither installs `ca-certificates` (or a package that pulls it
    /// in, such as `curl`), nor copies a bundle (`/etc/ssl/certs/…`, `/etc/pki/…`,
    /// `/etc/ssl/cert.pem`), nor points `SSL_CERT_FILE` at one.
    ///
    /// Final stages without `ENTRYPOINT` or `CMD` are not judged: a `FROM scratch` stage that
    /// only collects files is an artifact export (`docker build --output`), and a distribution
    /// image without a start command is a base for other builds, as is one that starts only a
    /// shell (`CMD ["sh"]`, a toybox root file system) or that `image-role = "base"` in the
    /// configuration marks. Neither are images that only
    /// run what their package manager installed: a package that speaks TLS depends on (or
    /// recommends) `ca-certificates` itself. Bases whose bundle is not known are not judged.
    /// Programs known never to open a connection are not judged either: an image whose
    /// `ENTRYPOINT` (else `CMD`) runs `true`, `false`, `sleep`, `pause`, `sleeping-beauty`,
    /// `nologin`, `echo`, `cat` or `printenv`, and a BuildKit frontend labelled `moby.buildkit.frontend.network.none`,
    /// which BuildKit runs without a network (the list is data in `model/role.rs`). For any
    /// other program the rule cannot tell whether it makes TLS calls at all; suppress it for
    /// one that never does.
    ///
    /// ## Why is it off by default?
    /// Whether a program makes TLS connections cannot be known from the Dockerfile in general.
    /// Judged by hand on the 2,988 real Dockerfiles of the project's corpus, 9 of the 12
    /// findings left after the known idle programs and no-network frontends were skipped are
    /// programs that open no TLS connection (web back ends that talk to a database beside them
    /// or sit behind the compose file's proxy, a gRPC example server, a man-page converter, an
    /// etcd with its own peer CA); 3 are worth telling (hugo fetching modules, a registry
    /// client, minio). No fact in the Dockerfile tells those apart. Select it
    /// (`select = ["DH502"]`) for images whose programs call out over HTTPS.
    ///
    /// ## Why is this bad?
    /// Without CA certificates no TLS peer can be verified: every HTTPS call from the program
    /// fails with "x509: certificate signed by unknown authority" (Go) or "unable to get local
    /// issuer certificate" (OpenSSL), usually only once the container is deployed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// RUN go build -o /app .
    /// FROM scratch
    /// COPY --from=builder /app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.22-alpine AS builder
    /// RUN go build -o /app .
    /// FROM scratch
    /// COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
    /// COPY --from=builder /app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    pub MissingCaCertificates {
        code: "DH502",
        name: "missing-ca-certificates",
        severity: Warning,
        category: Security,
        summary: "the final image runs a program but has no CA certificates",
        enabled_by_default: false,
        shipped_image: true,
    }
}

impl Rule for MissingCaCertificates {
    fn check(&self, cx: &mut Context<'_>) {
        let model = cx.model();
        let Some(final_id) = model.final_stage else {
            return;
        };
        let root = model.chain_root(final_id);
        let facts = &root.facts;
        if facts.os != Os::Linux || facts.ca_certificates != Some(false) {
            return;
        }
        if model.ca_bundle_provision(final_id).is_some() || model.never_connects(final_id) {
            return;
        }
        // an image meant to be built on (it starts only a shell, `image-role = "base"`): the
        // image built on it adds the program, and the bundle with it
        let base = match model.image_role() {
            crate::model::role::ImageRole::Base | crate::model::role::ImageRole::Test => true,
            crate::model::role::ImageRole::Application => false,
            crate::model::role::ImageRole::Auto => model.is_base_image(final_id),
        };
        if base {
            return;
        }
        let Some(start) = start_command(model, final_id) else {
            return;
        };
        // Programs installed by the package manager bring their own dependencies (a package
        // that speaks TLS depends on or recommends `ca-certificates`); a program copied in
        // from a build stage or another image does not.
        // Without a package manager (scratch, busybox) anything added is the program.
        let no_package_manager = facts.package_manager == PackageManager::None;
        let Some(program) = model.copied_program(final_id, no_package_manager) else {
            return;
        };
        let program_span = program
            .sources
            .iter()
            .find(|s| !is_data_path(&s.value))
            .map_or(program.span, |s| s.span);
        let image = match &root.base {
            BaseImage::Registry(img) => img.text.clone(),
            BaseImage::Scratch => "scratch".to_string(),
            _ => root.base_word.value.clone(),
        };
        // A stage the final image already copies from, whose image has a bundle.
        let in_chain: std::collections::HashSet<StageId> =
            model.chain(final_id).iter().map(|s| s.id).collect();
        let donor = model
            .dependencies(final_id)
            .into_iter()
            .filter(|d| !in_chain.contains(d))
            .map(|d| model.stage(d))
            .find(|s| s.facts.ca_certificates == Some(true));
        let copy_help = match donor {
            Some(s) => format!(
                "`COPY --from={} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`",
                s.display_name()
            ),
            None => "`COPY --from=alpine:3.20 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`"
                .to_string(),
        };
        let help = match facts.package_manager {
            PackageManager::Apt => format!(
                "install it: `apt-get install -y --no-install-recommends ca-certificates`, or {copy_help}"
            ),
            PackageManager::Apk => {
                format!("install it: `apk add --no-cache ca-certificates`, or {copy_help}")
            }
            _ => format!("copy a bundle in: {copy_help}"),
        };
        cx.report(
            &Self::META,
            root.base_word.span,
            format!("the final image `{image}` has no CA certificates and none are added"),
        )
        .primary_label("ships no CA bundle")
        .label(program_span, "a program is copied in here")
        .label(start, "it is started here and cannot verify TLS peers")
        .help(help);
    }
}
