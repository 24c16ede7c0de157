//! Test support (feature `testing`): a fresh PostgreSQL database per test, and a fresh SQLite
//! file. Never used by the server.
//!
//! PostgreSQL comes from `DATABASE_URL` when it is set (`.ci/run` starts a private cluster and
//! exports it); otherwise the first test to ask starts a private cluster itself, on loopback and
//! a free port, as the `postgres` user when running as root (initdb refuses root). A watchdog
//! stops that cluster and removes its files when the test process exits. When PostgreSQL is not
//! installed, tests fail and say how to get it: they never skip silently.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::Connection;

/// The URL of a new, empty PostgreSQL database. Panics with what to do when there is none.
pub async fn postgres_url() -> String {
    let base = match base_url() {
        Ok(url) => url,
        Err(message) => panic!("{message}"),
    };
    let name = unique_name("t");
    let mut conn = match sqlx::PgConnection::connect(&base).await {
        Ok(conn) => conn,
        Err(e) => panic!(
            "cannot connect to PostgreSQL at {}: {e}; run .ci/run, which installs and starts it",
            crate::redact(&base)
        ),
    };
    let create = format!("CREATE DATABASE \"{name}\"");
    if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(create))
        .execute(&mut conn)
        .await
    {
        panic!("cannot create a test database: {e}");
    }
    let _ = conn.close().await;
    with_database(&base, &name)
}

/// The URL of a new SQLite file inside `dir`.
pub fn sqlite_url(dir: &Path) -> String {
    format!(
        "sqlite://{}",
        dir.join(format!("{}.db", unique_name("t"))).display()
    )
}

/// A name no other test of any process uses.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// `base` with its database name replaced by `name`.
fn with_database(base: &str, name: &str) -> String {
    let (url, query) = match base.split_once('?') {
        Some((url, query)) => (url, Some(query)),
        None => (base, None),
    };
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let root = match url[scheme_end..].find('/') {
        Some(i) => &url[..scheme_end + i],
        None => url,
    };
    match query {
        Some(query) => format!("{root}/{name}?{query}"),
        None => format!("{root}/{name}"),
    }
}

/// The server every test database is created on: `DATABASE_URL`, else a private cluster.
pub fn base_url() -> Result<String, String> {
    static BASE: OnceLock<Result<String, String>> = OnceLock::new();
    BASE.get_or_init(|| match std::env::var("DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => Ok(url),
        _ => start_private_cluster(),
    })
    .clone()
}

fn pg_bin() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut found: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| not_installed())?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let bin = entry.path().join("bin");
            let version = entry
                .file_name()
                .to_string_lossy()
                .split('.')
                .map(|part| part.parse().unwrap_or(0))
                .collect();
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin).ok_or_else(not_installed)
}

fn not_installed() -> String {
    "PostgreSQL is not installed and DATABASE_URL is not set: run .ci/run, which installs \
     PostgreSQL (apt-get install postgresql) and starts a private cluster for the tests"
        .to_string()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// `program args…`, as the postgres user when we are root.
fn as_cluster_owner(root: bool, program: &Path) -> Command {
    if root {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn run(mut cmd: Command, what: &str) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn start_private_cluster() -> Result<String, String> {
    let bin = pg_bin()?;
    let root = is_root();
    let dir = tempfile::Builder::new()
        .prefix("maturity-pg-")
        .tempdir()
        .map_err(|e| format!("cannot make a folder for PostgreSQL: {e}"))?
        .keep();
    if root {
        let mut chown = Command::new("chown");
        chown.arg("postgres:").arg(&dir);
        run(chown, "chown postgres")?;
    }
    let data = dir.join("data");
    let mut initdb = as_cluster_owner(root, &bin.join("initdb"));
    initdb.arg("-D").arg(&data).args([
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    ]);
    run(initdb, "initdb")?;
    let port = free_port()?;
    let mut start = as_cluster_owner(root, &bin.join("pg_ctl"));
    start
        .arg("-D")
        .arg(&data)
        .arg("-l")
        .arg(dir.join("log"))
        .args(["-w", "-t", "60", "start", "-o"])
        .arg(format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c max_connections=300",
            dir.display()
        ));
    run(start, "pg_ctl start")?;
    // Stop the cluster and remove its files once this test process has gone.
    let watchdog = format!(
        "while [ -d /proc/{pid} ]; do sleep 1; done; '{pg_ctl}' -D '{data}' -m immediate stop; rm -rf '{dir}'",
        pid = std::process::id(),
        pg_ctl = bin.join("pg_ctl").display(),
        data = data.display(),
        dir = dir.display(),
    );
    let mut sh = as_cluster_owner(root, Path::new("/bin/sh"));
    sh.arg("-c")
        .arg(watchdog)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the PostgreSQL watchdog: {e}"))?;
    Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres"))
}

/// Every row of every table of the database at `url` (SQLite or PostgreSQL), as text in a
/// fixed order: two snapshots are equal exactly when nothing stored changed. For tests that a
/// refused request leaves the store byte for byte as it was.
pub async fn snapshot(url: &str) -> String {
    use sqlx::Row as _;
    use std::fmt::Write as _;
    let mut out = String::new();
    if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.expect("open SQLite");
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&mut conn)
        .await
        .expect("tables");
        for table in tables {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                    .bind(&table)
                    .fetch_all(&mut conn)
                    .await
                    .expect("columns");
            // `quote()` renders every value, blobs and NULLs included, without loss.
            let row = columns
                .iter()
                .map(|c| format!("quote(\"{c}\")"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            let sql = format!("SELECT {row} AS r FROM \"{table}\" ORDER BY r");
            let _ = writeln!(out, "## {table}");
            for r in sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut conn)
                .await
                .expect("rows")
            {
                let _ = writeln!(out, "{}", r.get::<String, _>("r"));
            }
        }
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.expect("open PostgreSQL");
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
             ORDER BY table_name",
        )
        .fetch_all(&mut conn)
        .await
        .expect("tables");
        for table in tables {
            // A row's text form carries every column's value exactly.
            let sql = format!("SELECT t::text AS r FROM \"{table}\" t ORDER BY r");
            let _ = writeln!(out, "## {table}");
            for r in sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut conn)
                .await
                .expect("rows")
            {
                let _ = writeln!(out, "{}", r.get::<String, _>("r"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_are_replaced() {
        let cases = [
            ("postgres://u@h:1/db", "postgres://u@h:1/x"),
            (
                "postgres://u@h:1/db?sslmode=disable",
                "postgres://u@h:1/x?sslmode=disable",
            ),
            ("postgres://u@h:1", "postgres://u@h:1/x"),
        ];
        for (base, expected) in cases {
            assert_eq!(with_database(base, "x"), expected);
        }
    }
}
