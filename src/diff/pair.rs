//! Which requirement of a path before a rule change is which after, read
//! from their texts alone (an approved snapshot has nothing else): by
//! position when the path has as many requirements as before, else the same
//! text, then the same *subject* — what the requirement measures, without
//! its threshold (`revenue azure`, `people certified in ["AZ-400"]`).

/// Pairs `before` with `after` (indexes into each); unpaired entries have
/// `None` on the other side. In `after`'s order, then what was left of `before`.
pub fn pair<S: AsRef<str>>(before: &[S], after: &[S]) -> Vec<(Option<usize>, Option<usize>)> {
    if before.len() == after.len() {
        return (0..after.len()).map(|i| (Some(i), Some(i))).collect();
    }
    let mut taken = vec![false; before.len()];
    let mut found: Vec<Option<usize>> = vec![None; after.len()];
    let passes: [fn(&str) -> String; 2] = [str::to_string, subject];
    for key in passes {
        for (j, a) in after.iter().enumerate() {
            if found[j].is_some() {
                continue;
            }
            let wanted = key(a.as_ref());
            if let Some(i) =
                (0..before.len()).find(|&i| !taken[i] && key(before[i].as_ref()) == wanted)
            {
                taken[i] = true;
                found[j] = Some(i);
            }
        }
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = found
        .into_iter()
        .enumerate()
        .map(|(j, i)| (i, Some(j)))
        .collect();
    pairs.extend(
        (0..before.len())
            .filter(|&i| !taken[i])
            .map(|i| (Some(i), None)),
    );
    pairs
}

/// What a requirement measures, without how much: `revenue azure` for
/// `revenue azure via [dpor] >= $15,000 over 12 months`, `people certified
/// in ["AZ-400"]` for `2 people certified in ["AZ-400"] of which ...`.
pub fn subject(text: &str) -> String {
    if text.starts_with("requires ") {
        return text.to_string();
    }
    if let Some((measure, _)) = text.split_once(" >= ") {
        // What `via [...]` and `where offer ... [...]` filter is not what is measured.
        let mut measure = measure.to_string();
        for filter in [" via [", " where offer "] {
            if let Some((head, rest)) = measure.split_once(filter) {
                let tail = rest.split_once(']').map_or("", |(_, t)| t);
                measure = format!("{head}{tail}");
            }
        }
        return measure;
    }
    let qualification = text
        .split_once(' ')
        .filter(|(count, _)| count.chars().all(|c| c.is_ascii_digit()))
        .map_or(text, |(_, rest)| rest);
    if qualification.starts_with("attested ") {
        return qualification.to_string();
    }
    let qualification = qualification
        .strip_prefix("people ")
        .or_else(|| qualification.strip_prefix("person "))
        .unwrap_or(qualification);
    let qualification = qualification
        .split_once(" of which ")
        .map_or(qualification, |(q, _)| q);
    format!("people {qualification}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_leave_out_how_much() {
        assert_eq!(
            subject(
                "revenue azure via [dpor, tpor] >= $15,000 (developing $10,000) over 12 months"
            ),
            "revenue azure"
        );
        assert_eq!(
            subject("seats \"office 365\" >= 100"),
            "seats \"office 365\""
        );
        assert_eq!(
            subject("seats ems via [dpor] where offer not in [trial, free] >= 100"),
            "seats ems"
        );
        assert_eq!(
            subject("3 attested in [\"customer reference\"]"),
            "attested in [\"customer reference\"]"
        );
        assert_eq!(
            subject("requires cloud_platform gold"),
            "requires cloud_platform gold"
        );
        assert_eq!(
            subject("2 people certified in [\"AZ-400\"] of which 1 assessed in [\"x\"]"),
            "people certified in [\"AZ-400\"]"
        );
        assert_eq!(
            subject("1 person assessed in [\"x\"]"),
            "people assessed in [\"x\"]"
        );
    }

    #[test]
    fn pairs_by_position_then_text_then_subject() {
        assert_eq!(
            pair(&["a >= 1", "b >= 2"], &["a >= 5", "b >= 2"]),
            [(Some(0), Some(0)), (Some(1), Some(1))]
        );
        // One requirement added in front: the others keep their partners.
        assert_eq!(
            pair(
                &["revenue azure >= $1", "2 people certified in [\"x\"]"],
                &[
                    "1 person assessed in [\"y\"]",
                    "revenue azure >= $9",
                    "2 people certified in [\"x\"]"
                ]
            ),
            [(None, Some(0)), (Some(0), Some(1)), (Some(1), Some(2))]
        );
        assert_eq!(
            pair(&["a >= 1", "b >= 2"], &["b >= 3"]),
            [(Some(1), Some(0)), (Some(0), None)]
        );
    }
}
