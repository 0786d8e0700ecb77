//! One logical line to one `Instruction`: BuildKit's `newNodeFromLine` (keyword, builder
//! flags) and its per-instruction line parsers (`parseMaybeJSON`, `parseNameVal`, ...).

use super::ast::{ArgForm, Flag, Instruction, Kind, ParseError, Word};
use super::json::{parse_array, JsonArray};
use super::lines::{trim_left_len, Logical};
use super::words::{byte_is_space, extract_flags, parse_words, split_ws, split_ws_once};
use crate::span::{Span, Spanned};

/// Parses the logical line `lg.text[from..]` into an instruction. Errors do not stop it: the
/// instruction comes back with what could be read, and the errors beside it.
pub(crate) fn parse_instruction(
    lg: &Logical,
    from: usize,
    escape: char,
    nested: bool,
    errors: &mut Vec<ParseError>,
) -> Instruction {
    let text = &lg.text[from..];
    // strings.TrimSpace, then split the keyword off at the first run of [\t\v\f\r ].
    let lead = trim_left_len(text);
    let trimmed = text[lead..].trim_end_matches(char::is_whitespace);
    let base = from + lead;
    let (kw_end, rest_start) = split_ws_once(trimmed);
    let keyword = &trimmed[..kw_end];
    let cmd = keyword.to_lowercase();
    let kind = Kind::from_keyword(&cmd);

    let after_kw = rest_start.unwrap_or(trimmed.len());
    let tail = &trimmed[after_kw..];
    let (args_at, raw_flags) = extract_flags(tail);
    let flags: Vec<Flag> = raw_flags
        .iter()
        .map(|w| make_flag(lg, base + after_kw, tail, w.start, w.end, &w.text))
        .collect();
    let args_text = &tail[args_at..];
    let args_lead = trim_left_len(args_text);
    let rest = args_text[args_lead..].trim_end_matches(char::is_whitespace);
    let rest_off = base + after_kw + args_at + args_lead;
    let span = lg.span(base, base + trimmed.len());
    // An empty rest at the end of the text maps, as an empty span on a piece boundary, to the
    // start of the next piece: after the continuation lines that follow the keyword, outside
    // the instruction (`FROM\` then ` \`). It sits at the instruction's end instead.
    let mut rest_span = lg.span(rest_off, rest_off + rest.len());
    if rest.is_empty() && rest_span.start > span.end {
        rest_span = Span::new(span.end, span.end);
    }
    let rest_word = Spanned::new(rest.to_string(), rest_span);

    let mut ins = Instruction {
        kind,
        cmd,
        keyword: lg.span(base, base + kw_end),
        flags,
        form: ArgForm::Empty,
        args: Vec::new(),
        rest: rest_word,
        rest_map: lg.sub_map(rest_off, rest_off + rest.len()),
        heredocs: Vec::new(),
        span,
        start_line: 0,
        end_line: 0,
        sub: None,
    };
    let word = |s: usize, e: usize, t: String| Spanned::new(t, lg.span(rest_off + s, rest_off + e));
    let err = |errors: &mut Vec<ParseError>, message: String, help: Option<&str>| {
        errors.push(ParseError {
            message,
            span: ins_span_for_error(lg, base, trimmed.len()),
            help: help.map(str::to_string),
        })
    };

    match kind {
        Kind::Run | Kind::Cmd | Kind::Entrypoint | Kind::Shell => {
            if let Some((form, args)) = maybe_json(rest, &word, errors, lg, base, trimmed.len()) {
                ins.form = form;
                ins.args = args;
            }
        }
        Kind::Add | Kind::Copy | Kind::Volume => {
            if !rest.is_empty() || kind != Kind::Volume {
                match parse_array(rest) {
                    JsonArray::Strings(v) => {
                        ins.form = ArgForm::Json;
                        ins.args = v.into_iter().map(|(t, s, e)| word(s, e, t)).collect();
                    }
                    JsonArray::NotStrings => {
                        err(errors, NOT_STRINGS.to_string(), Some(NOT_STRINGS_HELP));
                    }
                    JsonArray::Invalid => whitespace_words(&mut ins, rest, &word),
                }
            }
        }
        Kind::From | Kind::Expose => whitespace_words(&mut ins, rest, &word),
        Kind::Arg => {
            ins.args = parse_words(rest, escape)
                .into_iter()
                .map(|w| word(w.start, w.end, w.text))
                .collect();
            ins.form = if ins.args.is_empty() {
                ArgForm::Empty
            } else {
                ArgForm::Words
            };
        }
        Kind::Env | Kind::Label => {
            let key = if kind == Kind::Env { "ENV" } else { "LABEL" };
            let words = parse_words(rest, escape);
            if let Some(first) = words.first() {
                ins.form = ArgForm::Pairs;
                if !first.text.contains('=') {
                    // legacy `ENV key value`: the value is the raw rest of the line
                    let (k_end, v_start) = split_ws_once(rest);
                    match v_start {
                        Some(v) => {
                            ins.args.push(word(0, k_end, rest[..k_end].to_string()));
                            ins.args.push(word(v, rest.len(), rest[v..].to_string()));
                        }
                        None => err(
                            errors,
                            format!("{key} must have two arguments"),
                            Some("write `KEY=value` (or the legacy `KEY value`)"),
                        ),
                    }
                } else {
                    for w in &words {
                        match w.text.split_once('=') {
                            Some((k, v)) => {
                                // The key is written before any quote, so its raw length in
                                // the source equals its length here.
                                let ks = w.start;
                                ins.args.push(word(ks, ks + k.len(), k.to_string()));
                                ins.args.push(word(ks + k.len() + 1, w.end, v.to_string()));
                            }
                            None => {
                                errors.push(ParseError {
                                    message: format!(
                                        "Syntax error - can't find = in {:?}. Must be of the form: name=value",
                                        w.text
                                    ),
                                    span: lg.span(rest_off + w.start, rest_off + w.end),
                                    help: Some(format!(
                                        "every word after {key} must be `name=value`; quote values that contain spaces"
                                    )),
                                });
                            }
                        }
                    }
                }
            }
        }
        Kind::Healthcheck => {
            let b = rest.as_bytes();
            let sep = b.iter().position(|&c| byte_is_space(c)).unwrap_or(b.len());
            if sep > 0 {
                let mut next = sep;
                while next < b.len() && byte_is_space(b[next]) {
                    next += 1;
                }
                let typ = String::from_utf8_lossy(&b[..sep]).into_owned();
                ins.args.push(word(0, sep, typ));
                let cmd_text = safe_suffix(rest, next);
                let cmd_off = rest.len() - cmd_text.len();
                let shifted = |s: usize, e: usize, t: String| word(cmd_off + s, cmd_off + e, t);
                ins.form = ArgForm::Shell;
                if let Some((form, args)) =
                    maybe_json(cmd_text, &shifted, errors, lg, base, trimmed.len())
                {
                    ins.form = form;
                    ins.args.extend(args);
                }
            }
        }
        Kind::Maintainer | Kind::Stopsignal | Kind::User | Kind::Workdir => {
            if !rest.is_empty() {
                ins.form = ArgForm::Shell;
                ins.args.push(word(0, rest.len(), rest.to_string()));
            }
        }
        Kind::Onbuild => {
            if !rest.is_empty() {
                if nested {
                    err(
                        errors,
                        "ONBUILD cannot wrap another ONBUILD".to_string(),
                        Some("chaining ONBUILD via `ONBUILD ONBUILD` is not allowed"),
                    );
                } else {
                    let sub = parse_instruction(lg, rest_off, escape, true, errors);
                    if matches!(sub.kind, Kind::From | Kind::Maintainer) {
                        err(
                            errors,
                            format!("{} isn't allowed as an ONBUILD trigger", sub.kind.as_str()),
                            None,
                        );
                    }
                    ins.sub = Some(Box::new(sub));
                }
            }
        }
        Kind::Unknown => {}
    }
    ins
}

