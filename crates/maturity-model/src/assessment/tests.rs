//! Reading and checking `maturity.toml`: good files, and every bad form with its line.

use super::*;

fn assemble(config: &str, responses: &[&str]) -> Result<Assessment, Diagnostics> {
    Assessment::assemble(Sources {
        config: ConfigFile::parse("maturity.toml", config)?,
        model_files: Vec::new(),
        benchmark_files: Vec::new(),
        responses: responses
            .iter()
            .enumerate()
            .map(|(i, text)| (format!("responses/{i}.toml"), (*text).to_string()))
            .collect(),
    })
}

#[test]
fn defaults_and_dates() {
    let a = assemble("subject = \"S\"\ndate = 2026-10-14\n", &["respondent = \"a\"\n"]).expect("valid");
    assert_eq!(a.config.models, DEFAULT_MODELS);
    assert_eq!(a.config.date.as_deref(), Some("2026-10-14"));
    assert!(a.benchmark.is_none());
    let a = assemble(
        "subject = \"S\"\ndate = \"2026-01-02\"\nbenchmark = \"heavy-industry\"\nmodels = [\"testing\"]\n",
        &[],
    )
    .expect("valid");
    assert_eq!(a.config.date.as_deref(), Some("2026-01-02"));
    assert_eq!(a.benchmark.map(|b| b.id), Some("heavy-industry".to_string()));
    let a = assemble(
        "subject = \"S\"\n[evidence]\nrepositories = [\"../api\"]\nscans = [\"s.json\"]\n[roadmap]\nphases = 4\ncapacity = 12\nproposal_files = [\"p.toml\"]\n[roadmap.targets]\ndevops = 60\n[roadmap.levels]\n\"testing.unit\" = 3\n",
        &[],
    )
    .expect("valid");
    assert_eq!(a.config.evidence.repositories, ["../api"]);
    assert_eq!(a.config.evidence.files("scans").collect::<Vec<_>>(), ["s.json"]);
    let r = &a.config.roadmap;
    assert_eq!(
        (r.phases, r.capacity, r.proposal_files.as_slice()),
        (Some(4), Some(12), &["p.toml".to_string()][..])
    );
    assert_eq!(r.targets.get("devops"), Some(&60.0));
    assert_eq!(r.levels.get("testing.unit"), Some(&3));
    let a = assemble(
        "subject = \"S\"\n[roadmap]\ninclude = [\"kanban-flow-metrics\"]\nexclude = [\"pair-programming\"]\ndone = [\"code-review\"]\nmax_step = 2\nproposals = 12\npeople = 3\nstart = 2027-01-04\nweeks = { M = [2, 4] }\n",
        &[],
    )
    .expect("valid");
    let r = &a.config.roadmap;
    assert_eq!(
        (r.include.as_slice(), r.exclude.as_slice(), r.done.as_slice()),
        (
            &["kanban-flow-metrics".to_string()][..],
            &["pair-programming".to_string()][..],
            &["code-review".to_string()][..]
        )
    );
    assert_eq!(
        (r.max_step, r.max_proposals, r.people),
        (Some(2), Some(12), Some(3))
    );
    assert_eq!(r.start.as_deref(), Some("2027-01-04"));
    assert_eq!(r.weeks.get("M"), Some(&[2, 4]));
    assert_eq!(r.proposal_lines.get("code-review"), Some(&5));
}

#[test]
fn flow_stages_are_read_and_written_back_as_their_own_table() {
    let text = "subject = \"S\"\n[evidence]\nflow = [\"jira.csv\"]\n[flow]\nstarted = \"In Progress\"\ndone = \" Released \"\n";
    let a = assemble(text, &[]).expect("valid");
    let flow = &a.config.evidence.flow;
    assert_eq!(
        (flow.started.as_deref(), flow.done.as_deref()),
        (Some("In Progress"), Some("Released"))
    );
    let settings = crate::export::settings_toml(&a.config);
    assert!(
        settings.contains("[flow]\nstarted = \"In Progress\"\ndone = \"Released\""),
        "{settings}"
    );
    assert!(!settings.contains("[evidence]\nflow = {"), "{settings}");
    let again = assemble(&format!("subject = \"S\"\n{settings}"), &[]).expect("valid");
    assert_eq!(again.config.evidence, a.config.evidence);

    let err = assemble("subject = \"S\"\n[flow]\nstarted = \" \"\n", &[]).expect_err("empty stage");
    assert_eq!(err.0[0].line, Some(3));
    assert!(err.0[0].to_string().contains("[flow] started is empty"));
    let err = assemble("subject = \"S\"\n[flow]\nbegun = \"x\"\n", &[]).expect_err("unknown key");
    assert_eq!(err.0[0].line, Some(3));
}

