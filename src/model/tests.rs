//! Model unit tests: stages, ARG resolution, inheritance, COPY edges, RUN splitting.
use super::*;
use crate::parse::parse;

fn model(src: &str) -> Model {
    Model::build(&parse(src), &ModelOptions::default())
}

#[test]
fn placeholder_builds() {
    let m = model("FROM alpine:3.20\n");
    assert_eq!(m.stages.len(), 1);
}
