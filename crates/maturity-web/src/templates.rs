//! The page templates, compiled into the binary. Names end in `.html`, so minijinja escapes
//! every value for HTML unless a template marks it `safe` (only our own SVG charts and the
//! cached results fragment, itself rendered with escaping, are).

use minijinja::Environment;

const TEMPLATES: [(&str, &str); 15] = [
    ("base.html", include_str!("../templates/base.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("assessments.html", include_str!("../templates/assessments.html")),
    ("new.html", include_str!("../templates/new.html")),
    ("import.html", include_str!("../templates/import.html")),
    ("secret.html", include_str!("../templates/secret.html")),
    ("admin.html", include_str!("../templates/admin.html")),
    ("assessment.html", include_str!("../templates/assessment.html")),
    ("delete.html", include_str!("../templates/delete.html")),
    ("invited.html", include_str!("../templates/invited.html")),
    ("results.html", include_str!("../templates/results.html")),
    ("history.html", include_str!("../templates/history.html")),
    ("compare.html", include_str!("../templates/compare.html")),
    ("portfolio.html", include_str!("../templates/portfolio.html")),
    ("survey.html", include_str!("../templates/survey.html")),
];

pub fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    for (name, text) in TEMPLATES {
        env.add_template(name, text)?;
    }
    // The same number formatting as the reports, so a page and a report never disagree.
    maturity_report::add_number_filters(&mut env);
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    #[test]
    fn values_are_escaped() {
        let env = environment().expect("templates compile");
        let html = env
            .get_template("login.html")
            .expect("login")
            .render(context! { error => "<script>alert(1)</script>", next => "/\"x", name => "a&b" })
            .expect("render");
        assert!(html.contains("&lt;script&gt;alert(1)"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("a&amp;b"));
    }
}
