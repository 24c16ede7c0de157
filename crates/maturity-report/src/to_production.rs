//! Lead time from work item to production: a tracker export's items joined with the work items
//! the delivery metrics found named in commits (docs/flow.md). An item is linked when a commit
//! message or a merged branch name names its id; it reached production with the delivery that
//! shipped the last of its commits, in every history that names it.
//!
//! Pure: the items and the metrics are given; nothing is read here.

use std::collections::HashMap;

use maturity_assess::metrics::work_items::join_key;
use maturity_flow::{Day, Percentiles, parse_date, summarize};
use serde::Serialize;

use crate::view::Delivery;

/// The join of one export with the delivery metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToProduction {
    /// Items of the export with a creation day.
    pub items: usize,
    /// Of those, named by at least one commit.
    pub linked: usize,
    /// Of those, with every commit naming them in production.
    pub delivered: usize,
    /// Days from creation to that delivery, counted as flow lead time is (the same day is 1);
    /// over the delivered items.
    pub days: Percentiles,
    /// The delivery sources whose commits were searched.
    pub sources: Vec<String>,
}

/// Joins `created` (each item's id and creation day) with the work items of `deliveries`;
/// `None` when no delivery source names any work item, so there is nothing to join with.
pub fn join(created: &[(String, Day)], deliveries: &[Delivery]) -> Option<ToProduction> {
    let sources: Vec<&Delivery> = deliveries
        .iter()
        .filter(|d| !d.metrics.work_items.is_empty())
        .collect();
    if sources.is_empty() {
        return None;
    }
    // By key: the day the last history shipped it, or `None` while one has not.
    let mut shipped: HashMap<&str, Option<Day>> = HashMap::new();
    for delivery in &sources {
        for item in &delivery.metrics.work_items {
            let day = item
                .delivered
                .as_deref()
                .and_then(|t| parse_date(t).ok())
                .map(Day::of);
            shipped
                .entry(item.id.as_str())
                .and_modify(|seen| *seen = seen.zip(day).map(|(a, b)| a.max(b)))
                .or_insert(day);
        }
    }
    let mut linked = 0;
    let mut days = Vec::new();
    for (id, created) in created {
        let Some(delivered) = shipped.get(join_key(id).as_str()) else {
            continue;
        };
        linked += 1;
        if let Some(delivered) = delivered {
            // Shipped before the tracker knew of it: the item was written down afterwards, and
            // a duration from it would be made up.
            if let Ok(span) = u32::try_from(delivered.number() - created.number() + 1)
                && span > 0
            {
                days.push(span);
            }
        }
    }
    Some(ToProduction {
        items: created.len(),
        linked,
        delivered: days.len(),
        days: summarize(&mut days),
        sources: sources.iter().map(|d| d.source.clone()).collect(),
    })
}
