//! Install and shell: `maturity completions` for every shell, `maturity man`, `maturity
//! healthcheck`, and the Containerfile, checked statically (its instructions parsed) since no
//! container engine runs where the tests do.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;

fn maturity() -> Command {
    let mut cmd = Command::cargo_bin("maturity").expect("binary");
    cmd.env("RUST_BACKTRACE", "0");
    cmd
}

/// Every subcommand the binary has, from its own help.
fn subcommands() -> Vec<String> {
    let help = maturity()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).expect("utf-8");
    let commands = help.split("Commands:").nth(1).expect("a Commands section");
    let commands = commands.split("\n\n").next().expect("the list");
    let names: Vec<String> = commands
        .lines()
        // A name is indented two spaces; a description's continuation lines are indented more.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_string)
        .collect();
    assert!(
        names.len() > 15 && names.contains(&"token".to_string()),
        "{names:?}"
    );
    names
}

#[test]
fn completions_of_every_shell_name_every_subcommand() {
    let subcommands = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = maturity()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let script = String::from_utf8(out).expect("utf-8");
        assert!(script.len() > 1000, "{shell}: {script}");
        for name in &subcommands {
            assert!(script.contains(name.as_str()), "{shell} completions lack {name}");
        }
    }
}

#[test]
fn bash_completions_are_valid_bash_and_complete_subcommands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = maturity()
        .args(["completions", "bash"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let script = dir.path().join("maturity.bash");
    std::fs::write(&script, out).expect("write");
    let syntax = Process::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    // Sourced, it completes `maturity to` to `token` (and `tests`, not `report`).
    let probe = format!(
        "source {}; COMP_WORDS=(maturity to); COMP_CWORD=1; COMP_LINE='maturity to'; COMP_POINT=11; \
         _maturity maturity to maturity; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let run = Process::new("bash")
        .args(["-c", &probe])
        .output()
        .expect("bash runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let words = String::from_utf8_lossy(&run.stdout);
    assert!(words.lines().any(|w| w == "token"), "{words}");
    assert!(!words.lines().any(|w| w == "report"), "{words}");
}

#[test]
fn an_unknown_shell_is_refused_with_the_ones_there_are() {
    maturity()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"))
        .stderr(predicate::str::contains("bash, elvish, fish, powershell, zsh"));
}

#[test]
fn man_writes_a_page_per_subcommand_that_man_renders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("man1");
    let listed = maturity()
        .args(["man", "--out"])
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listed = String::from_utf8(listed).expect("utf-8");
    let main = std::fs::read_to_string(out.join("maturity.1")).expect("maturity.1");
    assert!(
        main.starts_with(".ie \\n(.g .ds Aq") || main.contains(".TH maturity 1"),
        "{main}"
    );
    for name in subcommands() {
        assert!(main.contains(&name), "maturity.1 lacks {name}");
        let page = out.join(format!("maturity-{name}.1"));
        assert!(page.is_file(), "no {}", page.display());
        assert!(listed.contains(&page.display().to_string()), "{listed}");
    }
    let token_add = std::fs::read_to_string(out.join("maturity-token-add.1")).expect("nested page");
    assert!(
        token_add.contains(".TH maturity-token-add 1") && token_add.contains("subject"),
        "{token_add}"
    );
    // man renders it (groff's warnings would show on stderr).
    let rendered = Process::new("man")
        .args(["--warnings", "-l", "-Tutf8"])
        .arg(out.join("maturity-token-add.1"))
        .env("MANWIDTH", "100")
        .output()
        .expect("man runs; apt-get install man-db groff-base");
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&rendered.stderr), "");
    // Bold and underline come as overstrikes (`c\x08c`, `_\x08c`): keep the last of each.
    let mut text = String::new();
    for c in String::from_utf8_lossy(&rendered.stdout).chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    assert!(text.contains("--subject") && text.contains("--db"), "{text}");
}

#[test]
fn man_refuses_an_out_it_cannot_create() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    maturity()
        .args(["man", "--out"])
        .arg(file.join("sub"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("--out").and(predicate::str::contains("cannot create it")));
}