#[test]
fn bad_configs_name_the_line() {
    let cases = [
        (
            "subject = \"S\"\nmodels = [\"devops\", \"autmation\"]\n",
            2,
            "unknown model `autmation` (did you mean `automation`?)",
        ),
        (
            "subject = \"S\"\nmodels = [\"devops\", \"devops\"]\n",
            2,
            "listed twice",
        ),
        (
            "subject = \"S\"\nbenchmark = \"heavy\"\n",
            2,
            "unknown benchmark `heavy` (did you mean `heavy-industry`?)",
        ),
        (
            "subject = \"S\"\ndate = \"last week\"\n",
            2,
            "not a calendar date",
        ),
        (
            "subject = \"S\"\ndate = 2026-10-14T10:00:00\n",
            2,
            "not a calendar date",
        ),
        ("subject = \" \"\n", 1, "subject is empty"),
        (
            "subject = \"S\"\n[[observations]]\narea = \"devops.leadershp\"\ntext = \"x\"\n",
            3,
            "did you mean `devops.leadership`?",
        ),
        (
            "subject = \"S\"\nmodel = [\"devops\"]\n",
            2,
            "unknown field `model`",
        ),
        ("subject = \"S\"\nmodels = \"devops\"\n", 2, "invalid type"),
        (
            "subject = \"S\"\n[roadmap]\nlevel = 5\n",
            3,
            "target level 5 is outside 1..4",
        ),
        (
            "subject = \"S\"\n[roadmap]\nphases = 0\n",
            3,
            "roadmap phases must be at least 1, not 0",
        ),
        (
            "subject = \"S\"\n[roadmap.targets]\ndevop = 50\n",
            3,
            "unknown model `devop` (did you mean `devops`?)",
        ),
        (
            "subject = \"S\"\n[roadmap.targets]\ndevops = 150\n",
            3,
            "target score 150 is outside 0..100",
        ),
        (
            "subject = \"S\"\n[roadmap.levels]\n\"testing.unit\" = 5\n",
            3,
            "target level 5 is outside 1..4",
        ),
        (
            "subject = \"S\"\n[roadmap.levels]\n\"testing.units\" = 3\n",
            3,
            "did you mean `testing.unit`?",
        ),
        (
            "subject = \"S\"\n[evidence]\nrepositories = \".\"\n",
            3,
            "[evidence] repositories must be a list of paths",
        ),
        (
            "subject = \"S\"\n[evidence]\nscans = [\"a.json\", 3]\n",
            3,
            "[evidence] scans must be a list of paths",
        ),
        (
            "subject = \"S\"\n[evidence]\nrelease_tags = [\"v*\"]\n",
            3,
            "[evidence] release_tags must be a string",
        ),
        ("subject = \"S\"\nevidence = 3\n", 2, "invalid type"),
        (
            "subject = \"S\"\n[roadmap]\ninclude = [\"a\"]\ndone = [\"a\"]\n",
            4,
            "proposal `a` is listed in roadmap include and done",
        ),
        (
            "subject = \"S\"\n[roadmap]\nmax_step = 0\n",
            3,
            "roadmap max_step must be at least 1, not 0",
        ),
        (
            "subject = \"S\"\n[roadmap]\npeople = -2\n",
            3,
            "roadmap people must be at least 1, not -2",
        ),
        (
            "subject = \"S\"\n[roadmap]\nstart = \"next monday\"\n",
            3,
            "date is not a calendar date",
        ),
        (
            "subject = \"S\"\n[roadmap]\nweeks = { M = [6, 3] }\n",
            3,
            "roadmap weeks for M must be [min, max] with 1 <= min <= max",
        ),
        (
            "subject = \"S\"\n[roadmap]\nweeks = { XL = [6, 9] }\n",
            3,
            "roadmap weeks for unknown size `XL`",
        ),
        ("subject = \"S\"\n[roadmap]\ninclude = \"a\"\n", 3, "invalid type"),
    ];
    for (config, line, expected) in cases {
        let err = assemble(config, &[]).expect_err(config);
        assert_eq!(err.0[0].line, Some(line), "{config}: {err}");
        assert_eq!(err.0[0].file, "maturity.toml");
        assert!(err.to_string().contains(expected), "{config}: {err}");
    }
}

