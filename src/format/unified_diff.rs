//! What `rules fmt --check` prints: the change formatting would make.

/// A unified diff of `old` → `new` with `--- a/NAME` and `+++ b/NAME`
/// headers, three lines of context; empty when the texts are equal.
///
/// The diff is the smallest one when it can be found within a second;
/// past that (a 10 MB file whose every line changes would take minutes),
/// a larger but still correct one.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(1))
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}
