" ALE linter for dockhand, the Dockerfile linter.
" Copy to ~/.vim/ale_linters/dockerfile/dockhand.vim (Neovim: ~/.config/nvim/ale_linters/...).
" ALE runs every linter it finds for a filetype unless g:ale_linters says otherwise, e.g.
"   let g:ale_linters = {'dockerfile': ['dockhand', 'hadolint']}
" The buffer goes to dockhand on standard input; --stdin-filename gives it the buffer's path,
" so findings name that file and dockhand.toml is found from its directory.

function! ale_linters#dockerfile#dockhand#Handle(buffer, lines) abort
    let l:types = {'error': 'E', 'warning': 'W', 'note': 'I'}
    let l:pattern = '\v^.{-}:(\d+):(\d+): (error|warning|note): (.*) \[(DH\d+)\]$'
    let l:output = []

    for l:match in ale#util#GetMatches(a:lines, l:pattern)
        let l:lnum = str2nr(l:match[1])
        " dockhand counts columns in characters, Vim in bytes
        let l:text = get(getbufline(a:buffer, l:lnum), 0, '')
        let l:col = byteidx(l:text, str2nr(l:match[2]) - 1) + 1

        call add(l:output, {
        \   'lnum': l:lnum,
        \   'col': l:col > 0 ? l:col : str2nr(l:match[2]),
        \   'type': l:types[l:match[3]],
        \   'text': l:match[4],
        \   'code': l:match[5],
        \})
    endfor

    return l:output
endfunction

call ale#linter#Define('dockerfile', {
\   'name': 'dockhand',
\   'executable': 'dockhand',
\   'command': '%e --format gnu --stdin-filename %s -',
\   'callback': 'ale_linters#dockerfile#dockhand#Handle',
\})
