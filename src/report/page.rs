//! The frame every report shares: one self-contained HTML document with its
//! styles (and, where a page sorts and filters, its script) inline, a
//! content security policy that forbids the browser to load anything from
//! anywhere, and a marker that a browser test reads: the page sets
//! `data-report="ok"` on its root once loaded without a script error.

use maud::{DOCTYPE, Markup, PreEscaped, html};

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// Nothing is fetched: no network, no other file. Inline styles and
/// scripts only (the page's own: every value in it is escaped text).
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
    script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// Records script errors, and anything the page tried to load that the
/// policy forbade, from the first moment; on load, says whether there were any.
const MARKER: &str = "window.__reportErrors=[];\
    window.addEventListener('error',function(e){window.__reportErrors.push(String(e.message));});\
    document.addEventListener('securitypolicyviolation',function(e){\
    window.__reportErrors.push('blocked '+e.violatedDirective+' '+e.blockedURI);});\
    window.addEventListener('load',function(){var errors=window.__reportErrors;\
    document.documentElement.setAttribute('data-report',errors.length?'errors':'ok');\
    if(errors.length){document.documentElement.setAttribute('data-report-errors',errors.join(' | '));}});";

/// Where the page came from, said in its footer.
#[derive(Clone, Debug)]
pub struct Context {
    /// The rule set (and, for a rule change, the base), as given.
    pub rules: String,
    pub base: Option<String>,
    /// The facts, as given.
    pub target: String,
}

/// A whole page: `title` in the tab and as its one `h1`, `sub` under it,
/// then `body`. `interactive` pages carry the sorting and filtering script.
pub fn document(
    title: &str,
    sub: Markup,
    body: Markup,
    context: &Context,
    interactive: bool,
) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="rules report";
                title { (title) }
                script { (PreEscaped(MARKER)) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                (patterns())
                header {
                    h1 { (title) }
                    p.sub { (sub) }
                }
                main { (body) }
                footer {
                    "Written by " code { "rules report" } " from "
                    code { (context.target) } " under the rules in " code { (context.rules) }
                    @if let Some(base) = &context.base {
                        ", compared with the rules in " code { (base) }
                    }
                    @if context.base.is_some() {
                        ". The same numbers as " code { "rules diff --why" } "."
                    } @else {
                        ". The same numbers as " code { "rules eval" } "."
                    }
                }
                @if interactive {
                    script { (PreEscaped(SCRIPT)) }
                }
            }
        }
    }
    .into_string()
}

/// The fills every chart shares, defined once: `url(#hatch)` for what is
/// missed or lost, drawn so that it stays apart from solid fills in greyscale.
fn patterns() -> Markup {
    html! {
        svg.defs width="0" height="0" aria-hidden="true" focusable="false" {
            defs {
                pattern #hatch width="6" height="6" patternUnits="userSpaceOnUse"
                    patternTransform="rotate(45)" {
                    rect width="6" height="6" fill="#f4d2b8" {}
                    line x1="0" y1="0" x2="0" y2="6" stroke="#9a4a1c" stroke-width="3" {}
                }
            }
        }
    }
}

/// A sentence of the explanations' words, where `` `name` `` is code: each
/// piece is escaped text, the backticks become `<code>`.
pub fn words(text: &str) -> Markup {
    html! {
        @for (i, piece) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (piece) } } @else { (piece) }
        }
    }
}

/// `1 organization`, `12,345 organizations`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    let number = crate::number::grouped(n.into());
    format!("{number} {}", if n == 1 { one } else { many })
}

/// `1,234`.
pub fn grouped(n: usize) -> String {
    crate::number::grouped(n.into())
}

/// `n` of `total` as a whole percentage, rounded down, never `0%` for a
/// share that is not nothing (as `rules eval --summary` says it).
pub fn share(n: usize, total: usize) -> String {
    match (n * 100).checked_div(total) {
        Some(0) if n > 0 => "<1%".to_string(),
        Some(percent) => format!("{percent}%"),
        None => "-".to_string(),
    }
}