const NOT_STRINGS: &str = "when using JSON array syntax, arrays must be comprised of strings only";
const NOT_STRINGS_HELP: &str = "quote every element of the JSON array, and do not nest arrays";

fn ins_span_for_error(lg: &Logical, base: usize, len: usize) -> Span {
    lg.span(base, base + len)
}

/// `s[at..]`, moved forward to a character boundary if `at` falls inside one (BuildKit's
/// byte-wise split in `parseHealthConfig` can do that).
fn safe_suffix(s: &str, mut at: usize) -> &str {
    while at < s.len() && !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at.min(s.len())..]
}

/// `parseMaybeJSON`: a JSON array of strings, or else one raw string.
fn maybe_json(
    rest: &str,
    word: &dyn Fn(usize, usize, String) -> Word,
    errors: &mut Vec<ParseError>,
    lg: &Logical,
    base: usize,
    len: usize,
) -> Option<(ArgForm, Vec<Word>)> {
    if rest.is_empty() {
        return None;
    }
    match parse_array(rest) {
        JsonArray::Strings(v) => Some((
            ArgForm::Json,
            v.into_iter().map(|(t, s, e)| word(s, e, t)).collect(),
        )),
        JsonArray::NotStrings => {
            errors.push(ParseError {
                message: NOT_STRINGS.to_string(),
                span: ins_span_for_error(lg, base, len),
                help: Some(NOT_STRINGS_HELP.to_string()),
            });
            None
        }
        JsonArray::Invalid => Some((ArgForm::Shell, vec![word(0, rest.len(), rest.to_string())])),
    }
}

/// `parseStringsWhitespaceDelimited`.
fn whitespace_words(
    ins: &mut Instruction,
    rest: &str,
    word: &dyn Fn(usize, usize, String) -> Word,
) {
    if rest.is_empty() {
        return;
    }
    ins.form = ArgForm::Words;
    ins.args = split_ws(rest)
        .into_iter()
        .map(|(s, e)| word(s, e, rest[s..e].to_string()))
        .collect();
}

fn make_flag(lg: &Logical, off: usize, tail: &str, s: usize, e: usize, text: &str) -> Flag {
    let raw_src = &tail[s..e];
    let span = lg.span(off + s, off + e);
    let body = text.strip_prefix("--").unwrap_or(text);
    let (name, value) = match body.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (body, None),
    };
    // Name span: after `--` up to `=` in the raw text (flag names are never quoted in practice;
    // if they are, the span still lies within the flag).
    let raw_eq = raw_src.find('=').unwrap_or(raw_src.len());
    let name_start = if raw_src.starts_with("--") { 2 } else { 0 }.min(raw_eq);
    let name_span = lg.span(off + s + name_start, off + s + raw_eq);
    let value = value.map(|v| {
        let vs = (raw_eq + 1).min(raw_src.len());
        // An empty value (`--mount=` then a line continuation) sits at the flag's end: mapped
        // on its own it would land after the continuation, outside the flag.
        let vspan = if s + vs >= e {
            Span::empty(span.end)
        } else {
            lg.span(off + s + vs, off + e)
        };
        Spanned::new(v.to_string(), vspan)
    });
    Flag {
        raw: text.to_string(),
        name: Spanned::new(name.to_string(), name_span),
        value,
        span,
    }
}
