//! The tokenizer's second half: here-document bodies, parentheses and redirections, words,
//! `$` expansions and quoting, and what ends a word.

use super::*;

impl Lexer<'_> {
    pub(super) fn read_heredoc_bodies(&mut self) {
        if self.heredocs.is_empty() {
            return;
        }
        let docs = std::mem::take(&mut self.heredocs);
        for (delim, strip_tabs) in docs {
            while self.i < self.b.len() {
                let line_end = self.s[self.i..]
                    .find('\n')
                    .map_or(self.b.len(), |k| self.i + k);
                let mut line = &self.s[self.i..line_end];
                self.i = (line_end + 1).min(self.b.len());
                if strip_tabs {
                    line = line.trim_start_matches('\t');
                }
                if line.strip_suffix('\r').unwrap_or(line) == delim {
                    break;
                }
            }
            // A body cut off by the end of input is normal: BuildKit hands `RUN <<EOF` bodies
            // over separately from the command line.
        }
    }

    pub(super) fn open_paren(&mut self) {
        let start = self.i;
        if self.in_case(CaseState::Pattern) {
            self.i += 1; // optional `(` before a pattern
            return;
        }
        // `()` after a function name, or after `function name`.
        let mut k = start + 1;
        while matches!(self.b.get(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        let empty_parens = self.b.get(k) == Some(&b')');
        if self.lv.cur.at_command_position() {
            if empty_parens {
                self.i = k + 1;
                return;
            }
            if self.peek(1) == Some(b'(') && start >= self.no_arith_until {
                if let Some(end) = self.arith_end(start + 2) {
                    self.i = end; // `(( … ))` arithmetic command
                    return;
                }
                self.push_compound(Kind::Paren, start);
                self.push_compound(Kind::Paren, start + 1);
                self.i = start + 2;
                return;
            }
            self.push_compound(Kind::Paren, start);
            self.i = start + 1;
            return;
        }
        if empty_parens && self.lv.cur.words.len() == 1 && self.lv.cur.assignments.is_empty() {
            // `name() { …; }`: the name is not a command.
            self.lv.cur = CmdBuf::default();
            self.i = k + 1;
            return;
        }
        self.error("unexpected `(`", start..start + 1);
        self.i += 1;
    }

    /// After `((` or `$((` (at `from`), the end of the matching `))`, if the parentheses close
    /// as a pair. Otherwise remembers how far it looked so that no `((` inside is scanned again.
    pub(super) fn arith_end(&mut self, from: usize) -> Option<usize> {
        let mut depth = 2usize;
        let mut k = from;
        while k < self.b.len() {
            match self.b[k] {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 1 {
                        if self.b.get(k + 1) == Some(&b')') {
                            return Some(k + 2);
                        }
                        self.no_arith_until = k;
                        return None;
                    }
                }
                b'\\' => k += 1,
                _ => {}
            }
            k += 1;
        }
        self.no_arith_until = self.b.len();
        None
    }

    pub(super) fn close_paren(&mut self) {
        let start = self.i;
        if let Some((Kind::Case, _, case)) = self.top_compound() {
            if *case == CaseState::Pattern {
                *case = CaseState::Body;
                self.i += 1;
                return;
            }
        }
        self.finish_cmd(Connector::Seq);
        if self.lv.open[Kind::Paren as usize] > 0 {
            self.close_compound(Kind::Paren, start..start + 1);
            self.i = start + 1;
        } else if matches!(
            self.lv.subst,
            Some(SubstKind::Dollar) | Some(SubstKind::Process)
        ) {
            self.pop_subst(start + 1);
        } else {
            self.error("unexpected `)`", start..start + 1);
            self.i = start + 1;
        }
    }

    pub(super) fn redirect(&mut self) {
        let start = self.i;
        let c = self.b[start];
        if self.peek(1) == Some(b'(') {
            // `<( … )` / `>( … )`: a word made of a process substitution.
            self.push_subst(SubstKind::Process, start, start + 2);
            return;
        }
        let mut redir = Redir::Target;
        self.i += 1;
        if c == b'<' && self.peek(0) == Some(b'<') {
            self.i += 1;
            match self.peek(0) {
                Some(b'<') => self.i += 1, // here-string: target is a word
                Some(b'-') => {
                    self.i += 1;
                    redir = Redir::HereDoc { strip_tabs: true };
                }
                _ => redir = Redir::HereDoc { strip_tabs: false },
            }
        } else if matches!(self.peek(0), Some(b'&' | b'>' | b'|'))
            || (c == b'<' && self.peek(0) == Some(b'>'))
        {
            self.i += 1;
        }
        self.lv.cur.touch(start, self.i);
        self.lv.redir = redir;
    }

    // --- words -------------------------------------------------------------------------------

    pub(super) fn push_char(&mut self) {
        let len = utf8_len(self.b[self.i]).min(self.b.len() - self.i);
        if let (Some(w), Some(ch)) = (self.lv.word.as_mut(), self.s.get(self.i..self.i + len)) {
            w.text.push_str(ch);
        }
        self.i += len.max(1);
    }

    pub(super) fn word_mut(&mut self) -> &mut WordBuf {
        self.lv.word.get_or_insert_with(|| WordBuf {
            text: String::new(),
            start: 0,
            quoted: false,
            exp: false,
        })
    }

    /// Reads one piece of the current word.
    pub(super) fn word_step(&mut self) {
        let c = self.b[self.i];
        if self.lv.dq.is_some() {
            match c {
                b'"' => {
                    self.lv.dq = None;
                    self.i += 1;
                }
                b'\\' => match self.peek(1) {
                    Some(b'\n') => self.i += 2,
                    Some(n @ (b'$' | b'`' | b'"' | b'\\')) => {
                        self.word_mut().text.push(n as char);
                        self.i += 2;
                    }
                    _ => {
                        self.word_mut().text.push('\\');
                        self.i += 1;
                    }
                },
                b'$' => self.dollar(),
                b'`' => self.backtick(),
                _ => self.push_char(),
            }
            return;
        }
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'<' | b'>' => self.end_word(),
            b'(' | b')' | b'|' if self.lv.cond => self.push_char(),
            b'(' if self.is_array_assignment() => self.array_value(),
            b'(' | b')' | b'|' => self.end_word(),
            b'\'' => {
                let start = self.i;
                let src = self.s;
                self.word_mut().quoted = true;
                match src[start + 1..].find('\'') {
                    Some(k) => {
                        let body = &src[start + 1..start + 1 + k];
                        self.word_mut().text.push_str(body);
                        self.i = start + k + 2;
                    }
                    None => {
                        let body = &src[start + 1..];
                        self.word_mut().text.push_str(body);
                        self.i = self.b.len();
                        self.error("unterminated single quote", start..self.i);
                    }
                }
            }
            b'"' => {
                self.word_mut().quoted = true;
                self.lv.dq = Some(self.i);
                self.i += 1;
            }
            b'\\' => match self.peek(1) {
                Some(b'\n') => self.i += 2,
                Some(_) => {
                    self.word_mut().quoted = true;
                    self.i += 1;
                    self.push_char();
                }
                None => {
                    self.word_mut().text.push('\\');
                    self.i += 1;
                }
            },
            b'$' => self.dollar(),
            b'`' => self.backtick(),
            _ => self.push_char(),
        }
    }

    /// `NAME=(` at command position: a bash array value.
    pub(super) fn is_array_assignment(&self) -> bool {
        let Some(w) = &self.lv.word else { return false };
        if !self.lv.cur.at_command_position() {
            return false;
        }
        let raw = &self.b[w.start..self.i];
        raw.len() >= 2
            && raw.last() == Some(&b'=')
            && is_name_start(raw[0])
            && raw[..raw.len() - 1]
                .iter()
                .enumerate()
                .all(|(k, &c)| is_name_char(c) || (c == b'+' && k == raw.len() - 2))
    }

    /// Reads `( … )` of an array assignment into the word, as written.
    pub(super) fn array_value(&mut self) {
        let start = self.i;
        let mut depth = 0usize;
        let mut k = start;
        while k < self.b.len() {
            match self.b[k] {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        k += 1;
                        break;
                    }
                }
                b'\\' => k += 1,
                b'\'' | b'"' => {
                    let q = self.b[k];
                    k += 1;
                    while k < self.b.len() && self.b[k] != q {
                        k += 1;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        let k = k.min(self.b.len());
        // `k` only stops after ASCII bytes or at the end, so it is a char boundary.
        let raw = self.s.get(start..k).unwrap_or("");
        if let Some(w) = self.lv.word.as_mut() {
            w.text.push_str(raw);
        }
        self.i = k;
    }

    pub(super) fn dollar(&mut self) {
        let start = self.i;
        let in_dq = self.lv.dq.is_some();
        match self.peek(1) {
            Some(b'\'') if !in_dq => self.ansi_c_quote(),
            Some(b'"') if !in_dq => {
                // `$"…"`: a translatable string, read as a double-quoted one.
                self.word_mut().quoted = true;
                self.lv.dq = Some(start + 1);
                self.i += 2;
            }
            Some(b'(') => {
                if self.peek(2) == Some(b'(') {
                    let end = self.arith_end(start + 3).unwrap_or_else(|| {
                        // Not closed as `))`: take it as arithmetic to the end all the same.
                        self.no_arith_until.max(start + 3).min(self.b.len())
                    });
                    self.take_raw(start, end);
                } else {
                    self.push_subst(SubstKind::Dollar, start, start + 2);
                }
            }
            Some(b'{') => {
                let end = self.braced_end(start + 2);
                self.take_raw(start, end);
            }
            Some(c) if is_name_start(c) => {
                let mut k = start + 1;
                while k < self.b.len() && is_name_char(self.b[k]) {
                    k += 1;
                }
                self.take_raw(start, k);
            }
            Some(c) if c.is_ascii_digit() || b"@*#?$!-".contains(&c) => {
                self.take_raw(start, start + 2);
            }
            _ => {
                self.word_mut().text.push('$');
                self.i += 1;
            }
        }
    }

    /// Appends `s[start..end]` (an expansion) to the word as written.
    pub(super) fn take_raw(&mut self, start: usize, end: usize) {
        let end = end.min(self.b.len());
        let raw = self.s.get(start..end).unwrap_or("");
        let w = self.word_mut();
        w.text.push_str(raw);
        w.exp = true;
        self.i = end.max(start + 1);
    }

    /// After `${` at `from`: the end of the matching `}`.
    pub(super) fn braced_end(&mut self, from: usize) -> usize {
        let mut depth = 1usize;
        let mut k = from;
        while k < self.b.len() {
            match self.b[k] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return k + 1;
                    }
                }
                b'\\' => k += 1,
                b'"' | b'\'' => {
                    let q = self.b[k];
                    k += 1;
                    while k < self.b.len() && self.b[k] != q {
                        if q == b'"' && self.b[k] == b'\\' {
                            k += 1;
                        }
                        k += 1;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        self.error("`${` is not closed by `}`", from - 2..self.b.len());
        self.b.len()
    }

    /// `$'…'`: resolves the common C escapes.
    pub(super) fn ansi_c_quote(&mut self) {
        let start = self.i;
        let mut k = start + 2;
        let mut text = String::new();
        let mut closed = false;
        while k < self.b.len() {
            match self.b[k] {
                b'\'' => {
                    closed = true;
                    k += 1;
                    break;
                }
                b'\\' if k + 1 < self.b.len() => {
                    let e = self.b[k + 1];
                    let simple = match e {
                        b'n' => Some('\n'),
                        b't' => Some('\t'),
                        b'r' => Some('\r'),
                        b'a' => Some('\x07'),
                        b'b' => Some('\x08'),
                        b'e' | b'E' => Some('\x1b'),
                        b'f' => Some('\x0c'),
                        b'v' => Some('\x0b'),
                        b'\\' | b'\'' | b'"' | b'?' => Some(e as char),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        text.push(ch);
                        k += 2;
                    } else if e == b'x' {
                        let mut v = 0u32;
                        let mut n = 0;
                        while n < 2 && k + 2 + n < self.b.len() {
                            match (self.b[k + 2 + n] as char).to_digit(16) {
                                Some(d) => v = v * 16 + d,
                                None => break,
                            }
                            n += 1;
                        }
                        if n == 0 {
                            text.push_str("\\x");
                        } else {
                            text.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                        }
                        k += 2 + n;
                    } else {
                        text.push('\\');
                        k += 1;
                    }
                }
                c => {
                    let len = utf8_len(c).min(self.b.len() - k);
                    text.push_str(self.s.get(k..k + len).unwrap_or(""));
                    k += len.max(1);
                }
            }
        }
        let k = k.min(self.b.len());
        if !closed {
            self.error("unterminated `$'` quote", start..k);
        }
        let w = self.word_mut();
        w.text.push_str(&text);
        w.quoted = true;
        self.i = k;
    }

    pub(super) fn backtick(&mut self) {
        if self.lv.subst == Some(SubstKind::Backtick) {
            // Closes the substitution this level is in.
            let end = self.i + 1;
            self.pop_subst(end);
        } else {
            let start = self.i;
            self.push_subst(SubstKind::Backtick, start, start + 1);
        }
    }

    /// The current word ends at `self.i` (not consumed): decide what it is.
    pub(super) fn end_word(&mut self) {
        let Some(w) = self.lv.word.take() else { return };
        let end = self.i;
        let word = Word {
            text: w.text,
            range: w.start..end,
            quoted: w.quoted,
            has_expansion: w.exp,
        };
        let plain = !word.quoted && !word.has_expansion;

        match self.lv.redir {
            Redir::Target => {
                self.lv.redir = Redir::None;
                self.lv.cur.touch(word.range.start, end);
                return;
            }
            Redir::HereDoc { strip_tabs } => {
                self.lv.redir = Redir::None;
                self.lv.cur.touch(word.range.start, end);
                if self.heredocs.len() < 1024 {
                    self.heredocs.push((word.text, strip_tabs));
                }
                return;
            }
            Redir::None => {}
        }

        if let Some((kind, header, case)) = self.top_compound() {
            if kind == Kind::Loop && *header {
                if plain && word.text == "do" {
                    *header = false;
                }
                return;
            }
            if kind == Kind::Case && *case == CaseState::Header {
                if plain && word.text == "in" {
                    *case = CaseState::Pattern;
                }
                return;
            }
            if kind == Kind::Case && *case == CaseState::Pattern {
                if plain && word.text == "esac" {
                    self.close_compound(Kind::Case, word.range);
                }
                return;
            }
        }

        // `2>file`: the digits are the file descriptor.
        if plain
            && matches!(self.peek(0), Some(b'<' | b'>'))
            && word.text.bytes().all(|c| c.is_ascii_digit())
        {
            self.lv.cur.touch(word.range.start, end);
            return;
        }

        if self.lv.fn_name {
            self.lv.fn_name = false;
            return;
        }

        if plain && self.lv.cur.at_command_position() && self.keyword(&word) {
            return;
        }
        if plain && self.lv.cond && word.text == "]]" {
            self.lv.cond = false;
        }

        self.lv.cur.touch(word.range.start, end);
        if self.lv.cur.words.is_empty() {
            if let Some(eq) = assignment_name_len(self.s.get(word.range.clone()).unwrap_or("")) {
                // The name and `=` are plain ASCII in the source, so the same bytes lead the
                // unquoted text.
                let name_len = if self.b[word.range.start + eq - 1] == b'+' {
                    eq - 1
                } else {
                    eq
                };
                let name = word.text.get(..name_len).unwrap_or("").to_string();
                let value = Word {
                    text: word.text.get(eq + 1..).unwrap_or("").to_string(),
                    range: word.range.start + eq + 1..end,
                    quoted: word.quoted,
                    has_expansion: word.has_expansion,
                };
                self.lv.cur.assignments.push(Assignment { name, value });
                return;
            }
            if word.text == "[[" && plain {
                self.lv.cond = true;
            }
        }
        self.lv.cur.words.push(word);
    }

    /// Handles a reserved word at command position; false if `word` is not one.
    pub(super) fn keyword(&mut self, word: &Word) -> bool {
        let at = word.range.clone();
        match word.text.as_str() {
            "if" => self.push_compound(Kind::If, at.start),
            "while" | "until" => self.push_compound(Kind::Loop, at.start),
            "for" | "select" => {
                self.push_compound(Kind::Loop, at.start);
                if let Some(Ctx::Compound { header, .. }) = self.ctx.last_mut() {
                    *header = true;
                }
                // `for (( i = 0; i < n; i++ ))`
                let mut k = self.i;
                while matches!(self.b.get(k), Some(b' ' | b'\t')) {
                    k += 1;
                }
                if self.b.get(k) == Some(&b'(') && self.b.get(k + 1) == Some(&b'(') {
                    if let Some(end) = self.arith_end(k + 2) {
                        self.i = end;
                    }
                }
            }
            "case" => self.push_compound(Kind::Case, at.start),
            "{" => self.push_compound(Kind::Brace, at.start),
            "then" | "else" | "elif" | "do" | "!" | "time" => {}
            "fi" => {
                self.close_compound(Kind::If, at);
            }
            "done" => {
                self.close_compound(Kind::Loop, at);
            }
            "esac" => {
                self.close_compound(Kind::Case, at);
            }
            "}" => {
                self.close_compound(Kind::Brace, at);
            }
            "function" => self.lv.fn_name = true,
            _ => return false,
        }
        true
    }
}

/// If `raw` (a word as written) starts with `NAME=` or `NAME+=`, the byte index of the `=`.
fn assignment_name_len(raw: &str) -> Option<usize> {
    let b = raw.as_bytes();
    if !is_name_start(*b.first()?) {
        return None;
    }
    let mut k = 1;
    while k < b.len() && is_name_char(b[k]) {
        k += 1;
    }
    match (b.get(k), b.get(k + 1)) {
        (Some(b'='), _) => Some(k),
        (Some(b'+'), Some(b'=')) => Some(k + 1),
        _ => None,
    }
}
