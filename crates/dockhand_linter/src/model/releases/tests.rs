use super::*;
use crate::model::image_ref::parse_image_ref;

fn facts(text: &str) -> Vec<(String, Via)> {
    let r = parse_image_ref(text).expect("a valid reference");
    release_facts(&r)
        .iter()
        .map(|f| (format!("{} {}", f.product.name, f.line.line), f.via))
        .collect()
}

fn names(text: &str) -> Vec<String> {
    facts(text).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn tag_versions_name_their_line() {
    assert_eq!(names("python:3.7"), ["python 3.7"]);
    assert_eq!(names("python:3.7.12-slim"), ["python 3.7"]);
    assert_eq!(names("node:14-alpine"), ["node 14"]);
    assert_eq!(names("golang:1.13.5"), ["go 1.13"]);
    assert_eq!(names("alpine:3.10.3"), ["alpine 3.10"]);
    assert_eq!(names("ubuntu:18.04"), ["ubuntu 18.04"]);
    assert_eq!(names("mcr.microsoft.com/dotnet/aspnet:6.0"), [".NET 6.0"]);
    assert_eq!(
        names("amazonlinux:2023.1.20230719.0"),
        ["amazon linux 2023"]
    );
}

#[test]
fn a_version_is_on_a_line_only_at_a_dot() {
    assert!(version_on_line("3.10", "3.10"));
    assert!(version_on_line("3.10.2", "3.10"));
    assert!(!version_on_line("3.10", "3.1"));
    assert!(!version_on_line("2023", "2"));
    // no line for a major version alone: `python:3` moves between lines
    assert!(names("python:3").is_empty());
    assert!(names("node:lts-alpine").is_empty());
}

#[test]
fn aliases_suites_and_names() {
    assert_eq!(names("debian:buster-slim"), ["debian 10"]);
    assert_eq!(names("debian:10"), ["debian 10"]);
    assert_eq!(names("node:fermium"), ["node 14"]);
    assert_eq!(names("centos:centos7"), ["centos 7"]);
    assert_eq!(
        facts("python:3.7-slim-buster"),
        [
            ("python 3.7".to_string(), Via::Tag),
            ("debian 10".to_string(), Via::Suite)
        ]
    );
    assert_eq!(names("ruby:2.7-alpine3.15"), ["ruby 2.7", "alpine 3.15"]);
    assert_eq!(names("eclipse-temurin:17-ubi9-minimal"), ["ubi 9"]);
    assert_eq!(names("gcr.io/distroless/base-debian12"), ["debian 12"]);
    assert_eq!(
        names("registry.access.redhat.com/ubi8/ubi-minimal:8.9"),
        ["ubi 8"]
    );
    assert!(names("private.example.com/python:3.7").is_empty());
}

#[test]
fn based_on_only_without_a_distribution() {
    assert_eq!(
        facts("golang:1.22"),
        [
            ("go 1.22".to_string(), Via::Tag),
            ("debian 12".to_string(), Via::BasedOn)
        ]
    );
    assert_eq!(names("golang:1.22-bullseye"), ["go 1.22", "debian 11"]);
    let r = parse_image_ref("golang:1.22-bullseye").expect("valid");
    let f = release_facts(&r);
    assert_eq!(glibc_of(&f).map(|(g, _)| g), Some("2.31"));
    let r = parse_image_ref("rust:1.80").expect("valid");
    assert_eq!(glibc_of(&release_facts(&r)).map(|(g, _)| g), Some("2.36"));
    let r = parse_image_ref("python:3.12").expect("valid");
    assert!(glibc_of(&release_facts(&r)).is_none());
}

#[test]
fn end_of_life_against_a_fixed_date() {
    let r = parse_image_ref("python:3.7").expect("valid");
    let f = release_facts(&r)[0];
    assert_eq!(f.ended_by("2026-12-01"), Some("2023-06-27"));
    assert_eq!(f.ended_by("2023-06-26"), None);
    let python = f.product;
    assert_eq!(
        oldest_supported(python, "2026-12-01").map(|l| l.line),
        Some("3.11")
    );
    assert_eq!(
        oldest_supported(python, "2023-01-01").map(|l| l.line),
        Some("3.7")
    );
}

#[test]
fn dates() {
    assert!(valid_date("2026-12-01"));
    assert!(!valid_date("2026-13-01"));
    assert!(!valid_date("2026-1-01"));
    assert!(!valid_date("yesterday"));
}

#[test]
fn every_line_has_a_source_and_sorted_dates_parse() {
    for p in PRODUCTS {
        assert!(!p.source.is_empty(), "{}", p.name);
        for l in p.lines {
            assert!(l.eol.is_none_or(valid_date), "{} {}", p.name, l.line);
        }
    }
}
