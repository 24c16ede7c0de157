//! Quantiles by the "type 7" definition (numpy's and Excel's default): linear interpolation
//! between the closest ranks, so results match what users get from a spreadsheet.
//!
//! Pure arithmetic; no dependency beyond `serde` for the summary type.

use serde::Serialize;

/// The `p` quantile (0 ≤ p ≤ 1) of values sorted ascending; `None` when there are none.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let p = p.clamp(0.0, 1.0);
    #[allow(clippy::cast_precision_loss)]
    let h = last as f64 * p;
    let lower = h.floor();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = lower as usize;
    let below = sorted[i];
    let above = sorted[(i + 1).min(last)];
    Some(below + (h - lower) * (above - below))
}

/// Median, 75th and 90th percentile and count of a sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub median: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    pub count: usize,
}

/// Sorts `values` in place and summarises them.
pub fn summarize(values: &mut [f64]) -> Summary {
    values.sort_unstable_by(f64::total_cmp);
    Summary {
        median: quantile_sorted(values, 0.5),
        p75: quantile_sorted(values, 0.75),
        p90: quantile_sorted(values, 0.9),
        count: values.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_7_cases() {
        // Expected values from numpy.quantile(values, p) (method="linear").
        let cases: [(&[f64], f64, Option<f64>); 8] = [
            (&[], 0.5, None),
            (&[5.0], 0.9, Some(5.0)),
            (&[1.0, 2.0], 0.5, Some(1.5)),
            (&[1.0, 2.0, 3.0, 4.0], 0.5, Some(2.5)),
            (&[1.0, 2.0, 3.0, 4.0], 0.75, Some(3.25)),
            (&[1.0, 2.0, 3.0, 4.0], 0.9, Some(3.7)),
            (&[1.0, 2.0, 3.0, 4.0, 10.0], 0.9, Some(7.6)),
            (&[1.0, 2.0, 3.0, 4.0, 10.0], 1.0, Some(10.0)),
        ];
        for (values, p, expected) in cases {
            let got = quantile_sorted(values, p);
            match (got, expected) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{values:?} {p}: {g} != {e}"),
                _ => assert_eq!(got, expected, "{values:?} {p}"),
            }
        }
    }

    #[test]
    fn summarize_sorts_first() {
        let mut values = [4.0, 1.0, 3.0, 2.0];
        let s = summarize(&mut values);
        assert_eq!(s.median, Some(2.5));
        assert_eq!(s.count, 4);
    }
}
