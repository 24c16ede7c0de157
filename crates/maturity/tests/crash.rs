//! `maturity serve` killed with SIGKILL in the middle of writes, on SQLite and PostgreSQL:
//! every write it acknowledged is there after a restart, and the restarted server reports and
//! takes writes again. The server is the real binary; the writers are plain HTTP clients.

mod server;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use server::spawn;

const TOKEN: &str = "mat_crash_test_token";
const WRITERS: usize = 4;
/// Acknowledged writes before the kill: enough that writes are in flight when it comes.
const BEFORE_KILL: usize = 120;

/// One request on a fresh connection; the status code, or the I/O error once the server is gone.
fn request(address: &str, method: &str, path: &str, body: &str) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    reply
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line in {reply:?}")))
}

fn killed_server_loses_nothing_acknowledged(db: &str) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let store = runtime.block_on(maturity_store::connect(db)).expect("store");
    let falcon = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/falcon");
    let (_, new) = maturity_web::import::from_dir(&falcon).expect("falcon");
    let id = runtime
        .block_on(async {
            let id = store.create_assessment(&new, 1).await?;
            store
                .create_api_token("ci", &new.subject, &maturity_web::auth::token_hash(TOKEN), 1)
                .await?;
            Ok::<_, maturity_store::StoreError>(id)
        })
        .expect("set up");
    let scan =
        maturity_evidence::ScanReport::from_raw("api", &maturity_evidence::collect_files(&[])).to_json();

    let (mut server, address) = spawn(db);
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (address, acknowledged, stop, scan) = (
                address.clone(),
                Arc::clone(&acknowledged),
                Arc::clone(&stop),
                scan.clone(),
            );
            std::thread::spawn(move || {
                for i in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let name = format!("w{w}-{i}");
                    // Writers alternate deployments and evidence: two tables, two code paths.
                    let status = if i % 2 == 0 {
                        let body = format!(r#"{{"time": "2026-10-01T10:00:00Z", "version": "{name}"}}"#);
                        request(&address, "POST", "/api/v1/deployments", &body)
                    } else {
                        request(
                            &address,
                            "POST",
                            &format!("/api/v1/scans?assessment={id}&name={name}"),
                            &scan,
                        )
                    };
                    match status {
                        Ok(201) => acknowledged.lock().expect("lock").push(name),
                        Ok(other) => panic!("{name}: answered {other}"),
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().expect("lock").len() < BEFORE_KILL && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    // `Child::kill` is SIGKILL on Unix: no shutdown, no flush, writes in flight.
    server.kill().expect("kill -9");
    server.wait().expect("reaped");
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.join().expect("writer");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(
        acknowledged.len() >= BEFORE_KILL,
        "only {} writes before the kill",
        acknowledged.len()
    );

    let (mut again, address) = spawn(db);
    let (deployments, evidence) = runtime
        .block_on(async {
            let deployments = store.deployments(&new.subject, 1_000_000).await?;
            let evidence = store.evidence_for(&new.subject, id).await?;
            Ok::<_, maturity_store::StoreError>((deployments, evidence))
        })
        .expect("read back");
    let stored: std::collections::HashSet<String> = deployments
        .iter()
        .filter_map(|d| {
            let body: serde_json::Value = serde_json::from_str(&d.body).ok()?;
            body["version"].as_str().map(str::to_string)
        })
        .chain(evidence.into_iter().map(|e| e.name))
        .collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|name| !stored.contains(*name))
        .collect();
    assert!(lost.is_empty(), "acknowledged but lost after kill -9: {lost:?}");
    assert_eq!(
        request(&address, "GET", &format!("/api/v1/assessments/{id}/results"), "").expect("results"),
        200,
        "the restarted server reports"
    );
    assert_eq!(
        request(
            &address,
            "POST",
            "/api/v1/deployments",
            r#"{"time": "2026-10-02T10:00:00Z"}"#
        )
        .expect("write"),
        201,
        "the restarted server takes writes"
    );
    again.kill().expect("stop");
    again.wait().expect("reaped");
}

#[test]
fn killed_server_loses_nothing_acknowledged_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    killed_server_loses_nothing_acknowledged(&maturity_store::testing::sqlite_url(dir.path()));
}

#[test]
fn killed_server_loses_nothing_acknowledged_postgres() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let url = runtime.block_on(maturity_store::testing::postgres_url());
    killed_server_loses_nothing_acknowledged(&url);
}
