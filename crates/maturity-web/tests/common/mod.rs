//! A test world: the app over a fresh store, users of each role, and a client that drives
//! `app()` without a socket.

#![allow(dead_code)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use maturity_store::{Role, Store};
use maturity_web::auth::{csrf_for, hash_password};
use maturity_web::{AppState, Config, app};
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct World {
    pub app: Router,
    pub store: Arc<dyn Store>,
    pub dir: tempfile::TempDir,
    pub db_file: Option<std::path::PathBuf>,
    /// The database's URL, for tests that look under the store.
    pub url: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub location: String,
    pub set_cookie: Vec<String>,
    pub content_type: String,
    pub body: String,
    pub bytes: Vec<u8>,
}

pub enum Backend {
    Sqlite,
    Postgres,
}

impl World {
    pub async fn new(backend: Backend) -> World {
        World::with_config(backend, Config::default()).await
    }

    pub async fn with_config(backend: Backend, config: Config) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, db_file) = match backend {
            Backend::Sqlite => {
                let file = dir.path().join("test.db");
                (format!("sqlite://{}", file.display()), Some(file))
            }
            Backend::Postgres => (maturity_store::testing::postgres_url().await, None),
        };
        let store = maturity_store::connect(&url).await.expect("store");
        let hash = hash_password(PASSWORD).expect("hash");
        for (name, role) in [
            ("admin", Role::Admin),
            ("assessor", Role::Assessor),
            ("viewer", Role::Viewer),
        ] {
            store.create_user(name, role, &hash, 0).await.expect("user");
        }
        let state = AppState::new(store.clone(), config).expect("state");
        World {
            app: app(state),
            store,
            dir,
            db_file,
            url,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let location = header(header::LOCATION);
        let content_type = header(header::CONTENT_TYPE);
        let set_cookie = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body")
            .to_vec();
        Reply {
            status,
            location,
            set_cookie,
            content_type,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    pub async fn get(&self, path: &str, session: Option<&Session>) -> Reply {
        let mut request = Request::get(path);
        if let Some(s) = session {
            request = request.header(header::COOKIE, s.cookie());
        }
        self.send(request.body(Body::empty()).expect("request")).await
    }

    pub async fn post_form(&self, path: &str, session: Option<&Session>, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(s) = session {
            request = request.header(header::COOKIE, s.cookie());
        }
        self.send(request.body(Body::from(body)).expect("request")).await
    }

    /// A multipart form: text fields, then files as (field, file name, content).
    pub async fn post_multipart(
        &self,
        path: &str,
        session: Option<&Session>,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Reply {
        let boundary = "XtestBoundaryX";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                    .bytes(),
            );
        }
        for (k, name, content) in files {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .bytes(),
            );
            body.extend(content);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let mut request = Request::post(path).header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
        if let Some(s) = session {
            request = request.header(header::COOKIE, s.cookie());
        }
        self.send(request.body(Body::from(body)).expect("request")).await
    }

    pub async fn api(&self, method: &str, path: &str, token: Option<&str>, body: &str) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(request.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// Logs in through the log-in page, as a browser would.
    /// Sends the log-in form as a browser does (its CSRF token and nonce cookie).
    pub async fn login_attempt(&self, name: &str, password: &str) -> Reply {
        let page = self.get("/login", None).await;
        let nonce_cookie = page
            .set_cookie
            .iter()
            .find(|c| c.starts_with("maturity_login="))
            .expect("log-in cookie")
            .split(';')
            .next()
            .expect("pair")
            .to_string();
        let csrf = hidden(&page.body, "csrf");
        let body = format!("csrf={csrf}&name={}&password={}", encode(name), encode(password));
        let request = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &nonce_cookie)
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    pub async fn login(&self, name: &str) -> Session {
        let reply = self.login_attempt(name, PASSWORD).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "log-in of {name}: {}",
            reply.body
        );
        let raw = reply
            .set_cookie
            .iter()
            .find_map(|c| c.strip_prefix("maturity_session="))
            .and_then(|c| c.split(';').next())
            .expect("session cookie")
            .to_string();
        Session {
            csrf: csrf_for("session", &raw),
            raw,
        }
    }

    /// A new API token for `subject`, made by `admin` on the tokens page: its secret.
    pub async fn api_token(&self, admin: &Session, subject: &str) -> String {
        let created = self
            .post_form(
                "/admin/tokens",
                Some(admin),
                &[("csrf", &admin.csrf), ("name", "falcon-ci"), ("subject", subject)],
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        secret_code(&created.body)
    }

    /// A new assessment of `subject` on the `devops` model, made by `assessor`, with one
    /// invited respondent: its id and the respondent's survey link.
    pub async fn one_invited(&self, assessor: &Session, subject: &str) -> (i64, String) {
        let created = self
            .post_form(
                "/assessments",
                Some(assessor),
                &[
                    ("csrf", &assessor.csrf),
                    ("subject", subject),
                    ("model", "devops"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let id = id_from(&created.location);
        let invited = self.invite(assessor, id, "ann").await;
        assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
        (id, survey_path(&invited.body))
    }

    /// Invites respondent `name` (a developer) to assessment `id` through the assessment page.
    pub async fn invite(&self, assessor: &Session, id: i64, name: &str) -> Reply {
        self.post_form(
            &format!("/assessments/{id}/invitations"),
            Some(assessor),
            &[("csrf", &assessor.csrf), ("name", name), ("role", "developer")],
        )
        .await
    }
}

pub struct Session {
    pub raw: String,
    pub csrf: String,
}

impl Session {
    pub fn cookie(&self) -> String {
        format!("maturity_session={}", self.raw)
    }
}

/// The value of a hidden input in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name} in page")) + marker.len();
    html[start..].split('"').next().expect("value").to_string()
}

pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The id at the end of a `/assessments/{id}` redirect.
pub fn id_from(location: &str) -> i64 {
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no id in {location}"))
}

/// The path of the survey link on an invitation page.
/// The secret shown once on a secret page.
pub fn secret_code(body: &str) -> String {
    let body = &unescape(body);
    let start = body.find("<code id=\"secret\">").expect("secret") + "<code id=\"secret\">".len();
    body[start..].split('<').next().expect("code").to_string()
}

pub fn survey_path(body: &str) -> String {
    let body = &unescape(body);
    let start = body.find("/survey/").expect("survey link");
    body[start..start + "/survey/".len() + 64].to_string()
}

pub fn falcon_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/falcon")
}

/// Undoes the HTML escaping of `/` and `&` that templates apply.
pub fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/").replace("&amp;", "&")
}
