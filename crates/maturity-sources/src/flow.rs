//! Work-item flow: tracker exports (Jira CSV, Azure Boards CSV, `gh issue list --json`, stage
//! columns) listed under `[evidence] flow`, or pushed to `POST /api/v1/flow`. The export itself
//! is the saved result: it is kept and exported byte for byte, and measured wherever it is read
//! (up to the latest date it holds, never the clock), so a web export reads back in the CLI to
//! the same report. It yields observed levels and the report's flow section (docs/flow.md).

use maturity_flow::{Flow, Options, Read, Stages, measure, observed_levels, read};
use maturity_model::assessment::{EvidenceConfig, FlowConfig};
use maturity_model::evidence::{Evidence as Shown, ObservedLevel};
use maturity_report::{FlowSection, Gathered};

use crate::error::{ParseError, SourceError};
use crate::source::{Evidence, Reading, Repository, Source};

pub struct WorkItems;

const LABEL: &str = "work items";

impl Source for WorkItems {
    fn kind(&self) -> &'static str {
        "flow"
    }

    fn key(&self) -> &'static str {
        "flow"
    }

    fn produced_by(&self) -> &'static str {
        "work-item exports (Jira CSV, Azure Boards CSV, `gh issue list --json \
         number,title,state,createdAt,closedAt,labels`, or `ID, Title, <stage>, …` CSV)"
    }

    fn saved_label(&self) -> &'static str {
        LABEL
    }

    fn read_repository(&self, _repository: &Repository) -> Result<Option<Evidence>, SourceError> {
        Ok(None)
    }

    fn parse(&self, text: &str) -> Result<Box<dyn Reading>, ParseError> {
        self.parse_with(text, &EvidenceConfig::default())
    }

    fn parse_with(&self, text: &str, config: &EvidenceConfig) -> Result<Box<dyn Reading>, ParseError> {
        let stages = stages(&config.flow);
        let read = read("", text, &stages);
        // A file nothing could be read from is refused, as other sources refuse a body of the
        // wrong shape; bad rows of a readable export are shown, not refused.
        if read.formats.iter().all(|(_, format)| format.is_none())
            && let Some(problem) = read.unreadable.first()
        {
            return Err(ParseError {
                line: problem.line,
                column: 1,
                message: problem.error.clone(),
            });
        }
        let flow = measure(&read, &Options::default());
        Ok(Box::new(FlowReading { read, flow }))
    }
}

fn stages(config: &FlowConfig) -> Stages {
    Stages {
        started: config.started.clone(),
        done: config.done.clone(),
    }
}

#[derive(Debug)]
struct FlowReading {
    read: Read,
    flow: Flow,
}

impl FlowReading {
    /// The flow with its files and bad rows named by the path in `label`.
    fn named(&self, label: &str) -> Flow {
        let path = label.strip_prefix(LABEL).map_or(label, str::trim_start);
        let mut flow = self.flow.clone();
        for file in &mut flow.files {
            file.path = path.to_string();
        }
        for problem in &mut flow.unreadable {
            problem.path = path.to_string();
        }
        flow
    }
}

impl Reading for FlowReading {
    fn observed(&self, label: &str) -> Vec<ObservedLevel> {
        observed_levels(&self.read, &self.flow)
            .into_iter()
            .map(|level| ObservedLevel {
                criterion: level.criterion,
                level: level.level,
                rule: level.rule,
                source: label.to_string(),
                evidence: level
                    .numbers
                    .iter()
                    .map(|(name, number)| Shown {
                        message: format!("{name} = {number}"),
                        location: None,
                    })
                    .collect(),
            })
            .collect()
    }

    fn add_sections(&self, label: &str, gathered: &mut Gathered) {
        gathered.flow.push(FlowSection {
            source: label.to_string(),
            flow: self.named(label),
            created: self
                .read
                .items
                .iter()
                .filter_map(|item| Some((self.read.id(item).to_string(), item.created?)))
                .collect(),
            to_production: None,
        });
    }
}
