use super::*;
use crate::model::{Model, ModelOptions};
use crate::parse::parse;

fn found(src: &str) -> Vec<(String, RemoteUse)> {
    let m = Model::build(parse(src), &ModelOptions::default());
    m.stages
        .iter()
        .flat_map(unverified_remote_code)
        .map(|r| (r.url, r.how))
        .collect()
}

fn hows(src: &str) -> Vec<RemoteUse> {
    found(src).into_iter().map(|(_, h)| h).collect()
}

#[test]
fn pipes_into_a_shell() {
    let f = found("FROM debian\nRUN curl -fsSL https://get.example.com | sh\n");
    assert_eq!(
        f,
        [(
            "https://get.example.com".to_string(),
            RemoteUse::PipedTo("sh".into())
        )]
    );
    assert_eq!(
        hows("FROM debian\nRUN wget -qO- https://x.example/i.sh | sudo -E bash -s -- -y\n"),
        [RemoteUse::PipedTo("bash".into())]
    );
    assert_eq!(
        hows("FROM debian\nRUN curl -sSL https://install.python-poetry.org | python3 -\n"),
        [RemoteUse::PipedTo("python3".into())]
    );
    assert_eq!(
        hows("FROM debian\nRUN curl -fsSL https://x.example/a.tgz | tar -xz -C /opt\n"),
        [RemoteUse::PipedToTar]
    );
}

#[test]
fn not_code_or_not_run() {
    // a script file operand: the shell does not read the pipe
    assert!(hows("FROM debian\nRUN curl -fsSL https://x.example/k | sh ./local.sh\n").is_empty());
    // output to a file: nothing reaches the pipe's end that runs it
    assert!(
        hows("FROM debian\nRUN curl -fsSL https://x.example/k | gpg --dearmor -o /k.gpg\n")
            .is_empty()
    );
    assert!(hows("FROM debian\nRUN wget https://x.example/data.json\n").is_empty());
    assert!(hows("FROM debian\nRUN apt-get update && apt-get install -y curl\n").is_empty());
}

#[test]
fn substituted_scripts() {
    let f = found("FROM debian\nRUN sh -c \"$(curl -fsSL https://raw.example/install.sh)\"\n");
    assert_eq!(
        f,
        [(
            "https://raw.example/install.sh".to_string(),
            RemoteUse::Substituted("sh".into())
        )]
    );
}

#[test]
fn downloads_that_are_used() {
    let h = hows(
        "FROM debian\nRUN curl -fsSLo /tmp/tool.tgz https://x.example/tool.tgz && tar -xzf /tmp/tool.tgz -C /usr/local\n",
    );
    assert!(
        matches!(&h[..], [RemoteUse::Downloaded { file, .. }] if file == "tool.tgz"),
        "{h:?}"
    );
    let h = hows(
        "FROM debian\nRUN curl -LO https://dl.example/v1/kubectl\nRUN chmod +x kubectl && mv kubectl /usr/local/bin/\n",
    );
    assert!(matches!(&h[..], [RemoteUse::Downloaded { file, .. }] if file == "kubectl"));
    let h = hows("FROM debian\nRUN wget https://x.example/setup.sh && bash setup.sh\n");
    assert!(matches!(&h[..], [RemoteUse::Downloaded { file, .. }] if file == "setup.sh"));
}

#[test]
fn verified_downloads_are_not_reported() {
    assert!(hows(
        "FROM debian\nRUN curl -fsSLo tool.tgz https://x.example/tool.tgz \\\n && echo \"abc  tool.tgz\" | sha256sum -c - \\\n && tar -xzf tool.tgz\n"
    )
    .is_empty());
    assert!(hows(
        "FROM debian\nRUN wget -O node.tgz https://x.example/node.tgz && wget -O node.tgz.asc https://x.example/node.tgz.asc\nRUN gpg --batch --verify node.tgz.asc node.tgz && tar -xf node.tgz\n"
    )
    .is_empty());
}

#[test]
fn added_code_without_checksum() {
    assert_eq!(
        hows("FROM debian\nADD https://x.example/tool.tar.gz /tmp/\n"),
        [RemoteUse::Added]
    );
    assert!(
        hows("FROM debian\nADD --checksum=sha256:abc https://x.example/tool.tar.gz /tmp/\n")
            .is_empty()
    );
    assert!(hows("FROM debian\nADD https://x.example/config.json /etc/\n").is_empty());
    assert!(hows("FROM debian\nADD tool.tar.gz /opt/\n").is_empty());
}
