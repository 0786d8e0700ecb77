-- Test harness for editors/nvim/dockhand.lua, run by editors/verify.sh as
--   nvim --headless -u NONE -c 'luafile test/nvim_lint_harness.lua' DOCKERFILE
-- nvim-lint itself is not installed here, so a stub `lint` module stands in for it. The
-- harness then does what nvim-lint's try_lint does with a linter definition: evaluates
-- function arguments in the buffer, runs `cmd args` in the working directory with the
-- buffer's lines on standard input, hands stdout to `parser(output, bufnr, cwd)` and sets the
-- result with vim.diagnostic.set. It writes vim.diagnostic.get() as JSON to $DH_OUT.
package.loaded['lint'] = { linters = {}, linters_by_ft = {} }
local dir = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h')
dofile(dir .. '/nvim/dockhand.lua')

local lint = require('lint')
assert(vim.deep_equal(lint.linters_by_ft.dockerfile, { 'dockhand' }), 'linters_by_ft.dockerfile')
local linter = lint.linters.dockhand
local bufnr = vim.api.nvim_get_current_buf()

local cmd = { linter.cmd }
for _, a in ipairs(linter.args) do
  table.insert(cmd, type(a) == 'function' and a() or a)
end
local input = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
assert(linter.stdin and linter.stream == 'stdout' and linter.ignore_exitcode)
local output = vim.fn.system(cmd, input)

local ns = vim.api.nvim_create_namespace('dockhand-test')
vim.diagnostic.set(ns, bufnr, linter.parser(output, bufnr, vim.fn.getcwd()))
local got = {}
for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = ns })) do
  table.insert(got, {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, code = d.code, source = d.source, message = d.message,
  })
end
vim.fn.writefile({ vim.fn.json_encode({ cmd = cmd, diagnostics = got }) }, os.getenv('DH_OUT'))
