//! What the tests of the server's API share: a database holding the falcon example, the real
//! `maturity serve` on a free port, and plain HTTP/1.1 requests to it (no client library, so the
//! bytes on the wire are the ones asserted).

#![allow(dead_code)] // each test file uses a part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The subject of examples/falcon.
pub const FALCON: &str = "Nordlicht Freight — Falcon order service";

/// A fresh SQLite or PostgreSQL database URL with examples/falcon imported.
pub fn database_with_falcon(postgres: bool, dir: &Path) -> String {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let url = if postgres {
            maturity_store::testing::postgres_url().await
        } else {
            maturity_store::testing::sqlite_url(dir)
        };
        let store = maturity_store::connect(&url).await.expect("store");
        let falcon = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/falcon");
        let (_, new) = maturity_web::import::from_dir(&falcon).expect("falcon");
        store.create_assessment(&new, 1).await.expect("import");
        url
    })
}

/// Starts `maturity serve` over `db` on a free port and returns it with the address it serves;
/// the caller stops it (the crash test kills it with SIGKILL).
pub fn spawn(db: &str) -> (Child, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("maturity"))
        .args(["serve", "--db", db, "--bind", "127.0.0.1:0"])
        .env("MATURITY_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let address = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("maturity is serving http://")
                .and_then(|rest| rest.split('/').next())
                .map(str::to_string)
        })
        .expect("the server says where it serves");
    // The server goes on printing; a closed pipe would stop it.
    std::thread::spawn(move || lines.for_each(drop));
    (child, address)
}

/// `maturity serve` over `db` on a free port; killed when dropped.
pub struct Server {
    child: Child,
    pub address: String,
}

impl Server {
    pub fn start(db: &str) -> Server {
        let (child, address) = spawn(db);
        Server { child, address }
    }

    /// One request on a fresh connection: the status code and the body.
    pub fn request(&self, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{auth}Content-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        )
        .expect("sends");
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).expect("reads");
        let reply = String::from_utf8_lossy(&reply).into_owned();
        let status = reply
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {reply:?}"));
        let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
        let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
            dechunk(body)
        } else {
            body.to_string()
        };
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of a chunked HTTP/1.1 answer.
fn dechunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if size == 0 {
            break;
        }
        body.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    body
}
