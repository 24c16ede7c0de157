//! Inviting many respondents at once: a pasted list or an uploaded CSV file, one respondent a
//! line (`name, role, site, e-mail`; all but the name optional; commas or tabs between). The
//! whole list is checked first and every bad line is named with its number; one bad line and
//! nothing is stored. The links come back once, as a page or as a CSV file to download (the
//! server keeps only their hashes). E-mail addresses are echoed into that file for a mail
//! merge and never stored (SECURITY.md: nothing but name, role and site is kept).

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

use maturity_store::{Id, NewInvitation, Role};

use super::{base, field, merge, read_multipart, render};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::limits;
use crate::state::{AppState, now};

/// The most respondents one list may invite.
const MAX_LINES: usize = 500;

/// One respondent of a list.
#[derive(Debug, PartialEq)]
struct Line {
    name: String,
    role: String,
    site: Option<String>,
    email: Option<String>,
}

/// The respondents of a list, or every problem with it, each naming its line.
fn parse(text: &str) -> Result<Vec<Line>, Vec<String>> {
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    let mut numbered = text.lines().enumerate().map(|(i, l)| (i + 1, l)).peekable();
    // A CSV file's header line names its columns.
    if numbered
        .peek()
        .is_some_and(|(_, l)| l.trim().to_lowercase().starts_with("name"))
    {
        numbered.next();
    }
    let mut names: Vec<(String, usize)> = Vec::new();
    for (number, line) in numbered {
        if line.trim().is_empty() {
            continue;
        }
        let separator = if line.contains('\t') { '\t' } else { ',' };
        let cells: Vec<&str> = line
            .split(separator)
            .map(|c| c.trim().trim_matches('"').trim())
            .collect();
        let cell = |i: usize| cells.get(i).copied().filter(|c| !c.is_empty());
        let mut bad = |what: String| problems.push(format!("line {number}: {what}"));
        if cells.len() > 4 {
            bad(format!(
                "{} columns; a line is name, role, site, e-mail",
                cells.len()
            ));
            continue;
        }
        let Some(name) = cell(0) else {
            bad("the name is missing".into());
            continue;
        };
        let role = cell(1).unwrap_or(maturity_model::response::UNSPECIFIED_ROLE);
        let email = cell(3);
        for (what, value, max) in [
            ("the name", Some(name), limits::RESPONDENT),
            ("the role", Some(role), limits::ROLE),
            ("the site", cell(2), limits::ROLE),
            ("the e-mail", email, limits::RESPONDENT),
        ] {
            if let Some(Err(e)) = value.map(|v| limits::at_most(what, v, max)) {
                bad(e);
            }
        }
        if let Some(e) = email.filter(|e| !e.contains('@')) {
            bad(format!("`{e}` is not an e-mail address"));
        }
        match names.iter().find(|(n, _)| n == name) {
            Some((_, first)) => bad(format!("`{name}` is already on line {first}")),
            None => names.push((name.to_string(), number)),
        }
        lines.push(Line {
            name: name.to_string(),
            role: role.to_string(),
            site: cell(2).map(str::to_string),
            email: email.map(str::to_string),
        });
    }
    if lines.is_empty() && problems.is_empty() {
        problems.push("the list names nobody".into());
    }
    if lines.len() > MAX_LINES {
        problems.push(format!(
            "{} respondents; one list may invite at most {MAX_LINES}",
            lines.len()
        ));
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// A CSV cell: quoted, with quotes doubled, and a leading `=+-@` defused so that a
/// spreadsheet opening the file runs no formula from a name.
fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

pub async fn invite_many(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<Id>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    user.require(Role::Assessor)?;
    let (fields, files) = read_multipart(multipart).await?;
    user.check_csrf(field(&fields, "csrf"))?;
    let text = match files.into_iter().next() {
        Some(file) => String::from_utf8(file.bytes)
            .map_err(|_| AppError::BadRequest(format!("{} is not UTF-8 text", file.name)))?,
        None => field(&fields, "list").unwrap_or("").to_string(),
    };
    let lines = match parse(&text) {
        Ok(lines) => lines,
        Err(problems) => {
            let html = render(
                &state,
                "invited.html",
                merge(base(&user), context! { id => id, problems => problems }),
            )?;
            return Ok((StatusCode::BAD_REQUEST, Html(html)).into_response());
        }
    };
    let origin = super::survey_admin::origin(&state, &headers)?;
    let mut new = Vec::with_capacity(lines.len());
    let mut links = Vec::with_capacity(lines.len());
    let mut made = Vec::with_capacity(lines.len());
    for line in &lines {
        let link = crate::links::new_link(&state)?;
        new.push(NewInvitation {
            name: line.name.clone(),
            role: line.role.clone(),
            site: line.site.clone(),
            token_hash: link.hash.clone(),
        });
        links.push(format!("{origin}/survey/{}", link.token));
        made.push(link);
    }
    let ids = state.store.create_invitations(id, &new, now()).await?;
    for (respondent, link) in ids.into_iter().zip(&made) {
        crate::links::remember(&state, id, respondent, link).await?;
    }
    tracing::info!(user = ?user.user.name, id, count = lines.len(), "invited respondents");
    let mut csv = String::from("name,role,site,email,link\n");
    for (line, link) in lines.iter().zip(&links) {
        let cells = [
            line.name.as_str(),
            &line.role,
            line.site.as_deref().unwrap_or(""),
            line.email.as_deref().unwrap_or(""),
            link,
        ];
        csv.push_str(&cells.map(csv_cell).join(","));
        csv.push('\n');
    }
    if field(&fields, "format") == Some("csv") {
        let disposition = format!("attachment; filename=\"survey-links-{id}.csv\"");
        return Ok((
            StatusCode::CREATED,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            csv,
        )
            .into_response());
    }
    let rows: Vec<_> = lines
        .iter()
        .zip(&links)
        .map(|(l, link)| context! { name => &l.name, role => &l.role, site => &l.site, email => &l.email, link => link })
        .collect();
    let html = render(
        &state,
        "invited.html",
        merge(base(&user), context! { id => id, rows => rows, csv => csv }),
    )?;
    Ok((StatusCode::CREATED, Html(html)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_read_with_or_without_a_header() {
        let lines = parse("name,role,site,email\nann, developer ,Oslo,ann@example.org\n\n\"bob\"\tops\ncy\n")
            .expect("valid");
        let got: Vec<_> = lines
            .iter()
            .map(|l| {
                (
                    l.name.as_str(),
                    l.role.as_str(),
                    l.site.as_deref(),
                    l.email.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("ann", "developer", Some("Oslo"), Some("ann@example.org")),
                ("bob", "ops", None, None),
                ("cy", "unspecified", None, None),
            ]
        );
    }

    #[test]
    fn every_bad_line_is_named() {
        let long = "x".repeat(limits::RESPONDENT + 1);
        let text = format!("ann,dev\n,dev\nbo,dev,site,not-mail\nann,ops\na,b,c,d@e,f\n{long}\n");
        let problems = parse(&text).expect_err("bad lines");
        assert_eq!(
            problems,
            [
                "line 2: the name is missing",
                "line 3: `not-mail` is not an e-mail address",
                "line 4: `ann` is already on line 1",
                "line 5: 5 columns; a line is name, role, site, e-mail",
                "line 6: the name is longer than 200 characters",
            ]
        );
        assert_eq!(parse(" \n\n").expect_err("empty"), ["the list names nobody"]);
    }

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("a \"b\", c"), "\"a \"\"b\"\", c\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
    }
}
