//! The roadmap planner: from an assessment's criterion levels and a catalog of proposals to a
//! phased plan with the projected scores after each phase.
//!
//! It is pure and deterministic: the same input gives the same plan, byte for byte. It knows
//! models, levels and the catalog, and must not depend on files, the clock, rendering or the
//! CLI; the binary reads the user's catalog and target, the report draws the result.
//!
//! How a plan is made, one module per step:
//! 1. `targets`: a gap is a criterion below its target level. `choose`: a proposal's uplift is
//!    the sum, over the criteria it raises, of how far it brings each towards (never past) its
//!    target. Proposals with uplift are candidates; their prerequisites come along even
//!    without uplift.
//! 2. `order`: the chosen proposals are ordered topologically; among those whose prerequisites
//!    are placed, more uplift per effort point comes first, then the smaller id. A prerequisite
//!    inherits the value of the most valuable proposal waiting on it, so it is not put last
//!    merely because it raises little by itself.
//! 3. `choose`: walking that order, each proposal's uplift is taken again against the levels
//!    the earlier ones reach; a model with a score target stops counting once it reaches the
//!    score. A proposal that no longer adds anything, and that nothing kept needs, is dropped.
//! 4. `pack`: proposals are packed in order into exactly the phases asked for, each into the
//!    earliest phase, from its latest prerequisite's on (a prerequisite may share its
//!    dependant's phase, ordered first), that stays within an even share of the plan's effort;
//!    a proposal larger than that share into an empty phase; else into the least filled phase
//!    that stays within the capacity asked for. What a set capacity cannot hold moves out of
//!    the plan with a note; the plan never grows phases.
//! 5. `describe` and `projection`: each phase says what its proposals raise and why, and the
//!    scores projected once it is done.
//!
//! A criterion nobody gave a level is planned as level 1. The baseline and projected scores,
//! though, follow the scoring rule of reports: such a criterion is left out until a proposal
//! raises it, so the baseline equals the assessment's scores. Raising a criterion nobody rated
//! to a level below its area's mean can therefore lower a projected score; the plan says so.

mod choose;
mod config;
#[cfg(test)]
mod decisions_tests;
mod describe;
mod grid;
mod order;
mod output;
mod pack;
mod planner;
mod projection;
mod signals;
mod targets;
#[cfg(test)]
mod test_support;

pub use config::{DEFAULT_MAX_PROPOSALS, DEFAULT_TARGET_LEVEL, Effort, PlanConfig, Target, Weeks};
pub use output::{LevelChange, Phase, PlannedProposal, Range, Roadmap, Uplift, WeekRange};
pub use planner::{Situation, levels_from, met_levels_from, plan, plan_for};
pub use signals::{Signal, SignalKind, signals};
