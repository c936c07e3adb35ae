//! "did you mean" for misspelled keywords, identifiers, settings and fields.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let allowed = match word.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .filter(|c| !c.eq_ignore_ascii_case(&word))
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_words_only() {
        let words = ["people", "person", "certified", "assessed"];
        assert_eq!(did_you_mean("peple", words), Some("people"));
        assert_eq!(did_you_mean("certifed", words), Some("certified"));
        assert_eq!(did_you_mean("platinum", words), None);
    }
}
