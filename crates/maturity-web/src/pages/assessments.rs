//! The assessments themselves: the list, creating and importing one, its page with live
//! results, the report downloads and the directory export, closing and reopening.

use std::collections::BTreeMap;

use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Value;
use serde::Serialize;

use maturity_model::assessment::{AssessmentConfig, ConfigFile, Sources};
use maturity_model::dora::{Benchmarks, DoraConfig};
use maturity_model::export::{config_toml, slug};
use maturity_model::{Assessment, ModelSet};
use maturity_report::Format;
use maturity_store::{Id, Role};

use super::{FormFields, back, base, field, merge, page, read_multipart, render, required, ser, when};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::import;
use crate::limits;
use crate::results::{Computed, counts};
use crate::state::{AppState, now};

pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    let mut assessments = state.store.list_assessments().await?;
    assessments.retain(|a| user.scope.sees(&a.subject));
    page(
        &state,
        "assessments.html",
        merge(
            base(&user),
            context! { assessments => ser(assessments), may_write => user.user.role >= Role::Assessor },
        ),
    )
}

#[derive(Serialize, Default)]
struct NewForm {
    subject: String,
    date: String,
    assessor: String,
}

fn new_page(
    state: &AppState,
    user: &CurrentUser,
    form: &NewForm,
    error: Option<&str>,
) -> Result<String, AppError> {
    let set = ModelSet::builtin();
    let models: Vec<Value> = set
        .models()
        .iter()
        .map(|m| context! { id => &m.id, name => &m.name })
        .collect();
    let benchmarks: Vec<Value> = maturity_model::benchmark::builtin_benchmarks(&set)
        .iter()
        .map(|b| context! { id => &b.id, name => &b.name })
        .collect();
    render(
        state,
        "new.html",
        merge(
            base(user),
            context! { models => models, benchmarks => benchmarks, form => ser(form), error => error },
        ),
    )
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    user.require(Role::Assessor)?;
    new_page(&state, &user, &NewForm::default(), None).map(Html)
}

/// More models than an assessment could sensibly use: a form with more is refused before any
/// work is done on it.
const MAX_MODELS: usize = 50;

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let text = |name| field(&form, name).filter(|v| !v.is_empty()).map(str::to_string);
    let models: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "model")
        .map(|(_, v)| v.clone())
        .collect();
    if models.len() > MAX_MODELS {
        return Err(AppError::BadRequest(format!(
            "choose at most {MAX_MODELS} models"
        )));
    }
    let config = AssessmentConfig {
        subject: required(&form, "subject", limits::SUBJECT)?.to_string(),
        date: text("date"),
        assessor: text("assessor"),
        models,
        benchmark: text("benchmark"),
        observations: Vec::new(),
        evidence: Default::default(),
        roadmap: Default::default(),
        report: Default::default(),
        dora: Default::default(),
    };
    // The CLI's own checks decide what is valid: unknown models, bad dates, no models.
    let checked = ConfigFile::parse("maturity.toml", &config_toml(&config, &[], &[])).and_then(|c| {
        Assessment::assemble(Sources {
            config: c,
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: Vec::new(),
        })
    });
    let assessment = match checked {
        Ok(a) => a,
        Err(e) => {
            let form = NewForm {
                subject: config.subject.clone(),
                date: config.date.clone().unwrap_or_default(),
                assessor: config.assessor.clone().unwrap_or_default(),
            };
            let html = new_page(&state, &user, &form, Some(&e.to_string()))?;
            return Ok((StatusCode::BAD_REQUEST, Html(html)).into_response());
        }
    };
    let new = import::to_new(&assessment);
    crate::groups::claim_subject(&state, &user.user, &user.scope, &new.subject).await?;
    let id = state.store.create_assessment(&new, now()).await?;
    tracing::info!(user = ?user.user.name, id, "created an assessment");
    Ok(Redirect::to(&format!("/assessments/{id}")).into_response())
}

pub async fn import_form(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    user.require(Role::Assessor)?;
    page(&state, "import.html", base(&user))
}

pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    multipart: Multipart,
) -> Result<Response, AppError> {
    user.require(Role::Assessor)?;
    let (fields, files) = read_multipart(multipart).await?;
    user.check_csrf(field(&fields, "csrf"))?;
    match import::from_uploads(files) {
        Ok((_, new)) => {
            let evidence: usize = new.evidence.iter().map(|e| e.body.len()).sum();
            // Claimed first, so another group's subject is not hinted at by its quota.
            crate::groups::claim_subject(&state, &user.user, &user.scope, &new.subject).await?;
            crate::limits::within_quota(&state, &new.subject, None, evidence).await?;
            let id = state.store.create_assessment(&new, now()).await?;
            tracing::info!(user = ?user.user.name, id, "imported an assessment");
            Ok(Redirect::to(&format!("/assessments/{id}")).into_response())
        }
        Err(e) => {
            let html = render(
                &state,
                "import.html",
                merge(base(&user), context! { problems => e.0 }),
            )?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

/// The cached fragment of results, rendered once per revision.
fn results_fragment(state: &AppState, computed: &Computed) -> Result<String, AppError> {
    if let Some(html) = computed.fragments.get() {
        return Ok(html.clone());
    }
    let html = match &computed.results {
        Ok(results) => {
            let report = &results.report;
            let mut names = BTreeMap::new();
            for m in &report.models {
                for a in &m.areas {
                    for c in &a.criteria {
                        names.insert(c.id.clone(), c.name.clone());
                    }
                }
            }
            let bars: Vec<maturity_report::svg::Bar> = report
                .models
                .iter()
                .map(|m| maturity_report::svg::Bar {
                    label: &m.name,
                    value: m.score,
                    reference: m.benchmark.as_ref().map(|b| b.score),
                })
                .collect();
            let chart = maturity_report::svg::bars("Model scores", &bars);
            render(
                state,
                "results.html",
                context! {
                    report => ser(report),
                    names => names,
                    summary_chart => Value::from_safe_string(chart),
                },
            )?
        }
        Err(_) => String::new(),
    };
    Ok(computed.fragments.get_or_init(|| html).clone())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Html<String>, AppError> {
    let computed = state.cache.get(state.store.as_ref(), id).await?;
    let fragment = results_fragment(&state, &computed)?;
    let record = &computed.record;
    let models = computed
        .results
        .as_ref()
        .map(|r| r.assessment.models.clone())
        .unwrap_or_default();
    let criteria_count: usize = models.iter().map(|m| m.criteria().count()).sum();
    let area_name = |id: &str| {
        models
            .iter()
            .find_map(|m| m.area(id).map(|a| a.name.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    let respondents: Vec<Value> = record
        .respondents
        .iter()
        .map(|r| {
            // "Don't know" is an answer, stored without a level.
            let answered = r.answers.len();
            context! {
                id => r.id, name => &r.name, role => &r.role, invited => r.invited, revoked => r.revoked,
                answered => answered, answered_at => r.answered_at.filter(|_| counts(r)).map(when),
            }
        })
        .collect();
    // Whom to remind: invited, link active, nothing saved yet.
    let waiting: Vec<String> = record
        .respondents
        .iter()
        .filter(|r| r.invited && !r.revoked && r.answered_at.is_none())
        .map(|r| r.name.clone())
        .collect();
    let observations: Vec<Value> = record
        .observations
        .iter()
        .map(|o| context! { id => o.id, area => &o.area, area_name => area_name(&o.area), text => &o.text })
        .collect();
    let areas: Vec<Value> = models
        .iter()
        .flat_map(|m| {
            m.areas
                .iter()
                .map(move |a| context! { id => &a.id, name => &a.name, model => &m.name })
        })
        .collect();
    let plan = computed.results.as_ref().ok().map(plan_rows).unwrap_or_default();
    let evidence: Vec<Value> = computed
        .evidence
        .iter()
        .map(|e| {
            context! { kind => &e.kind, name => &e.name, source => &e.source, size => format!("{} bytes", e.body.len()), added => when(e.created_at) }
        })
        .collect();
    page(
        &state,
        "assessment.html",
        merge(
            base(&user),
            context! {
                a => ser(&record.summary),
                results_html => fragment,
                problems => computed.results.as_ref().err(),
                respondents => respondents,
                waiting => waiting,
                criteria_count => criteria_count,
                observations => observations,
                areas => areas,
                evidence => evidence,
                evidence_kinds => maturity_sources::SOURCES.iter().map(|s| s.kind()).collect::<Vec<_>>(),
                plan => plan,
                anonymous => computed.results.as_ref().ok().map(|r| r.assessment.config.report.anonymous),
                min_group => computed.results.as_ref().ok().and_then(|r| r.assessment.config.report.min_group),
                dora_groupings => computed.results.as_ref().ok().map(|r| dora_groupings(Some(&r.assessment.config.dora))),
                may_write => user.user.role >= Role::Assessor,
            },
        ),
    )
}

async fn download(state: &AppState, id: Id, format: Format) -> Result<Response, AppError> {
    let computed = state.cache.get(state.store.as_ref(), id).await?;
    let results = computed
        .results
        .as_ref()
        .map_err(|e| AppError::Conflict(format!("the assessment does not assemble: {e}")))?;
    let text = results.download(format)?.to_string();
    let (content_type, extension) = match format {
        Format::Html => ("text/html; charset=utf-8", "html"),
        Format::Markdown => ("text/markdown; charset=utf-8", "md"),
        Format::Json => ("application/json", "json"),
    };
    let file = format!("{}-report.{extension}", slug(&computed.record.summary.subject));
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        text,
    )
        .into_response())
}

pub async fn report_html(
    State(s): State<AppState>,
    _u: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    download(&s, id, Format::Html).await
}

pub async fn report_md(
    State(s): State<AppState>,
    _u: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    download(&s, id, Format::Markdown).await
}

pub async fn report_json(
    State(s): State<AppState>,
    _u: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    download(&s, id, Format::Json).await
}

pub async fn export(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    let computed = state.cache.get(state.store.as_ref(), id).await?;
    let folder = slug(&computed.record.summary.subject);
    let tar = import::tar_of(
        &folder,
        &crate::results::files(
            &computed.record,
            &crate::results::usable(&computed.evidence, &computed.record.settings),
        ),
    )
    .map_err(|e| AppError::Internal(format!("tar: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-tar".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{folder}.tar\""),
            ),
        ],
        tar,
    )
        .into_response())
}

pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    state.store.set_closed(id, true).await?;
    Ok(back(id))
}

/// The proposals an assessor can decide about: those planned, those next in line, and those
/// already included, excluded or done, each with where it stands and the decision taken.
fn plan_rows(results: &crate::results::Results) -> Vec<Value> {
    let Some(roadmap) = &results.report.roadmap else {
        return Vec::new();
    };
    let config = &results.assessment.config.roadmap;
    let catalog = maturity_model::Catalog::builtin();
    let decision = |id: &str| {
        let is = |ids: &[String]| ids.iter().any(|i| i == id);
        match (is(&config.include), is(&config.exclude), is(&config.done)) {
            (true, _, _) => "include",
            (_, true, _) => "exclude",
            (_, _, true) => "done",
            _ => "auto",
        }
    };
    let row = |id: &str, title: &str, place: String| {
        context! { id => id, title => title, place => place, decision => decision(id) }
    };
    let mut rows: Vec<Value> = Vec::new();
    let mut listed: Vec<&str> = Vec::new();
    for phase in &roadmap.phases {
        for p in &phase.proposals {
            rows.push(row(&p.id, &p.title, format!("phase {}", phase.number)));
            listed.push(&p.id);
        }
    }
    let others = roadmap
        .deferred
        .iter()
        .map(|id| (id, "next in line"))
        .chain(config.exclude.iter().map(|id| (id, "excluded")))
        .chain(config.done.iter().map(|id| (id, "done")))
        .chain(config.include.iter().map(|id| (id, "asked for")));
    for (id, place) in others {
        if listed.contains(&id.as_str()) {
            continue;
        }
        let title = catalog.get(id).map_or(id.as_str(), |p| p.title.as_str());
        rows.push(row(id, title, place.to_string()));
        listed.push(id);
    }
    rows
}

/// The assessor's plan decisions: each `decision.<proposal id>` field is `auto`, `include`,
/// `exclude` or `done`, and the three lists of `[roadmap]` are replaced by what the form says.
pub async fn plan_decisions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let record = state.store.assessment(id).await?.ok_or(AppError::NotFound)?;
    let catalog = maturity_model::Catalog::builtin();
    let mut lists: [(&str, Vec<toml::Value>); 3] = [
        ("include", Vec::new()),
        ("exclude", Vec::new()),
        ("done", Vec::new()),
    ];
    for (name, value) in &form {
        let Some(proposal) = name.strip_prefix("decision.") else {
            continue;
        };
        if catalog.get(proposal).is_none() {
            return Err(AppError::BadRequest(format!(
                "`{proposal}` is not a proposal of the catalog"
            )));
        }
        match lists.iter_mut().find(|(key, _)| key == value) {
            Some((_, ids)) => ids.push(toml::Value::String(proposal.to_string())),
            None if value == "auto" => {}
            None => {
                return Err(AppError::BadRequest(format!(
                    "the decision on `{proposal}` must be auto, include, exclude or done, not `{value}`"
                )));
            }
        }
    }
    update_settings(&state, &record, |settings| {
        let roadmap = settings
            .entry("roadmap")
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        let Some(roadmap) = roadmap.as_table_mut() else {
            return Err(AppError::Internal("stored [roadmap] is not a table".into()));
        };
        for (key, ids) in lists {
            if ids.is_empty() {
                roadmap.remove(key);
            } else {
                roadmap.insert(key.to_string(), toml::Value::Array(ids));
            }
        }
        if roadmap.is_empty() {
            settings.remove("roadmap");
        }
        Ok(())
    })
    .await?;
    Ok(back(id))
}

/// Anonymity of the results: `anonymous` (a checkbox) and `min_group`, the smallest role or
/// site group shown on its own (1 to the limit of respondents a form may name).
pub async fn anonymity(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let record = state.store.assessment(id).await?.ok_or(AppError::NotFound)?;
    let anonymous = field(&form, "anonymous").is_some_and(|v| v == "on");
    let min_group = match field(&form, "min_group").filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => Some(
            text.parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_MIN_GROUP).contains(n))
                .ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "min_group must be a whole number from 1 to {MAX_MIN_GROUP}, not `{text}`"
                    ))
                })?,
        ),
    };
    update_settings(&state, &record, |settings| {
        if anonymous {
            settings.insert("anonymous".into(), toml::Value::Boolean(true));
        } else {
            settings.remove("anonymous");
        }
        match min_group {
            Some(n) => settings.insert("min_group".into(), toml::Value::Integer(n)),
            None => settings.remove("min_group"),
        };
        Ok(())
    })
    .await?;
    Ok(back(id))
}

