//! Starts `dockhand server` for Dockerfiles in Zed. Zed only runs language servers that an
//! extension declares, so this is the whole extension: find `dockhand` on the worktree's PATH,
//! and hand the `lsp.dockhand.settings` of Zed's settings to the server as its `dockhand`
//! section (`select`, `ignore`, `configuration`, ...), which it reads through
//! `workspace/configuration`.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings};

struct Dockhand;

impl zed::Extension for Dockhand {
    fn new() -> Self {
        Dockhand
    }

    fn language_server_command(
        &mut self,
        _id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let command = worktree
            .which("dockhand")
            .ok_or("dockhand is not on PATH (pip install dockhand-lint, or cargo install --path .)")?;
        Ok(zed::Command {
            command,
            args: vec!["server".to_string()],
            env: Vec::new(),
        })
    }

    fn language_server_workspace_configuration(
        &mut self,
        _id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree("dockhand", worktree)
            .ok()
            .and_then(|s| s.settings)
            .unwrap_or_default();
        Ok(Some(serde_json::json!({ "dockhand": settings })))
    }
}

zed::register_extension!(Dockhand);
