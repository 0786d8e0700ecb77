" Vim compiler plugin for dockhand, the Dockerfile linter.
" Copy to ~/.vim/compiler/dockhand.vim (Neovim: ~/.config/nvim/compiler/), then in a
" Dockerfile run  :compiler dockhand  and  :make  (findings go to the quickfix list, :copen).
if exists('current_compiler')
  finish
endif
let current_compiler = 'dockhand'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

" `:make` lints the current file.
CompilerSet makeprg=dockhand\ --format\ gnu\ %:S
" file:line:col: error|warning|note: message [CODE], and file: error: message for a file
" that could not be read. Vim counts columns in bytes, dockhand in characters: on a line with
" non-ASCII text before a finding, the cursor lands a little to the left of it.
CompilerSet errorformat=%f:%l:%c:\ %trror:\ %m,%f:%l:%c:\ %tarning:\ %m,%f:%l:%c:\ %tote:\ %m,%f:\ %trror:\ %m