/// The DORA benchmark group the Quick Check is compared with: one field per grouping of DORA's
/// benchmarks (`industry`, `size`), each a group id or empty for none, kept as the `[dora]`
/// table of the assessment's `maturity.toml`. The organisation's industry and size are the
/// assessor's to say, once for the assessment, not each respondent's.
pub async fn dora_benchmark(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let record = state.store.assessment(id).await?.ok_or(AppError::NotFound)?;
    let mut chosen = toml::Table::new();
    for grouping in &Benchmarks::builtin().groupings {
        let Some(group) = field(&form, &grouping.key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
        else {
            continue;
        };
        if grouping.group(group).is_none() {
            return Err(AppError::BadRequest(format!(
                "{}: `{group}` is not one of DORA's groups; choose one of {}",
                grouping.key,
                grouping.ids().collect::<Vec<_>>().join(", ")
            )));
        }
        chosen.insert(grouping.key.clone(), toml::Value::String(group.to_string()));
    }
    update_settings(&state, &record, |settings| {
        if chosen.is_empty() {
            settings.remove("dora");
        } else {
            settings.insert("dora".into(), toml::Value::Table(chosen));
        }
        Ok(())
    })
    .await?;
    Ok(back(id))
}

/// The benchmark groupings for the assessment page's form, each with the group chosen.
fn dora_groupings(chosen: Option<&DoraConfig>) -> Vec<Value> {
    Benchmarks::builtin()
        .groupings
        .iter()
        .map(|g| {
            context! {
                key => &g.key,
                name => &g.name,
                groups => g.groups.iter().map(|b| context! { id => &b.id, name => &b.name }).collect::<Vec<_>>(),
                chosen => chosen.and_then(|c| c.groups.get(&g.key)),
            }
        })
        .collect()
}

/// The largest `min_group` the form takes: beyond it every breakdown would be hidden anyway.
const MAX_MIN_GROUP: i64 = 1000;

/// Changes the stored `maturity.toml` settings of an assessment through `change`, and checks
/// that the result still reads as a `maturity.toml` before storing it.
async fn update_settings(
    state: &AppState,
    record: &maturity_store::AssessmentRecord,
    change: impl FnOnce(&mut toml::Table) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let mut settings: toml::Table = record
        .settings
        .parse()
        .map_err(|e| AppError::Internal(format!("stored settings do not parse: {e}")))?;
    change(&mut settings)?;
    let text = settings.to_string();
    let check = format!("subject = \"check\"\n{text}");
    maturity_model::assessment::ConfigFile::parse("maturity.toml", &check)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    state.store.set_settings(record.summary.id, &text).await?;
    Ok(())
}

pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    state.store.set_closed(id, false).await?;
    Ok(back(id))
}
