//! The planner's working form of its input: criteria and proposals by index instead of id,
//! so every step indexes plain vectors and iterates in model and catalog order.

use std::collections::HashMap;

use maturity_model::{Catalog, Model};

use super::config::PlanConfig;

/// Level differences smaller than this are rounding, not uplift: levels are means of answers.
pub(super) const EPSILON: f64 = 1e-9;

/// The criteria of the assessment's models, by index, with their model and area.
pub(super) struct Grid<'a> {
    pub(super) models: &'a [Model],
    pub(super) ids: Vec<&'a str>,
    pub(super) index: HashMap<&'a str, usize>,
    pub(super) model_of: Vec<usize>,
    /// Per model, per area, the indices of its criteria.
    pub(super) areas: Vec<Vec<Vec<usize>>>,
}

impl<'a> Grid<'a> {
    pub(super) fn new(models: &'a [Model]) -> Self {
        let mut grid = Grid {
            models,
            ids: Vec::new(),
            index: HashMap::new(),
            model_of: Vec::new(),
            areas: Vec::new(),
        };
        for (m, model) in models.iter().enumerate() {
            let mut areas = Vec::new();
            for area in &model.areas {
                let mut criteria = Vec::new();
                for criterion in &area.criteria {
                    if grid.index.contains_key(criterion.id.as_str()) {
                        continue;
                    }
                    grid.index.insert(&criterion.id, grid.ids.len());
                    criteria.push(grid.ids.len());
                    grid.ids.push(&criterion.id);
                    grid.model_of.push(m);
                }
                areas.push(criteria);
            }
            grid.areas.push(areas);
        }
        grid
    }

    /// The catalog's proposals in catalog order, each with the raises of criteria this grid has.
    pub(super) fn items(&self, catalog: &Catalog, config: &PlanConfig) -> Vec<Item> {
        catalog
            .proposals()
            .iter()
            .map(|p| Item {
                raises: p
                    .raises
                    .iter()
                    .filter_map(|r| Some((*self.index.get(r.criterion.as_str())?, r.to)))
                    .collect(),
                requires: p.requires.iter().filter_map(|r| catalog.position(r)).collect(),
                recommends: p.recommends.iter().filter_map(|r| catalog.position(r)).collect(),
                effort: config.effort_of(p.difficulty),
            })
            .collect()
    }
}

/// A proposal as the planner sees it: indices instead of ids, only raises of known criteria.
pub(super) struct Item {
    pub(super) raises: Vec<(usize, u8)>,
    pub(super) requires: Vec<usize>,
    /// Soft prerequisites: placed first when both are planned, never brought in.
    pub(super) recommends: Vec<usize>,
    pub(super) effort: u32,
}

impl Item {
    /// Hard then soft prerequisites.
    pub(super) fn links(&self) -> impl Iterator<Item = usize> + '_ {
        self.requires.iter().chain(&self.recommends).copied()
    }
}
