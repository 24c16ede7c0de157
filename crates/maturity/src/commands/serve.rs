//! `maturity serve`: the web app over SQLite (default) or PostgreSQL. `--import DIR` adds an
//! assessment directory at start; `--demo` serves the bundled example in a fresh SQLite file
//! with an admin whose random password is printed once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use maturity_store::{Role, Store};

use crate::cli::ServeArgs;

/// Where `--demo` looks for the example when no directory is given.
const DEMO_DIR: &str = "examples/falcon";
/// The demo's admin account.
const DEMO_USER: &str = "admin";

pub fn run(args: ServeArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    init_logging();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(serve(args, out))
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MATURITY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

async fn serve(args: ServeArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let public_url = args
        .public_url
        .as_deref()
        .map(maturity_web::public_url)
        .transpose()
        .map_err(anyhow::Error::msg)
        .context("--public-url")?;
    let imports: Vec<PathBuf> = args.import.clone();
    let mut demo_dir = None;
    let db = match (&args.db, args.demo.as_ref()) {
        (Some(db), _) => db.clone(),
        (None, Some(_)) => {
            // A fresh file per start, so the demo never mixes with real data.
            let path = std::env::temp_dir().join(format!("maturity-demo-{}.db", std::process::id()));
            let _ = std::fs::remove_file(&path);
            format!("sqlite://{}", path.display())
        }
        (None, None) => "sqlite://maturity.db".to_string(),
    };
    if let Some(demo) = &args.demo {
        let dir = demo.clone().unwrap_or_else(|| PathBuf::from(DEMO_DIR));
        if !dir.join("maturity.toml").is_file() {
            anyhow::bail!(
                "{}: no maturity.toml here; run from the repository root or give the example's directory: --demo DIR",
                dir.display()
            );
        }
        write_demo_report(&dir, out)?;
        demo_dir = Some(dir);
    }
    let store = maturity_store::connect(&db)
        .await
        .with_context(|| format!("cannot open the database {}", maturity_store::redact(&db)))?;
    for dir in &imports {
        import(store.as_ref(), dir).await?;
    }
    if let Some(dir) = &demo_dir {
        import_demo(store.as_ref(), dir).await?;
    }
    // Before the server says it is up, so a bad key file stops it first.
    let link_key = link_key(args.link_key_file.as_deref(), &db)?;
    let listener = tokio::net::TcpListener::bind(&args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let address = listener.local_addr().context("no local address")?;
    writeln!(
        out,
        "maturity is serving http://{address}/ (database {})",
        maturity_store::redact(&db)
    )?;
    if args.demo.is_some() {
        let password = random_password()?;
        demo_admin(store.as_ref(), &password).await?;
        writeln!(
            out,
            "log in at http://{address}/login as `admin` with password `{password}`"
        )?;
        if args.db.is_some() {
            writeln!(
                out,
                "(a demo over {}; stop with ctrl-c)",
                maturity_store::redact(&db)
            )?;
        } else {
            writeln!(
                out,
                "(a demo: the database is a temporary file; stop with ctrl-c)"
            )?;
        }
    } else if store.list_users().await?.is_empty() {
        writeln!(
            out,
            "no users yet: add one with `maturity user add NAME --role admin --db {}`",
            maturity_store::redact(&db)
        )?;
    }
    out.flush()?;
    let state = maturity_web::AppState::new(
        Arc::clone(&store),
        maturity_web::Config {
            secure_cookies: args.secure_cookies,
            public_url,
            trusted_proxy: args.trusted_proxy,
            quota: maturity_web::Quota::default(),
            link_key,
        },
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    maturity_web::serve(listener, state)
        .await
        .context("the server stopped")?;
    Ok(())
}

async fn import(store: &dyn Store, dir: &Path) -> anyhow::Result<()> {
    store_import(store, dir, &read_dir(dir)?).await
}

fn read_dir(dir: &Path) -> anyhow::Result<maturity_store::NewAssessment> {
    let (_, new) =
        maturity_web::import::from_dir(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    Ok(new)
}

async fn store_import(
    store: &dyn Store,
    dir: &Path,
    new: &maturity_store::NewAssessment,
) -> anyhow::Result<()> {
    let id = store.create_assessment(new, maturity_web::now()).await?;
    eprintln!(
        "imported {} as assessment {id} ({} respondents)",
        dir.display(),
        new.respondents.len()
    );
    Ok(())
}

/// The demo's `admin` with a new password: created on the first start, its password replaced
/// on every later start over the same database, so the printed password always works.
async fn demo_admin(store: &dyn Store, password: &str) -> anyhow::Result<()> {
    let hash = maturity_web::auth::hash_password(password).map_err(|e| anyhow::anyhow!("{e}"))?;
    match store.user_by_name(DEMO_USER).await? {
        None => {
            store
                .create_user(DEMO_USER, Role::Admin, &hash, maturity_web::now())
                .await?;
        }
        Some(user) if user.role == Role::Admin => store.set_password(user.id, &hash).await?,
        Some(_) => anyhow::bail!(
            "--demo: this database has a user `{DEMO_USER}` who is not an admin; \
             use another --db or rename that user"
        ),
    }
    Ok(())
}

/// The example, imported unless the database already holds an assessment of its subject (a
/// demo started again over the same database).
async fn import_demo(store: &dyn Store, dir: &Path) -> anyhow::Result<()> {
    let new = read_dir(dir)?;
    if store.assessments_by_subject(&new.subject).await?.is_empty() {
        store_import(store, dir, &new).await
    } else {
        eprintln!("{} is already there: not imported again", new.subject);
        Ok(())
    }
}

/// The key survey links are derived with (docs/web.md, "Survey links shown again"): the file
/// `--link-key-file` names, or for a SQLite file the one beside it; created when missing. A
/// PostgreSQL server without the flag has none: its servers would each make their own.
fn link_key(file: Option<&Path>, db: &str) -> anyhow::Result<Option<maturity_web::links::LinkKey>> {
    let beside = db
        .strip_prefix("sqlite://")
        .or_else(|| db.strip_prefix("sqlite:"))
        .filter(|path| !path.contains(":memory:"))
        .map(|path| PathBuf::from(format!("{}.link-key", path.split('?').next().unwrap_or(path))));
    let Some(path) = file.map(Path::to_path_buf).or(beside) else {
        eprintln!("no --link-key-file: survey links are shown once and cannot be shown again");
        return Ok(None);
    };
    maturity_web::links::LinkKey::load_or_create(&path)
        .map(Some)
        .map_err(anyhow::Error::msg)
}

/// 16 random characters a person can type.
fn random_password() -> anyhow::Result<String> {
    let token = maturity_web::auth::random_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(token[..16].to_string())
}

/// The demo also writes the example's HTML report, the CLI's main job, so one command shows
/// both faces of the tool.
fn write_demo_report(dir: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let assessment = maturity_model::assessment_dir::read_assessment(dir)?;
    let plan = maturity_assess::PlanConfig::from_roadmap(&assessment.config.roadmap);
    let report = super::assessment::assessment_report(dir, &assessment, plan)?;
    let html = maturity_report::render(&report, maturity_report::Format::Html)?;
    let path = std::env::temp_dir().join("maturity-demo-report.html");
    super::output::write_file_atomically(&path, &html)?;
    writeln!(out, "wrote the example's HTML report to {}", path.display())?;
    Ok(())
}
