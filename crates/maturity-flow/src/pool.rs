//! What the work items of one read share: their ids end to end in one text, the names of the
//! stages they are in (each name once), and their stage dates in rows of one width. A million
//! items are then a handful of allocations rather than two each, and a work item is 32 bytes
//! that refer into the pool.

use std::collections::HashMap;

use crate::day::Day;
use crate::item::WorkItem;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pool {
    ids: String,
    names: Vec<Box<str>>,
    named: HashMap<Box<str>, u32>,
    dates: Vec<Option<Day>>,
    width: usize,
}

/// Why an item could not be added: one export held more than the four-byte offsets reach.
pub(crate) const TOO_BIG: &str =
    "more than 4 GiB of ids or 4 billion stage dates in one export: split it into several files";

impl Pool {
    /// An empty pool for items with `width` stage dates each, room made for about `items`.
    pub fn new(width: usize, items: usize) -> Self {
        Self {
            width,
            dates: Vec::with_capacity(items.saturating_mul(width)),
            ..Self::default()
        }
    }

    /// The number of a stage name, the same for every item in that stage.
    pub fn name(&mut self, name: &str) -> u32 {
        if let Some(number) = self.named.get(name) {
            return *number;
        }
        let number = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.into());
        self.named.insert(name.into(), number);
        number
    }

    /// A new item with `id`, in stage name `stage` (a number from [`Pool::name`]), entered
    /// stages on `entered` (as many as the width; missing ones are `None`), read from `line`.
    pub fn add(
        &mut self,
        id: &str,
        stage: u32,
        entered: &[Option<Day>],
        line: usize,
    ) -> Result<WorkItem, &'static str> {
        let id_at = u32::try_from(self.ids.len()).map_err(|_| TOO_BIG)?;
        let id_len = u32::try_from(id.len()).map_err(|_| TOO_BIG)?;
        let row = u32::try_from(self.rows()).map_err(|_| TOO_BIG)?;
        id_at.checked_add(id_len).ok_or(TOO_BIG)?;
        self.ids.push_str(id);
        let width = self.width;
        self.dates
            .extend((0..width).map(|i| entered.get(i).copied().flatten()));
        Ok(WorkItem::new(id_at, id_len, stage, row, line))
    }

    fn rows(&self) -> usize {
        self.dates.len().checked_div(self.width).unwrap_or(0)
    }

    pub fn id(&self, item: &WorkItem) -> &str {
        let (at, len) = item.id_span();
        self.ids.get(at..at + len).unwrap_or_default()
    }

    pub fn stage(&self, item: &WorkItem) -> &str {
        self.names.get(item.stage_number()).map_or("", |n| n)
    }

    pub fn entered(&self, item: &WorkItem) -> &[Option<Day>] {
        let at = item.row() * self.width;
        self.dates.get(at..at + self.width).unwrap_or_default()
    }

    /// Moves `other`'s text and dates to the end of this pool, and `items` (which refer into
    /// `other`) to refer to them here. Both pools have one width.
    pub fn append(&mut self, other: Self, items: &mut [WorkItem]) -> Result<(), &'static str> {
        let ids_by = u32::try_from(self.ids.len()).map_err(|_| TOO_BIG)?;
        let rows_by = u32::try_from(self.rows()).map_err(|_| TOO_BIG)?;
        u32::try_from(self.ids.len() + other.ids.len()).map_err(|_| TOO_BIG)?;
        u32::try_from(self.rows() + other.rows()).map_err(|_| TOO_BIG)?;
        let names: Vec<u32> = other.names.iter().map(|n| self.name(n)).collect();
        for item in items {
            let stage = names.get(item.stage_number()).copied().unwrap_or(0);
            item.move_by(ids_by, rows_by, stage);
        }
        self.ids.push_str(&other.ids);
        self.dates.extend(other.dates);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_refer_into_the_pool_and_follow_it_when_appended() {
        let day = |n| Some(Day::from_number(n));
        let mut first = Pool::new(3, 2);
        let doing = first.name("Doing");
        let a = first.add("A-1", doing, &[day(1), None, day(3)], 2).expect("fits");
        let mut second = Pool::new(3, 2);
        let done = second.name("Done");
        let doing_there = second.name("Doing");
        let mut more = vec![
            second.add("B-22", done, &[day(5)], 7).expect("fits"),
            second
                .add("", doing_there, &[None, day(6), None], 9)
                .expect("fits"),
        ];
        first.append(second, &mut more).expect("fits");
        assert_eq!((first.id(&a), first.stage(&a)), ("A-1", "Doing"));
        assert_eq!(first.entered(&a), [day(1), None, day(3)]);
        assert_eq!((first.id(&more[0]), first.stage(&more[0])), ("B-22", "Done"));
        assert_eq!(first.entered(&more[0]), [day(5), None, None]);
        assert_eq!((first.id(&more[1]), first.stage(&more[1])), ("", "Doing"));
        assert_eq!(first.entered(&more[1]), [None, day(6), None]);
        assert_eq!((more[0].line, more[1].line), (7, 9));
        assert_eq!(first.names.len(), 2);
        assert_eq!(std::mem::size_of::<WorkItem>(), 32);
    }
}
