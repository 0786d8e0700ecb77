-- Neovim 0.7+ headless: start `dockhand server` with the built-in client, open a Dockerfile,
-- wait for the DH004 diagnostic at its UTF-16 range, apply the "Ignore DH004 for this
-- instruction" quick fix and wait for the finding to go away. Exits 0 on success, 1 with a
-- FAIL line otherwise. Run by editors/lsp-e2e.sh:
--   DOCKHAND=... FILE=.../Dockerfile nvim --headless -u NONE -i NONE -n -c 'luafile nvim_test.lua'
local function fail(msg)
  io.stderr:write("FAIL: " .. msg .. "\n")
  vim.cmd("cquit 1")
end
local file = os.getenv("FILE")
vim.cmd("edit " .. file)
vim.bo.filetype = "dockerfile"
local bufnr = vim.api.nvim_get_current_buf()
-- keep the raw LSP diagnostics, as the server sent them, to send back with the code action
local raw_diagnostics = {}
local publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  raw_diagnostics = result.diagnostics
  return publish(err, result, ctx, config)
end
local client_id = vim.lsp.start_client({
  name = "dockhand",
  cmd = { os.getenv("DOCKHAND") or "dockhand", "server" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
})
if not client_id then
  fail("the server did not start")
end
vim.lsp.buf_attach_client(bufnr, client_id)
local function dh004()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == "DH004" then
      return d
    end
  end
end
if not vim.wait(10000, function() return dh004() ~= nil end, 50) then
  fail("no DH004 diagnostic")
end
local d = dh004()
-- vim.diagnostic columns are byte columns, converted from the server's UTF-16 positions
if d.lnum ~= 1 or d.col ~= 12 or d.end_col ~= 19 then
  fail(string.format("DH004 at %d:%d-%d, expected 1:12-19 (bytes)", d.lnum, d.col, d.end_col))
end
local client = vim.lsp.get_client_by_id(client_id)
local raw
for _, r in ipairs(raw_diagnostics) do
  if r.code == "DH004" then
    raw = r
  end
end
if not raw then
  fail("the raw DH004 diagnostic was not kept")
end
-- the server's range counts UTF-16 units: `buildé` ends at 18
if raw.range["end"].character ~= 18 then
  fail("DH004 ends at UTF-16 column " .. raw.range["end"].character .. ", expected 18")
end
local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = raw.range,
  context = { diagnostics = { raw }, only = { "quickfix" } },
}
local results = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 10000)
local action
for _, res in pairs(results or {}) do
  for _, a in ipairs(res.result or {}) do
    if a.title == "Ignore DH004 for this instruction" then
      action = a
    end
  end
end
if not action then
  fail("no 'Ignore DH004 for this instruction' code action: " .. vim.inspect(results) .. " params " .. vim.inspect(params))
end
vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
local want = { "FROM alpine:3.22", "# dockhand ignore=DH004", "COPY --from=buildé /a /b" }
if vim.inspect(lines) ~= vim.inspect(want) then
  fail("buffer after the fix: " .. vim.inspect(lines))
end
if not vim.wait(10000, function() return dh004() == nil end, 50) then
  fail("DH004 still reported after the fix")
end
print("PASS: Neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor))
vim.cmd("qall!")
