//! ports: the parts of an `EXPOSE` port word (`[ip:][hostPort:]containerPort[/proto]`), split
//! the way BuildKit splits them.

use std::ops::Range;

/// Byte ranges into the word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    /// The container port (and protocol): everything after the last `:`.
    pub container: Range<usize>,
    /// The protocol after `/`, if any.
    pub proto: Option<Range<usize>>,
}

/// Splits a port word; `None` for one with a variable (its value is not known here) or an
/// empty one.
pub fn port_spec(word: &str) -> Option<PortSpec> {
    if word.is_empty() || word.contains('$') {
        return None;
    }
    // `[::1]:8080:80`: the host part may hold colons inside brackets
    let search_from = word.rfind(']').map_or(0, |i| i + 1);
    let container_start = word[search_from..]
        .rfind(':')
        .map_or(0, |i| search_from + i + 1);
    let proto = word[container_start..]
        .find('/')
        .map(|i| container_start + i + 1..word.len());
    Some(PortSpec {
        container: container_start..word.len(),
        proto,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let s = port_spec("80/TCP").expect("spec");
        assert_eq!((s.container, s.proto), (0..6, Some(3..6)));
        let s = port_spec("127.0.0.1:8080:80").expect("spec");
        assert_eq!(s.container, 15..17);
        let s = port_spec("[::1]:8080:80/udp").expect("spec");
        assert_eq!(&"[::1]:8080:80/udp"[s.container], "80/udp");
        assert!(port_spec("${PORT}").is_none());
    }
}
