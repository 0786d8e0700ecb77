"""`dockhand server` against pytest-lsp's recorded client capabilities (VS Code 1.65, Neovim 0.7
and 0.11, Emacs 29): open a Dockerfile, receive the finding at the right range in the encoding
the client negotiated, ask for code actions, apply the suppression quick fix, and see the
finding go away. Run by editors/lsp-e2e.sh."""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = [os.environ.get("DOCKHAND", "dockhand"), "server"]
EDITORS = ["visual-studio-code", "neovim@v0.7.0", "neovim", "emacs"]
# `buildé` is 7 UTF-8 bytes and 6 UTF-16 units: the end column tells the encodings apart
TEXT = "FROM alpine:3.22\nCOPY --from=buildé /a /b\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=EDITORS)
async def client(request, lsp_client: LanguageClient, tmp_path_factory):
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(params):
        return None

    root = tmp_path_factory.mktemp("proj")
    lsp_client.root = root
    lsp_client.editor = request.param
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="proj")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def apply_edits(text: str, edits, utf8: bool) -> str:
    """Applies non-overlapping text edits; positions in UTF-8 bytes or UTF-16 units."""
    lines = text.split("\n")

    def offset(pos):
        line = lines[pos.line] if pos.line < len(lines) else ""
        start = sum(len(l) + 1 for l in lines[: pos.line])
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return start + i
            units += len(ch.encode("utf-8")) if utf8 else len(ch.encode("utf-16-le")) // 2
        return start + len(line)

    for e in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        a, b = offset(e.range.start), offset(e.range.end)
        text = text[:a] + e.new_text + text[b:]
    return text


def edits_for(edit: types.WorkspaceEdit, uri: str):
    if edit.changes:
        return edit.changes[uri]
    out = []
    for change in edit.document_changes or []:
        if getattr(change, "text_document", None) and change.text_document.uri == uri:
            out.extend(change.edits)
    return out


@pytest.mark.asyncio
async def test_diagnostic_then_suppression_quick_fix(client: LanguageClient):
    path = pathlib.Path(client.root) / "Dockerfile"
    path.write_text(TEXT, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="dockerfile", version=1, text=TEXT)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diags = [d for d in client.diagnostics[uri] if d.code == "DH004"]
    assert len(diags) == 1, client.diagnostics[uri]
    d = diags[0]
    # the server takes UTF-8 when the client offers it, else UTF-16, and says which
    offered = (client.capabilities.general and client.capabilities.general.position_encodings) or []
    negotiated = client.init_result.capabilities.position_encoding
    utf8 = types.PositionEncodingKind.Utf8 in offered
    assert negotiated == (types.PositionEncodingKind.Utf8 if utf8 else types.PositionEncodingKind.Utf16)
    assert (d.range.start.line, d.range.start.character) == (1, 12)
    assert (d.range.end.line, d.range.end.character) == (1, 19 if utf8 else 18), (client.editor, d.range)
    assert d.severity == types.DiagnosticSeverity.Warning
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=d.range,
            context=types.CodeActionContext(diagnostics=[d]),
        )
    )
    titles = [a.title for a in actions]
    action = next(a for a in actions if a.title == "Ignore DH004 for this instruction")
    assert "Ignore DH004 in this file" in titles, titles
    new_text = apply_edits(TEXT, edits_for(action.edit, uri), utf8)
    assert new_text == "FROM alpine:3.22\n# dockhand ignore=DH004\nCOPY --from=buildé /a /b\n", new_text
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=new_text)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == []
