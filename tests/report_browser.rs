//! The pages of `rules report` in a real browser: headless Chromium
//! (the distribution's `chromium` package) loads each page, which must
//! load without a script error and without trying to fetch anything (the
//! page marks itself `data-report="ok"`, see src/report/page.rs); the
//! expected headings and numbers must be in the DOM the browser built;
//! each page is drawn to a PNG.
//!
//! It draws the samples (`examples/`), as the README shows them, and a
//! points sample (`examples-pci/` under `rules-pci/`) for a score; what it
//! expects to see comes from `rules eval` and `rules diff --why` run on
//! the same input, so that a change to the shipped rules moves both alike.
//!
//! It needs Chromium, so `cargo test` does not run it and says so
//! ("ignored, needs headless Chromium"); CI (.ci/run) runs it:
//!
//!     cargo test --test report_browser -- --ignored
//!
//! Asked to run without Chromium, it fails, never passes quietly. With
//! `RULES_UPDATE_SCREENSHOTS=1` it also writes the README's screenshots
//! (docs/report-*.png).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::rules;

/// `RULES_CHROMIUM`, else the first of the usual names on the PATH.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("RULES_CHROMIUM") {
        return PathBuf::from(path);
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "chrome"];
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "headless Chromium was not found (looked for {names:?} on the PATH and RULES_CHROMIUM): \
         install the distribution's `chromium` package, or set RULES_CHROMIUM to the browser"
    );
}

/// Runs the browser headless on `page` with `args`; its standard output.
fn browse(browser: &Path, page: &Path, args: &[&str]) -> String {
    let url = format!("file://{}", page.display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            // Time enough for the load event and the page's script.
            "--virtual-time-budget=5000",
        ])
        .args(args)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // Read as it comes: a page's DOM is more than a pipe holds.
    let mut stdout = child.stdout.take().expect("the browser's output");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the browser's status") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("{} did not finish with {url} in 120 s", browser.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        status.success(),
        "{} {args:?} {url} failed",
        browser.display()
    );
    reader.join().expect("the output read")
}

/// One page: how to make it, and what its DOM must hold.
struct Page {
    kind: &'static str,
    args: Vec<String>,
    /// The README shows its screenshot (docs/report-KIND.png).
    readme: bool,
    expected: Vec<String>,
}

/// What `rules ARGS` prints.
fn stdout(args: &[&str]) -> String {
    let run = rules(args).run();
    assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

/// The line of `text` that starts with `prefix`, without it.
fn line_after<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix:?} in {text}"))
}

/// The pages of the samples (a rule change: the `why` case of `rules
/// diff`), each with what `rules eval` and `rules diff --why` say of the
/// same input, which the browser's DOM must show.
fn pages() -> Vec<Page> {
    let sample = "examples/renewal-at-risk.ron";
    let eval = stdout(&["eval", sample, "--brief"]);
    let title = eval.lines().next().expect("a title");
    let held = line_after(&eval, "held: ");

    let summary = stdout(&["eval", "examples/", "--summary"]);
    let evaluated = line_after(&summary, "Summary: ");
    let evaluated = evaluated.split(' ').next().expect("a count");

    let why = "tests/cases/diff/why";
    let args: Vec<String> = vec![
        format!("{why}/partners.ron"),
        "--base".into(),
        format!("{why}/base.rules"),
        "--rules".into(),
        format!("{why}/new.rules"),
        "--as-of".into(),
        "2026-11-23".into(),
    ];
    let mut diff: Vec<&str> = vec!["diff"];
    diff.extend(args.iter().map(String::as_str));
    diff.extend(["--why", "--format", "json"]);
    let json = stdout(&diff);
    let tally: serde_json::Value =
        serde_json::from_str(json.lines().last().expect("a summary")).expect("JSON");
    let tally = &tally["summary"];

    // A score: its total of its maximum as `rules eval` says it.
    let points = ["examples-pci/silver-by-points.ron", "--rules", "rules-pci/"];
    let mut scored = vec!["eval"];
    scored.extend(points);
    let scored = stdout(&scored);
    let score_title = scored.lines().next().expect("a title");
    let head = scored
        .lines()
        .find(|l| l.trim_start().starts_with("score `"))
        .expect("a score");
    let total = head.split("\": ").nth(1).expect("a total");
    let total = total.split(" (").next().expect("a total");
    let (total, max) = total.split_once(" of ").expect("of its maximum");
    vec![
        Page {
            kind: "organization",
            args: vec![sample.into()],
            readme: true,
            expected: vec![
                format!("<h1>{title}</h1>"),
                format!("<dt>Held</dt><dd>{held}</dd>"),
                rules::explain::words::AT_RISK_ALERT.to_string(),
            ],
        },
        Page {
            kind: "population",
            args: vec!["examples/".into()],
            readme: true,
            expected: vec![
                "<h1>Competencies across a population</h1>".into(),
                format!("<dt>Organizations</dt><dd>{evaluated}</dd>"),
                // The script ran: the table's headers became buttons.
                "<th scope=\"col\"><button type=\"button\">Organization</button></th>".into(),
            ],
        },
        Page {
            kind: "change",
            args,
            readme: true,
            expected: vec![
                "<h1>What a rule change changes</h1>".into(),
                format!(
                    "<dd>{}, {} of them change</dd>",
                    tally["organizations"], tally["changed"]
                ),
            ],
        },
        Page {
            kind: "score",
            args: points.iter().map(|a| a.to_string()).collect(),
            readme: false,
            expected: vec![
                format!("<h1>{score_title}</h1>"),
                format!("<strong>{total}</strong> of {max} points"),
                "What it would take".into(),
            ],
        },
    ]
}

#[test]
#[ignore = "needs headless Chromium: cargo test --test report_browser -- --ignored (CI runs it)"]
fn the_pages_load_in_a_browser_and_show_their_numbers() {
    let browser = chromium();
    let dir = support::scratch("report-browser");
    let pages = pages();
    let update = std::env::var_os("RULES_UPDATE_SCREENSHOTS").is_some();
    for page in &pages {
        let html = dir.join(format!("{}.html", page.kind));
        let mut args = vec!["report".to_string()];
        args.extend(page.args.iter().cloned());
        args.push("--out".into());
        args.push(html.display().to_string());
        let run = rules(&args).run();
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);

        let dom = browse(&browser, &html, &["--dump-dom"]);
        let root = dom.lines().nth(1).unwrap_or_default();
        assert!(
            root.contains("data-report=\"ok\""),
            "the {} page loads without errors: {root}",
            page.kind
        );
        for expected in &page.expected {
            assert!(
                dom.contains(expected),
                "the {} page shows {expected}",
                page.kind
            );
        }

        let png = dir.join(format!("report-{}.png", page.kind));
        let shot = format!("--screenshot={}", png.display());
        browse(&browser, &html, &[&shot, "--window-size=1100,1400"]);
        let bytes = std::fs::read(&png).expect("the screenshot");
        assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
        assert!(bytes.len() > 20_000, "a page drawn, not a blank one");
        if update && page.readme {
            let docs = support::root()
                .join("docs")
                .join(png.file_name().expect("a name"));
            std::fs::copy(&png, &docs).expect("the README's screenshot");
        }
    }
}
