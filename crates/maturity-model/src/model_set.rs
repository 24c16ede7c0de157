//! The models an invocation knows: the built-in ones compiled into the binary plus any model
//! files a user adds. Looking up a criterion by id goes through here.

use std::sync::OnceLock;

use crate::diagnostic::{Diagnostic, Diagnostics, nearest};
use crate::model::{Area, Criterion, Model, parse_model};

const BUILTIN: [(&str, &str); 3] = [
    ("devops.toml", include_str!("../data/models/devops.toml")),
    ("automation.toml", include_str!("../data/models/automation.toml")),
    ("testing.toml", include_str!("../data/models/testing.toml")),
];

#[derive(Debug, Clone, PartialEq)]
pub struct ModelSet {
    models: Vec<Model>,
}

impl ModelSet {
    /// The three built-in models, `devops`, `automation` and `testing`. Parsed once per
    /// process: a server builds reports, plans and pages from them on every request.
    pub fn builtin() -> Self {
        static BUILT: OnceLock<ModelSet> = OnceLock::new();
        BUILT
            .get_or_init(|| {
                let models = BUILTIN
                    .iter()
                    .map(|(name, text)| {
                        parse_model(&format!("<built-in>/models/{name}"), text)
                            .expect("built-in models are validated by the model tests")
                    })
                    .collect();
                Self { models }
            })
            .clone()
    }

    /// The built-in models plus `extra` models (already validated) whose ids are not taken.
    pub fn builtin_with(extra: &[Model]) -> Self {
        let mut set = Self::builtin();
        for model in extra {
            if set.get(&model.id).is_none() {
                set.models.push(model.clone());
            }
        }
        set
    }

    /// Parses a user's model file and adds it; its id must not clash with a known model.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<&Model, Diagnostics> {
        let model = parse_model(file, text)?;
        if self.get(&model.id).is_some() {
            let offset = text.find(&format!("\"{}\"", model.id)).unwrap_or(0);
            return Err(Diagnostics::one(
                Diagnostic::new(file, format!("a model with id `{}` is already defined", model.id))
                    .at(text, offset)
                    .with_help("give your model its own id; built-in ids are devops, automation and testing"),
            ));
        }
        self.models.push(model);
        Ok(self.models.last().expect("just pushed"))
    }

    pub fn models(&self) -> &[Model] {
        &self.models
    }

    pub fn get(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|model| model.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.models.iter().map(|model| model.id.as_str())
    }

    /// The model, area and criterion of a qualified criterion id.
    pub fn criterion(&self, id: &str) -> Option<(&Model, &Area, &Criterion)> {
        self.models.iter().find_map(|model| {
            model.areas.iter().find_map(|area| {
                area.criteria
                    .iter()
                    .find(|criterion| criterion.id == id)
                    .map(|criterion| (model, area, criterion))
            })
        })
    }

    /// The model and area of a qualified area id.
    pub fn area(&self, id: &str) -> Option<(&Model, &Area)> {
        self.models
            .iter()
            .find_map(|model| model.area(id).map(|area| (model, area)))
    }

    /// The known id nearest to a mistyped model id.
    pub fn nearest_model(&self, wrong: &str) -> Option<&str> {
        nearest(wrong, self.ids())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_models_have_exactly_the_designed_ids() {
        let set = ModelSet::builtin();
        let ids = |model: &str| -> Vec<String> {
            set.get(model)
                .expect(model)
                .criteria()
                .map(|c| c.id.clone())
                .collect()
        };
        assert_eq!(
            ids("devops"),
            [
                "devops.leadership",
                "devops.organization-culture",
                "devops.environments-release",
                "devops.builds-ci",
                "devops.quality-assurance",
                "devops.visibility-reporting",
                "devops.technologies-architecture"
            ]
        );
        assert_eq!(
            ids("automation"),
            [
                "automation.access-rights",
                "automation.server-management",
                "automation.service-configuration",
                "automation.development-environments",
                "automation.builds-compilation",
                "automation.deployment",
                "automation.package-management",
                "automation.ci-levels",
                "automation.test-automation-level",
                "automation.code-quality",
                "automation.quality-gates",
                "automation.testing-tools",
                "automation.shared-components",
                "automation.dependency-monitoring",
                "automation.development-tools",
                "automation.technology-architecture",
                "automation.transparency",
                "automation.dev-prod-sharing",
                "automation.production-monitoring",
                "automation.version-control"
            ]
        );
        assert_eq!(
            ids("testing"),
            [
                "testing.unit",
                "testing.integration",
                "testing.system",
                "testing.performance",
                "testing.security"
            ]
        );
        let area_counts: Vec<usize> = set.models().iter().map(|m| m.areas.len()).collect();
        assert_eq!(area_counts, [7, 5, 1]);
        assert!(
            set.get("automation")
                .expect("automation")
                .areas
                .iter()
                .all(|a| a.criteria.len() == 4)
        );
    }

    #[test]
    fn lookups_by_qualified_id() {
        let set = ModelSet::builtin();
        let (model, area, criterion) = set.criterion("automation.code-quality").expect("known");
        assert_eq!(
            (model.id.as_str(), area.id.as_str()),
            ("automation", "automation.quality-assurance")
        );
        assert_eq!(criterion.levels.len(), 4);
        assert!(set.criterion("automation.nope").is_none());
        assert_eq!(
            set.area("devops.builds-ci").map(|(m, _)| m.id.as_str()),
            Some("devops")
        );
        assert_eq!(set.nearest_model("devop"), Some("devops"));
    }

    #[test]
    fn a_user_model_cannot_take_a_builtin_id() {
        let mut set = ModelSet::builtin();
        let text = "id = \"devops\"\nname = \"Mine\"\n[[areas]]\nid = \"a\"\nname = \"A\"\n[[areas.criteria]]\nid = \"c\"\nname = \"C\"\nquestion = \"Q\"\nlevels = [\"1\", \"2\", \"3\", \"4\"]\n";
        let err = set.add_file("mine.toml", text).expect_err("clash");
        assert_eq!(err.0[0].line, Some(1));
        let renamed = text.replacen("\"devops\"", "\"mine\"", 1);
        assert_eq!(set.add_file("mine.toml", &renamed).expect("ok").id, "mine");
        assert!(set.criterion("mine.c").is_some());
    }
}