#[test]
fn report_keys_background_and_kpis() {
    let a = assemble(
        "subject = \"S\"\nanonymous = true\n[background]\ntext = \" Why we asked. \"\ngoals = [\"faster releases\", \" \"]\n[[kpis]]\nname = \"Lead time\"\nbaseline = 20\ntarget = 5.5\nunit = \"days\"\nmetric = \"lead_time\"\n[[kpis]]\nname = \"Quality\"\n",
        &[],
    )
    .expect("valid");
    let r = &a.config.report;
    assert!(r.anonymous);
    assert_eq!(r.min_group(), DEFAULT_MIN_GROUP);
    assert_eq!(r.background.text.as_deref(), Some("Why we asked."));
    assert_eq!(r.background.goals, ["faster releases"]);
    assert_eq!(
        r.kpis,
        [
            Kpi {
                name: "Lead time".into(),
                baseline: Some(20.0),
                target: Some(5.5),
                unit: Some("days".into()),
                metric: Some("lead_time".into()),
            },
            Kpi {
                name: "Quality".into(),
                baseline: None,
                target: None,
                unit: None,
                metric: None,
            }
        ]
    );
    let named = assemble("subject = \"S\"\nmin_group = 5\n", &[]).expect("valid");
    assert_eq!(
        named.config.report.min_group(),
        1,
        "min_group only applies to anonymous reports"
    );
}

#[test]
fn bad_kpis_and_report_keys_name_the_line() {
    let cases = [
        (
            "subject = \"S\"\n[[kpis]]\nname = \"L\"\ntagret = 3\n",
            4,
            "unknown kpi key `tagret` (did you mean `target`?)",
        ),
        (
            "subject = \"S\"\n[[kpis]]\nname = \"L\"\nmetric = \"lead-time\"\n",
            4,
            "unknown kpi metric `lead-time` (did you mean `lead_time`?)",
        ),
        (
            "subject = \"S\"\n[[kpis]]\nname = \"L\"\nmetric = \"happiness\"\n",
            4,
            "measured metrics: lead_time, change_failure_rate",
        ),
        (
            "subject = \"S\"\n[[kpis]]\nname = \"L\"\nbaseline = \"20 days\"\n",
            4,
            "kpi baseline must be a number",
        ),
        (
            "subject = \"S\"\n[[kpis]]\nname = \" \"\n",
            3,
            "kpi name must be a non-empty string",
        ),
        (
            "subject = \"S\"\n[[kpis]]\nunit = \"days\"\n",
            2,
            "kpi has no name",
        ),
        (
            "subject = \"S\"\nmin_group = 0\n",
            2,
            "min_group must be at least 1, not 0",
        ),
        ("subject = \"S\"\nanonymous = \"yes\"\n", 2, "invalid type"),
        (
            "subject = \"S\"\n[background]\ntxt = \"x\"\n",
            3,
            "unknown field `txt`",
        ),
    ];
    for (config, line, expected) in cases {
        let err = assemble(config, &[]).expect_err(config);
        assert_eq!(err.0[0].line, Some(line), "{config}: {err}");
        assert_eq!(err.0[0].file, "maturity.toml");
        assert!(err.to_string().contains(expected), "{config}: {err}");
    }
}

#[test]
fn a_model_listed_many_times_is_one_problem() {
    for (id, expected) in [("devops", "listed twice"), ("nope", "unknown model `nope`")] {
        let list = vec![format!("\"{id}\""); 20_000].join(", ");
        let err = assemble(&format!("subject = \"S\"\nmodels = [\"devops\", {list}]\n"), &[]).expect_err(id);
        assert_eq!(err.0.len(), 1, "{id}: {err}");
        assert!(err.0[0].message.contains(expected), "{err}");
    }
}

#[test]
fn duplicate_respondents_name_both_files() {
    let err = assemble(
        "subject = \"S\"\n",
        &["respondent = \"a\"\n", "role = \"x\"\nrespondent = \"a\"\n"],
    )
    .expect_err("duplicate");
    let d = &err.0[0];
    assert_eq!((d.file.as_str(), d.line), ("responses/1.toml", Some(2)));
    assert!(
        d.message.contains("already answered in responses/0.toml"),
        "{err}"
    );
}

#[test]
fn problems_in_config_and_responses_are_reported_together() {
    let err = assemble(
        "subject = \"S\"\nmodels = [\"devops\", \"nope\"]\n",
        &[
            "respondent = \"a\"\n[answers]\n\"devops.leadership\" = 9\n",
            "respondent = \"b\"\n[answers]\n\"devops.x\" = 1\n",
        ],
    )
    .expect_err("three problems");
    let places: Vec<_> = err.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(
        places,
        [
            ("maturity.toml", Some(2)),
            ("responses/0.toml", Some(3)),
            ("responses/1.toml", Some(3))
        ]
    );
}
