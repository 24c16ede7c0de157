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
    days.sort_unstable();
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
}
