//! term: what the terminal is like: its width and whether to use colour.

use std::io::IsTerminal;

/// The width used when neither the terminal nor `COLUMNS` gives one.
pub const DEFAULT_WIDTH: usize = 100;

/// Narrower than this, miette's blocks cannot be drawn sensibly: the width is raised to it.
pub const MIN_WIDTH: usize = 40;

/// Which stream the output goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        }
    }

    /// The columns of the terminal this stream is, if it is one.
    fn columns(self) -> Option<usize> {
        let size = match self {
            Stream::Stdout => terminal_size::terminal_size_of(std::io::stdout()),
            Stream::Stderr => terminal_size::terminal_size_of(std::io::stderr()),
        };
        size.map(|(w, _)| usize::from(w.0)).filter(|&w| w > 0)
    }
}

/// The width to draw output for `stream` at: the terminal's own width when the stream is a
/// terminal, else `COLUMNS` when it is a number, else `DEFAULT_WIDTH`; never below
/// `MIN_WIDTH`.
pub fn width(stream: Stream) -> usize {
    let columns = std::env::var("COLUMNS").ok();
    pick_width(stream.columns(), columns.as_deref())
}

fn pick_width(terminal: Option<usize>, columns: Option<&str>) -> usize {
    terminal
        .or_else(|| columns.and_then(|c| c.trim().parse().ok()))
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH)
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether to colour output to `stream`. `--color always|never` decides alone; with `auto`,
/// the conventions: `NO_COLOR` set and non-empty turns colour off (no-color.org);
/// `CLICOLOR_FORCE` or `FORCE_COLOR` set, non-empty and not `0` turns it on even when the
/// stream is not a terminal (bixense.com/clicolors, force-color.org); `CLICOLOR=0` turns it
/// off; otherwise colour when the stream is a terminal. `NO_COLOR` wins over the forcing
/// variables, as in anstream (clap, cargo).
pub fn color(choice: ColorChoice, stream: Stream) -> bool {
    let env = |k: &str| std::env::var(k).ok();
    decide_color(choice, stream.is_terminal(), &env)
}

fn decide_color(
    choice: ColorChoice,
    is_terminal: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> bool {
    let set = |k: &str| env(k).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if ["CLICOLOR_FORCE", "FORCE_COLOR"]
                .iter()
                .any(|k| set(k).is_some_and(|v| v != "0"))
            {
                true
            } else if set("CLICOLOR").is_some_and(|v| v == "0") {
                false
            } else {
                is_terminal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_prefers_the_terminal_then_columns() {
        assert_eq!(pick_width(Some(80), Some("120")), 80);
        assert_eq!(pick_width(None, Some("120")), 120);
        assert_eq!(pick_width(None, Some(" 90 ")), 90);
        assert_eq!(pick_width(None, Some("wide")), DEFAULT_WIDTH);
        assert_eq!(pick_width(None, None), DEFAULT_WIDTH);
        assert_eq!(pick_width(Some(20), None), MIN_WIDTH);
        assert_eq!(pick_width(None, Some("10")), MIN_WIDTH);
    }

    #[test]
    fn colour_conventions() {
        let with = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let auto = |tty, vars: &'static [(&'static str, &'static str)]| {
            decide_color(ColorChoice::Auto, tty, &with(vars))
        };
        assert!(auto(true, &[]));
        assert!(!auto(false, &[]));
        assert!(!auto(true, &[("NO_COLOR", "1")]));
        assert!(auto(true, &[("NO_COLOR", "")]), "empty NO_COLOR is unset");
        assert!(auto(false, &[("FORCE_COLOR", "1")]));
        assert!(auto(false, &[("FORCE_COLOR", "true")]));
        assert!(!auto(false, &[("FORCE_COLOR", "0")]));
        assert!(!auto(false, &[("FORCE_COLOR", "")]));
        assert!(auto(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!auto(false, &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]));
        assert!(!auto(true, &[("CLICOLOR", "0")]));
        assert!(auto(false, &[("CLICOLOR", "0"), ("CLICOLOR_FORCE", "1")]));
        let forced = with(&[("FORCE_COLOR", "1")]);
        assert!(!decide_color(ColorChoice::Never, true, &forced));
        let none = with(&[("NO_COLOR", "1")]);
        assert!(decide_color(ColorChoice::Always, false, &none));
    }
}
