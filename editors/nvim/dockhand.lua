-- dockhand for nvim-lint (https://github.com/mfussenegger/nvim-lint).
-- Put this in your config after nvim-lint is loaded, e.g. ~/.config/nvim/plugin/dockhand.lua,
-- and lint on save with:
--   vim.api.nvim_create_autocmd({ 'BufWritePost', 'BufEnter' }, {
--     callback = function() require('lint').try_lint() end,
--   })
-- The buffer goes to dockhand on standard input; --stdin-filename gives it the buffer's path,
-- so dockhand.toml is found from the file's directory. JSON output gives exact ranges.
local severities = {
  error = vim.diagnostic.severity.ERROR,
  warning = vim.diagnostic.severity.WARN,
  info = vim.diagnostic.severity.INFO,
  style = vim.diagnostic.severity.HINT,
}

-- dockhand counts columns in characters (1-based), Neovim in bytes (0-based).
local function byte_col(bufnr, lnum, column)
  local text = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, false)[1] or ''
  local col = vim.fn.byteidx(text, column - 1)
  return col >= 0 and col or #text
end

require('lint').linters.dockhand = {
  cmd = 'dockhand',
  stdin = true,
  args = {
    '--format', 'json',
    '--stdin-filename', function() return vim.api.nvim_buf_get_name(0) end,
    '-',
  },
  stream = 'stdout',
  ignore_exitcode = true, -- exit code 1 means findings
  parser = function(output, bufnr)
    if output == '' then
      return {}
    end
    local report = vim.json.decode(output)
    local diagnostics = {}
    for _, d in ipairs(report.diagnostics) do
      local help = d.help ~= vim.NIL and ('\nhelp: ' .. d.help) or ''
      table.insert(diagnostics, {
        lnum = d.line - 1,
        col = byte_col(bufnr, d.line - 1, d.column),
        end_lnum = d.end_line - 1,
        end_col = byte_col(bufnr, d.end_line - 1, d.end_column),
        severity = severities[d.severity],
        message = d.message .. help,
        code = d.code,
        source = 'dockhand',
      })
    end
    return diagnostics
  end,
}

require('lint').linters_by_ft.dockerfile = { 'dockhand' }
