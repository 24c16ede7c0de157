//! The catalog as data: proposals, what they raise, how hard they are, and the lookups the
//! planner and the CLI make. A `Catalog` is only built by `parse`, which runs every check,
//! so holding one means holding a validated catalog.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

/// The lowest level a proposal may raise a criterion to: level 1 is where every team starts.
pub const MIN_RAISE: u8 = 2;

/// How big a proposal is: S takes days, M weeks, L months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Difficulty {
    S,
    M,
    L,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::S, Difficulty::M, Difficulty::L];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::S => "S",
            Difficulty::M => "M",
            Difficulty::L => "L",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// Kebab-case, unique in the catalog.
    pub id: String,
    pub title: String,
    pub description: String,
    pub difficulty: Difficulty,
    /// Ids of the proposals that must be done before this one, in file order.
    pub requires: Vec<String>,
    /// Ids of proposals best done before this one when both are planned; unlike `requires`,
    /// they are not brought into a plan for this one's sake.
    pub recommends: Vec<String>,
    /// Who can carry it out, in file order.
    pub roles: Vec<Role>,
    /// The criteria this proposal brings up, and to which level, once it is done.
    pub raises: Vec<Raise>,
}

impl Proposal {
    /// Every prerequisite, hard then soft: `requires`, then `recommends`.
    pub fn links(&self) -> impl Iterator<Item = &String> {
        self.requires.iter().chain(&self.recommends)
    }
}

/// The people a proposal needs, as a team names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Developer,
    Tester,
    Operations,
    Architect,
    ProductOwner,
    Manager,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Developer,
        Role::Tester,
        Role::Operations,
        Role::Architect,
        Role::ProductOwner,
        Role::Manager,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Developer => "developer",
            Role::Tester => "tester",
            Role::Operations => "operations",
            Role::Architect => "architect",
            Role::ProductOwner => "product-owner",
            Role::Manager => "manager",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Raise {
    /// Qualified criterion id, `<model>.<criterion>`.
    pub criterion: String,
    /// The level (2..=4) the criterion reaches once the proposal is done.
    pub to: u8,
}

/// A validated set of proposals, in file order (built-in first, then a user's new ones).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    pub(super) proposals: Vec<Proposal>,
    /// Where each proposal was written, parallel to `proposals`, so checks on a merged
    /// catalog can still point into the file the proposal came from.
    #[serde(skip)]
    pub(super) places: Vec<Place>,
    #[serde(skip)]
    pub(super) sources: Vec<Source>,
    #[serde(skip)]
    pub(super) index: HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Place {
    pub(super) source: usize,
    pub(super) id: usize,
    /// Byte offsets of the `requires` then the `recommends` entries, parallel to
    /// `Proposal::links`.
    pub(super) links: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Source {
    pub(super) file: String,
    pub(super) text: String,
}

impl Catalog {
    pub fn proposals(&self) -> &[Proposal] {
        &self.proposals
    }

    pub fn get(&self, id: &str) -> Option<&Proposal> {
        self.position(id).map(|i| &self.proposals[i])
    }

    /// The index of a proposal in `proposals()`, for callers that keep per-proposal tables.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.proposals.iter().map(|p| p.id.as_str())
    }

    pub fn len(&self) -> usize {
        self.proposals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.proposals.is_empty()
    }

    /// The file a proposal was read from (`<built-in>/proposals.toml` for built-in ones).
    pub fn file_of(&self, id: &str) -> Option<&str> {
        let place = &self.places[self.position(id)?];
        Some(self.sources[place.source].file.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposal::test_support::{GOOD, parse};

    #[test]
    fn difficulty_serializes_as_its_letter() {
        let catalog = parse(GOOD).expect("valid");
        let text = toml::to_string(&catalog).expect("serializable");
        assert!(text.contains("difficulty = \"M\""), "{text}");
        for d in Difficulty::ALL {
            assert_eq!(Difficulty::parse(&d.to_string()), Some(d));
        }
        assert_eq!(Difficulty::parse("m"), None);
    }
}