#[test]
fn healthcheck_passes_on_a_healthy_server_and_fails_otherwise() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("h.db").display());
    let server = server::Server::start(&db);
    let url = format!("http://{}/healthz", server.address);
    maturity()
        .args(["healthcheck", &url])
        .assert()
        .success()
        .stdout(predicate::str::contains("HTTP/1.1 200 OK"));
    let missing = format!("http://{}/nothing", server.address);
    maturity()
        .args(["healthcheck", &missing])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unhealthy: HTTP/1.1 404 Not Found"));
    drop(server);
    maturity()
        .args(["healthcheck", "--timeout", "2", &url])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot connect"));
    for (bad, message) in [
        ("https://127.0.0.1/healthz", "give an http:// URL"),
        ("127.0.0.1:8080", "give an http:// URL"),
        ("http:///healthz", "give a host"),
    ] {
        maturity()
            .args(["healthcheck", bad])
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
    }
}

mod server;

/// The Containerfile's instructions, continuation lines joined, comments left out.
fn instructions() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Containerfile"))
        .expect("Containerfile");
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || (line.is_empty() && current.is_empty()) {
            continue;
        }
        if let Some(part) = line.strip_suffix('\\') {
            current.push_str(part);
            current.push(' ');
        } else {
            current.push_str(line);
            joined.push(std::mem::take(&mut current));
        }
    }
    joined
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (keyword, rest) = l.split_once(' ').unwrap_or((l, ""));
            (keyword.to_ascii_uppercase(), rest.trim().to_string())
        })
        .collect()
}

#[test]
fn containerfile_builds_in_two_stages_and_runs_unprivileged_over_a_volume() {
    let all = instructions();
    let known = [
        "FROM",
        "WORKDIR",
        "COPY",
        "RUN",
        "USER",
        "VOLUME",
        "EXPOSE",
        "HEALTHCHECK",
        "ENTRYPOINT",
        "CMD",
    ];
    for (keyword, _) in &all {
        assert!(
            known.contains(&keyword.as_str()),
            "unexpected instruction {keyword}"
        );
    }
    let froms: Vec<&String> = all.iter().filter(|(k, _)| k == "FROM").map(|(_, v)| v).collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(
        froms[0].contains("rust:") && froms[0].ends_with(" AS build"),
        "{}",
        froms[0]
    );
    assert!(
        froms[1].contains("debian:") && froms[1].contains("-slim"),
        "{}",
        froms[1]
    );
    let runtime: Vec<&(String, String)> = all
        .iter()
        .skip_while(|(k, v)| !(k == "FROM" && v == froms[1]))
        .collect();
    let value = |keyword: &str| -> String {
        runtime
            .iter()
            .rev()
            .find(|(k, _)| k == keyword)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {keyword} in the runtime stage"))
    };
    assert!(
        all.iter()
            .any(|(k, v)| k == "RUN" && v.contains("cargo install --locked --path crates/maturity")),
        "the builder installs the binary as docs/install.md says"
    );
    assert!(value("COPY").starts_with("--from=build "), "{}", value("COPY"));
    let user = value("USER");
    let uid = user.split(':').next().expect("uid");
    assert!(
        uid != "0" && uid != "root" && !uid.is_empty(),
        "USER {user} must not be root"
    );
    assert_eq!(value("VOLUME"), "/data");
    let entrypoint: Vec<String> =
        serde_json::from_str(&value("ENTRYPOINT")).expect("ENTRYPOINT in exec form");
    let cmd: Vec<String> = serde_json::from_str(&value("CMD")).expect("CMD in exec form");
    assert_eq!(entrypoint, ["maturity"]);
    assert_eq!(cmd[0], "serve");
    let flag = |name: &str| cmd.iter().position(|a| a == name).map(|i| cmd[i + 1].clone());
    assert_eq!(
        flag("--db").as_deref(),
        Some("sqlite:///data/maturity.db"),
        "the database lives in the volume"
    );
    let bind = flag("--bind").expect("--bind");
    let port = bind.rsplit(':').next().expect("port");
    assert_eq!(value("EXPOSE"), port);
    // The default command is one the binary takes.
    maturity().args(&cmd).arg("--help").assert().success();

    let health = value("HEALTHCHECK");
    let exec = health.split_once("CMD ").expect("HEALTHCHECK … CMD [..]").1;
    let probe: Vec<String> = serde_json::from_str(exec).expect("HEALTHCHECK CMD in exec form");
    assert_eq!(probe[..2], ["maturity", "healthcheck"]);
    assert_eq!(probe[2], format!("http://127.0.0.1:{port}/healthz"));
    maturity().args(&probe[1..2]).arg("--help").assert().success();
    // The probe's route is the server's health route, public as a container engine needs.
    let health_route = maturity_web::routes()
        .into_iter()
        .find(|r| r.path == "/healthz")
        .expect("the server has /healthz");
    assert_eq!(health_route.access, maturity_web::route::Access::Public);
}
