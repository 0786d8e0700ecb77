//! parse: Dockerfile text to a syntax tree, modelled on BuildKit's parser
//! (buildkit/frontend/dockerfile/parser). Never panics and never stops at the first error:
//! a malformed instruction is recorded with its span and parsing goes on with the next line.
//! No meaning is given here (stages, ARG values, users): that is the model's job.

pub mod ast;
pub mod check;
pub mod dump;
mod instruction;
mod json;
mod lines;
mod words;

pub use ast::*;

use crate::span::{Span, Spanned};
use lines::{
    continuation_keep, is_comment, match_directive, physical_lines, trim_left_len, Logical,
};

/// Parses a whole Dockerfile.
pub fn parse(text: &str) -> Dockerfile {
    Parser::new(text).run()
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<lines::PhysLine>,
    df: Dockerfile,
    directives_done: bool,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines = physical_lines(text);
        // A UTF-8 byte-order mark on the first line is not content.
        if let Some(first) = lines.first_mut() {
            if text.starts_with('\u{feff}') {
                // the BOM is 3 bytes and never contains a line break
                first.start = 3;
                first.content_end = first.content_end.max(3);
            }
        }
        Parser {
            text,
            lines,
            df: Dockerfile {
                escape: '\\',
                ..Dockerfile::default()
            },
            directives_done: false,
        }
    }

    fn content(&self, i: usize) -> (usize, &'a str) {
        let l = self.lines[i];
        (l.start, &self.text[l.start..l.content_end])
    }

    /// BuildKit's `possibleParserDirective`, called on every line it processes.
    fn directive(&mut self, start: usize, line: &str) {
        if self.directives_done {
            return;
        }
        let Some(m) = match_directive(line) else {
            self.directives_done = true;
            return;
        };
        // `escape` and `syntax` are BuildKit's directives; `check` is read by current releases
        // (BuildKit v0.14 and later), so it does not end the directive block here either.
        let known = matches!(m.name.as_str(), "escape" | "syntax" | "check");
        if !known {
            self.directives_done = true;
            return;
        }
        let span = Span::new(start, start + line.len());
        let value_span = Span::new(start + m.value_range.0, start + m.value_range.1);
        let value = line[m.value_range.0..m.value_range.1].to_string();
        if self.df.directives.iter().any(|d| d.name == m.name) {
            self.df.errors.push(ParseError {
                message: format!("only one {} parser directive can be used", m.name),
                span,
                help: Some("remove the repeated directive".to_string()),
            });
            return;
        }
        if m.name == "escape" {
            match value.as_str() {
                "\\" => self.df.escape = '\\',
                "`" => self.df.escape = '`',
                _ => self.df.errors.push(ParseError {
                    message: format!("invalid escape token '{value}' does not match ` or \\"),
                    span: value_span,
                    help: Some("use `# escape=\\` or `# escape=`` ` ``".to_string()),
                }),
            }
        }
        self.df.directives.push(Directive {
            name: m.name,
            value: Spanned::new(value, value_span),
            span,
        });
    }

    fn comment(&mut self, start: usize, line: &str, line_no: usize) {
        let lead = trim_left_len(line);
        let text = line[lead + 1..].trim().to_string();
        self.df.comments.push(Comment {
            text,
            span: Span::new(start + lead, start + line.len()),
            line: line_no,
        });
    }

    fn run(mut self) -> Dockerfile {
        let n = self.lines.len();
        let mut i = 0;
        while i < n {
            let (start, raw) = self.content(i);
            let lead = trim_left_len(raw);
            let token = &raw[lead..];
            let comment = is_comment(raw);
            if comment {
                self.comment(start, raw, i + 1);
            }
            self.directive(start + lead, token);
            let first_line = i;
            i += 1;
            let token = if comment { "" } else { token };
            let escape = self.df.escape;
            let mut lg = Logical::default();
            let mut eol = match continuation_keep(token, escape) {
                Some(keep) => {
                    lg.push(start + lead, &token[..keep]);
                    false
                }
                None => {
                    lg.push(start + lead, token);
                    true
                }
            };
            if eol && lg.text.is_empty() {
                continue;
            }
            while !eol && i < n {
                let (s2, raw2) = self.content(i);
                self.directive(s2, raw2);
                i += 1;
                if is_comment(raw2) {
                    self.comment(s2, raw2, i);
                    continue;
                }
                if raw2.trim_start_matches(char::is_whitespace).is_empty() {
                    self.df.warnings.push(ParseError {
                        message: "empty continuation line".to_string(),
                        span: Span::new(s2, s2 + raw2.len()),
                        help: Some(
                            "remove the empty line: empty continuation lines will become errors in a future Docker release"
                                .to_string(),
                        ),
                    });
                    continue;
                }
                match continuation_keep(raw2, escape) {
                    Some(keep) => lg.push(s2, &raw2[..keep]),
                    None => {
                        lg.push(s2, raw2);
                        eol = true;
                    }
                }
            }
            let mut ins =
                instruction::parse_instruction(&lg, 0, escape, false, &mut self.df.errors);
            ins.start_line = first_line + 1;
            // BuildKit v0.12.5 reads heredocs for RUN, COPY and ADD in shell form only (not
            // inside ONBUILD).
            if matches!(ins.kind, Kind::Run | Kind::Copy | Kind::Add) && !ins.is_json() {
                i = self.heredocs(&lg, &mut ins, i);
            }
            ins.end_line = i;
            if let Some(h) = ins.heredocs.last() {
                ins.span.end = h.terminator.end.max(h.body.end);
            }
            self.df.instructions.push(ins);
        }
        if self.df.instructions.is_empty() {
            let end = self.text.len();
            self.df.errors.push(ParseError {
                message: "file with no instructions".to_string(),
                span: Span::new(end, end),
                help: Some("a Dockerfile needs at least a FROM instruction".to_string()),
            });
        }
        self.df
    }

    /// Reads the bodies of the heredocs the instruction line announces; returns the index of
    /// the first line after them.
    fn heredocs(&mut self, lg: &Logical, ins: &mut Instruction, mut i: usize) -> usize {
        let markers = match words::heredoc_markers(&lg.text) {
            Ok(m) => m,
            Err(message) => {
                self.df.errors.push(ParseError {
                    message,
                    span: ins.span,
                    help: Some("use the same quote before and after the heredoc name".to_string()),
                });
                return i;
            }
        };
        let n = self.lines.len();
        for m in markers {
            let body_start = self.lines.get(i).map_or(self.text.len(), |l| l.start);
            let mut content = String::new();
            let mut terminator = None;
            while i < n {
                let l = self.lines[i];
                i += 1;
                let line = &self.text[l.start..l.content_end];
                let candidate = if m.chomp {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                if candidate == m.name {
                    terminator = Some(Span::new(l.start, l.content_end));
                    break;
                }
                content.push_str(&self.text[l.start..l.end]);
            }
            let marker = lg.span(m.start, m.end);
            let body_end = body_start + content.len();
            let terminator = match terminator {
                Some(t) => t,
                None => {
                    self.df.errors.push(ParseError {
                        message: format!("unterminated heredoc: no line `{}` closes it", m.name),
                        span: marker,
                        help: Some(format!(
                            "end the heredoc with a line holding only `{}`",
                            m.name
                        )),
                    });
                    Span::empty(self.text.len())
                }
            };
            ins.heredocs.push(Heredoc {
                name: m.name,
                content,
                chomp: m.chomp,
                expand: m.expand,
                fd: m.fd,
                marker,
                body: Span::new(body_start, body_end),
                terminator,
            });
        }
        i
    }
}

#[cfg(test)]
mod tests;
