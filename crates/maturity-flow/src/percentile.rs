//! Percentiles by nearest rank, the definition flow tools use (ActionableAgile, Vacanti's
//! books): the p-th percentile is the smallest value at least p % of the values are not above,
//! so it is always a duration some item really had.

use crate::output::Percentiles;

/// The value at nearest rank ⌈p/100 × n⌉ of values sorted ascending; `None` when empty.
pub fn nearest_rank(sorted: &[u32], p: u32) -> Option<u32> {
    let n = sorted.len();
    let rank = (usize::try_from(p).ok()?.saturating_mul(n)).div_ceil(100).max(1);
    sorted.get(rank.min(n).checked_sub(1)?).copied()
}

/// Sorts `days` and summarises them.
pub fn summarize(days: &mut [u32]) -> Percentiles {
    sort_days(days);
    let sum: u64 = days.iter().map(|d| u64::from(*d)).sum();
    #[allow(clippy::cast_precision_loss)]
    let mean = (!days.is_empty()).then(|| (sum as f64 / days.len() as f64 * 10.0).round() / 10.0);
    Percentiles {
        count: days.len(),
        p50: nearest_rank(days, 50),
        p70: nearest_rank(days, 70),
        p85: nearest_rank(days, 85),
        p95: nearest_rank(days, 95),
        mean,
    }
}

/// Durations in days span a few hundred values however many there are: counted, a million
/// sort in one pass; a wide spread falls back to sorting.
pub(crate) fn sort_days(days: &mut [u32]) {
    let Some(&max) = days.iter().max() else {
        return;
    };
    let width = usize::try_from(max).unwrap_or(usize::MAX).saturating_add(1);
    if days.len() < 1024 || width > days.len().max(1 << 16) {
        days.sort_unstable();
        return;
    }
    let mut counts = vec![0usize; width];
    for d in days.iter() {
        counts[*d as usize] += 1;
    }
    let mut at = 0;
    for (value, count) in counts.into_iter().enumerate() {
        let value = u32::try_from(value).unwrap_or(max);
        days[at..at + count].fill(value);
        at += count;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_by_hand() {
        // rank = ceil(p × n / 100): n = 10 → p50 rank 5, p70 rank 7, p85 rank 9, p95 rank 10.
        let ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        let cases: [(&[u32], u32, Option<u32>); 9] = [
            (&[], 50, None),
            (&[7], 95, Some(7)),
            (&ten, 50, Some(5)),
            (&ten, 70, Some(7)),
            (&ten, 85, Some(9)),
            (&ten, 95, Some(10)),
            // n = 4: p50 rank 2, p85 rank ceil(3.4) = 4.
            (&[1, 2, 3, 40], 50, Some(2)),
            (&[1, 2, 3, 40], 85, Some(40)),
            (&[1, 2, 3, 40], 0, Some(1)),
        ];
        for (values, p, expected) in cases {
            assert_eq!(nearest_rank(values, p), expected, "{values:?} p{p}");
        }
    }

    #[test]
    fn summary_with_mean() {
        let mut days = vec![10, 1, 3, 2, 4];
        let s = summarize(&mut days);
        // Sorted 1 2 3 4 10: p50 rank 3, p70 rank 4 (3.5↑), p85 rank 5, p95 rank 5; mean 4.
        assert_eq!(
            s,
            Percentiles {
                count: 5,
                p50: Some(3),
                p70: Some(4),
                p85: Some(10),
                p95: Some(10),
                mean: Some(4.0)
            }
        );
        assert_eq!(summarize(&mut []), Percentiles::default());
        assert_eq!(summarize(&mut [1, 2, 2]).mean, Some(1.7));
    }

    #[test]
    fn counted_sort_sorts() {
        let mut rng = 7u64;
        let mut next = |bound: u64| {
            rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            u32::try_from((rng >> 33) % bound).unwrap_or(0)
        };
        for (n, bound) in [(0, 10), (5, 10), (5000, 1), (5000, 400), (5000, 1 << 30)] {
            let mut days: Vec<u32> = (0..n).map(|_| next(bound)).collect();
            let mut expected = days.clone();
            expected.sort_unstable();
            sort_days(&mut days);
            assert_eq!(days, expected, "{n} below {bound}");
        }
    }
}
