//! The mean that scores and projected scores share, so a report's scores and a roadmap's
//! projections follow one rule.

/// `None` for no values rather than 0 or NaN: a missing score must never count as a low one.
pub(crate) fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0_u32), |(sum, n), v| (sum + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

#[cfg(test)]
mod tests {
    use super::mean;

    #[test]
    fn mean_cases() {
        let cases: &[(&[f64], Option<f64>)] = &[(&[], None), (&[2.0], Some(2.0)), (&[1.0, 4.0], Some(2.5))];
        for (values, expected) in cases {
            assert_eq!(mean(values.iter().copied()), *expected, "{values:?}");
        }
    }
}
