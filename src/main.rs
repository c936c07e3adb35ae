//! The `rules` command: a thin layer over the library that reads arguments,
//! calls it, prints, and sets the exit status (0 done, 1 invalid input,
//! 2 wrong command line).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use rules::diagnostics::{Diagnostics, Style};
use rules::explain;

/// Exit status when an input (rules or facts) is invalid.
const INVALID_INPUT: u8 = 1;
/// Exit status of `rules fmt --check` when a file is not formatted.
const NOT_FORMATTED: u8 = 1;

#[derive(Parser)]
#[command(
    name = "rules",
    version,
    about = "Evaluate partner-program competency rules against organizations' facts",
    long_about = "Evaluate partner-program competency rules against organizations' facts.\n\n\
        Rule files (*.rules) say what an organization must show to earn each competency at \
        Silver or Gold. Fact files (*.ron, *.json, *.jsonl) say what an organization has. `rules eval` explains, \
        competency by competency, what was met, what was missed and by how much.",
    after_help = "Examples:\n  \
        rules check rules/\n  \
        rules fmt --check rules/\n  \
        rules eval examples/gold-through-performance.ron --rules rules/\n\n\
        Exit status: 0 when the command did its job, 1 when a rule or fact file is invalid, \
        2 for a wrong command line."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and validate a rule set; report every problem found, and warn about likely mistakes
    #[command(after_help = "Examples:\n  \
        rules check\n  \
        rules check rules/\n  \
        rules check rules/devops.rules\n  \
        rules check rules/ --deny warnings\n  \
        rules check rules/ --facts examples/\n  \
        rules check --list-warnings\n\n\
        Warnings point at rules that are valid but probably not what was meant: a gold path no \
        harder than a silver one, a path that can never be the one that decides its level, a \
        developing-market threshold above the developed one, an entry listed twice. With --facts, \
        also names in the facts that no rule uses but that look like one it does (`Azure` for \
        `azure`, `az-104` for `AZ-104`), associations the rules do not declare, and overrides for \
        organizations the facts do not hold. Warnings leave the exit status at 0 unless --deny \
        warnings; one that is intended is allowed with `# allow(NAME): reason` on the line above \
        the item (`--list-warnings` lists the names).")]
    Check {
        /// A folder of `.rules` files (searched recursively) or a single rule file
        #[arg(default_value = "rules", value_name = "PATH")]
        path: PathBuf,
        /// Exit with status 1 when there are warnings
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
        /// Fact files (a folder of `.ron`, `.json` and `.jsonl` files, or one file) to check
        /// against the rules: names that look like names the rules use, overrides for
        /// organizations the facts do not hold
        #[arg(long, value_name = "DIR")]
        facts: Option<PathBuf>,
        /// List the warnings `rules check` can give, by the name `# allow(NAME): reason` takes
        #[arg(long)]
        list_warnings: bool,
    },

    /// Evaluate organizations against the rules and explain the outcome
    #[command(after_help = "Examples:\n  \
        rules eval examples/renewal-at-risk.ron\n  \
        rules eval examples/pending-association.ron --rules rules/ --as-of 2026-11-24\n  \
        rules eval examples/partners.ron --format json\n  \
        export-partners | rules eval - --format json\n\n\
        TARGET is one organization file, a list file `[Organization(...), ...]`, or a folder of \
        `.ron`, `.json` and `.jsonl` files evaluated together (a person listed by several organizations counts only \
        for the one they associated with last), or `-`: one file's worth of facts on standard \
        input, RON or JSON, told apart by its first character.\n\n\
        The evaluation date is --as-of, else the file's `as_of`, else today (UTC).")]
    Eval {
        /// An organization file, a list file, a folder of fact files, or `-` for standard input
        #[arg(value_name = "TARGET")]
        target: PathBuf,
        /// The rule set: a folder of `.rules` files or one file
        #[arg(long, default_value = "rules", value_name = "PATH")]
        rules: PathBuf,
        /// Evaluate as of the end of this day (YYYY-MM-DD, UTC)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Output format: an explanation to read, or one JSON object per organization per line
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with status 1 when the facts have warnings (names that look like names the rules use)
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
    },

    /// Show whose outcome a rule change changes, before it rolls out
    #[command(after_help = "Examples:\n  \
        rules diff --base git:main examples/\n  \
        rules diff --base old-rules/ --rules rules/ examples/partners.ron\n  \
        rules diff --base git:HEAD~1 partners/ --format json --fail-on-loss\n\n\
        Every organization of TARGET is evaluated under the base rules and under the new ones; \
        each organization whose outcome changes is listed (levels lost, gained or met by \
        another path, eligibility, renewal risk, profile), then a summary.\n\n\
        Exit status: 0 when done, 1 for invalid rules or facts, 2 for a wrong command line, \
        3 with --fail-on-loss when any organization would lose a level.")]
    Diff {
        /// The rules before the change: a folder, a file, or `git:REVISION` for the --rules
        /// folder as it is at that git revision (like `git:main`)
        #[arg(long, value_name = "OLD")]
        base: String,
        /// The rules after the change: a folder of `.rules` files or one file
        #[arg(long, default_value = "rules", value_name = "PATH")]
        rules: PathBuf,
        /// An organization file, a list file, a folder of fact files, or `-` for standard input
        #[arg(value_name = "TARGET")]
        target: PathBuf,
        /// Evaluate as of the end of this day (YYYY-MM-DD, UTC)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Output format: text to read, or one JSON object per changed organization, then a summary
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with status 3 when any organization would lose a level (for a rollout gate)
        #[arg(long)]
        fail_on_loss: bool,
    },

    /// Write synthetic organizations for a rule set (for trials and benchmarks at scale)
    #[command(after_help = "Examples:\n  \
        rules generate --count 100000 > synthetic.ron\n  \
        rules generate --count 1000 --seed 42 --as-of 2026-11-23 --rules rules/ > trial.ron\n  \
        rules generate --count 100000 --format jsonl > synthetic.jsonl\n\n\
        The organizations draw their workloads, associations, thresholds and codes from the \
        rule set, so a realistic share of levels is met. The same seed gives the same file.")]
    Generate {
        /// How many organizations
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// The random seed: the same seed gives the same organizations
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The evaluation date written into each organization
        #[arg(long, value_name = "DATE", value_parser = parse_date, default_value = "2026-11-23")]
        as_of: NaiveDate,
        /// The rule set to draw from
        #[arg(long, default_value = "rules", value_name = "PATH")]
        rules: PathBuf,
        /// How to write them: a RON list, a JSON array, or JSON Lines (one object per line)
        #[arg(long, value_enum, default_value_t = FactFormat::Ron)]
        format: FactFormat,
    },

    /// Rewrite rule files in the one canonical layout, keeping every comment
    #[command(
        after_help = "Examples:\n  rules fmt\n  rules fmt rules/devops.rules\n  rules fmt --check rules/\n\n\
            Files with syntax errors are reported and left as they are. With --check, nothing is \
            written: each file that is not formatted is shown as a unified diff, and the exit \
            status is 1 if any is."
    )]
    Fmt {
        /// A folder of `.rules` files (searched recursively) or a single rule file
        #[arg(default_value = "rules", value_name = "PATH")]
        path: PathBuf,
        /// Write nothing; print a diff for each file that is not formatted, exit 1 if any
        #[arg(long)]
        check: bool,
    },

    /// Serve editors over the Language Server Protocol on standard input and output
    #[command(
        after_help = "Editors start it themselves (editors/vscode/ holds an extension for \
        VS Code). It works on the rule set of the editor's workspace folder: its `rules/` folder, \
        else every `.rules` file under the folder, or the --rules path; it shows the diagnostics \
        of `rules check` as you type, and answers hover, go to definition, find references, \
        completion, formatting and document symbols."
    )]
    Lsp {
        /// The rule set, relative to the workspace folder (default: its `rules/`, else the folder)
        #[arg(long, value_name = "PATH")]
        rules: Option<PathBuf>,
    },
}

/// What `--deny` turns into a failure.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

/// How `rules generate` writes facts.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FactFormat {
    Ron,
    Json,
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Strictly `YYYY-MM-DD`, as fact files write dates (a sign or a fifth year
/// digit is not a date anyone means).
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    rules::facts::build::parse_date(text).map_err(|why| {
        format!("`{text}` is {why}: write a calendar date as YYYY-MM-DD, like 2026-11-23")
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            list_warnings: true,
            ..
        } => list_warnings(),
        Command::Check {
            path, deny, facts, ..
        } => check(&path, deny == Some(Deny::Warnings), facts.as_deref()),
        Command::Eval {
            target,
            rules,
            as_of,
            format,
            deny,
        } => eval(&target, &rules, as_of, format, deny == Some(Deny::Warnings)),
        Command::Fmt { path, check } => fmt(&path, check),
        Command::Generate {
            count,
            seed,
            as_of,
            rules,
            format,
        } => generate(&rules, count, seed, as_of, format),
        Command::Diff {
            base,
            rules,
            target,
            as_of,
            format,
            fail_on_loss,
        } => diff(&base, &rules, &target, as_of, format, fail_on_loss),
        Command::Lsp { rules } => lsp(rules),
    }
}

/// `rules lsp`: 0 after `shutdown` and `exit`, 1 otherwise (as the protocol asks).
fn lsp(rules: Option<PathBuf>) -> ExitCode {
    match rules::lsp::serve(rules::lsp::Options { rules }) {
        Ok(rules::lsp::Ended::Cleanly) => ExitCode::SUCCESS,
        Ok(rules::lsp::Ended::Abruptly) => ExitCode::from(INVALID_INPUT),
        Err(why) => {
            eprintln!("rules lsp: {why}");
            ExitCode::from(INVALID_INPUT)
        }
    }
}

fn eval(
    target: &Path,
    rules_path: &Path,
    as_of: Option<NaiveDate>,
    format: Format,
    deny_warnings: bool,
) -> ExitCode {
    let rule_set = match rules::load::load_rule_set(rules_path) {
        Ok(rule_set) => rule_set,
        Err(diagnostics) => return report(&diagnostics),
    };
    let color = anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
    let render = |outcome: &rules::outcome::OrgOutcome| match format {
        Format::Json => explain::json::to_json(outcome) + "\n",
        Format::Text => explain::text::to_text(outcome, color),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut first = true;
    let mut write = |text: &str| {
        // Explanations are separated by a blank line; a closed pipe
        // (`rules eval ... | head`) ends the output quietly.
        if format == Format::Text && !std::mem::take(&mut first) {
            let _ = out.write_all(b"\n");
        }
        let _ = out.write_all(text.as_bytes());
    };
    let bar = progress_bar();
    let mut events = batch_events(&bar);
    let result =
        rules::batch::evaluate_batch(&rule_set, target, as_of, &render, &mut write, &mut events);
    bar.finish_and_clear();
    if format == Format::Text && result.batch.found > 1 {
        write(&explain::text::summary(&result));
    }
    let _ = out.flush();
    let warnings = Diagnostics::from(result.warnings);
    eprint!("{}", warnings.render(stderr_style()));
    if let Some(status) = problems_found(result.batch.problems) {
        return status;
    }
    if deny_warnings && !warnings.is_empty() {
        eprintln!(
            "{}, denied by --deny warnings",
            plural(warnings.len(), "warning", "warnings")
        );
        return ExitCode::from(INVALID_INPUT);
    }
    ExitCode::SUCCESS
}

/// Handles what a batch reports as it goes: the progress bar, and problems
/// printed as soon as they are found.
fn batch_events(bar: &indicatif::ProgressBar) -> impl FnMut(rules::batch::Event) + '_ {
    |event| match event {
        rules::batch::Event::Total(n) => bar.set_length(n),
        rules::batch::Event::Done(n) => bar.inc(n),
        rules::batch::Event::Problems(problems) => {
            bar.suspend(|| eprint!("{}", problems.render(stderr_style())));
        }
    }
}

/// After a batch whose problems were already printed: the invalid-input
/// status if there were any.
fn problems_found(count: usize) -> Option<ExitCode> {
    if count == 0 {
        return None;
    }
    if count > 1 {
        eprintln!("{count} problems found");
    }
    Some(ExitCode::from(INVALID_INPUT))
}

/// Exit status of `rules diff --fail-on-loss` when an organization would lose a level.
const LEVEL_LOST: u8 = 3;

fn diff(
    base: &str,
    rules_path: &Path,
    target: &Path,
    as_of: Option<NaiveDate>,
    format: Format,
    fail_on_loss: bool,
) -> ExitCode {
    let base_set = match base.strip_prefix("git:") {
        Some(revision) => rules::load::read_rule_files_at_revision(revision, rules_path)
            .and_then(rules::load::check_sources),
        None => rules::load::load_rule_set(Path::new(base)),
    };
    let (base_set, new_set) = match (base_set, rules::load::load_rule_set(rules_path)) {
        (Ok(b), Ok(n)) => (b, n),
        (b, n) => {
            let mut diagnostics = Diagnostics::new();
            for d in [b.err(), n.err()].into_iter().flatten() {
                diagnostics.append(d);
            }
            return report(&diagnostics);
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut first = true;
    let mut sink = |change: &rules::diff::OrgChange| {
        let text = match format {
            Format::Json => explain::diff::change_json(change) + "\n",
            Format::Text => {
                let gap = if std::mem::take(&mut first) { "" } else { "\n" };
                format!("{gap}{}", explain::diff::change_text(change))
            }
        };
        let _ = out.write_all(text.as_bytes());
    };
    let bar = progress_bar();
    let mut events = batch_events(&bar);
    let (tally, batch) =
        rules::diff::diff_target(&base_set, &new_set, target, as_of, &mut sink, &mut events);
    bar.finish_and_clear();
    let summary = match format {
        Format::Json => explain::diff::tally_json(&tally) + "\n",
        Format::Text => {
            let gap = if first { "" } else { "\n" };
            format!("{gap}{}", explain::diff::tally_text(&tally))
        }
    };
    let _ = out.write_all(summary.as_bytes());
    let _ = out.flush();
    if let Some(status) = problems_found(batch.problems) {
        return status;
    }
    if fail_on_loss && tally.any_loss() {
        ExitCode::from(LEVEL_LOST)
    } else {
        ExitCode::SUCCESS
    }
}

fn generate(
    rules_path: &Path,
    count: usize,
    seed: u64,
    as_of: NaiveDate,
    format: FactFormat,
) -> ExitCode {
    let rule_set = match rules::load::load_rule_set(rules_path) {
        Ok(rule_set) => rule_set,
        Err(diagnostics) => return report(&diagnostics),
    };
    let options = rules::generate::Options { count, seed, as_of };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    // A closed pipe ends the output quietly.
    let layout = match format {
        FactFormat::Ron => rules::facts::write::Layout::RonList,
        FactFormat::Json => rules::facts::write::Layout::JsonArray,
        FactFormat::Jsonl => rules::facts::write::Layout::JsonLines,
    };
    let _ =
        rules::generate::generate(&rule_set, &options, layout, &mut out).and_then(|()| out.flush());
    ExitCode::SUCCESS
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
fn progress_bar() -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} organizations, {per_sec}, {eta} left",
    ) {
        bar.set_style(style);
    }
    bar
}

fn check(path: &Path, deny_warnings: bool, facts: Option<&Path>) -> ExitCode {
    let rule_set = match rules::load::load_rule_set(path) {
        Ok(rule_set) => rule_set,
        Err(diagnostics) => return report(&diagnostics),
    };
    // Fact-file errors are reported; the lints that need the facts then do not run.
    let mut fact_errors = Diagnostics::new();
    let mut near_misses = Vec::new();
    let seen = facts.and_then(|dir| {
        let (organizations, diagnostics) = rules::facts::load_organizations(dir);
        if diagnostics.is_empty() {
            let names = rules::facts::near_miss::RuleNames::of(&rule_set);
            let mut gathered = rules::facts::near_miss::Gathered::default();
            for org in &organizations {
                gathered.add(&names.warnings(org), false);
            }
            near_misses = gathered.into_warnings();
            Some(rules::lint::FactsSeen::of(&organizations))
        } else {
            fact_errors = diagnostics;
            None
        }
    });
    let mut diagnostics = Diagnostics::from(rules::lint::lint(&rule_set, seen.as_ref()));
    let warnings = diagnostics.warning_count() + near_misses.len();
    diagnostics.append(fact_errors);
    if diagnostics.error_count() > 0 {
        return report(&diagnostics);
    }
    eprint!("{}", diagnostics.render(stderr_style()));
    if !near_misses.is_empty() {
        eprint!("{}", explain::facts_warnings(&near_misses));
    }
    let counts = format!(
        "{}, {}, {}",
        plural(rule_set.competencies.len(), "competency", "competencies"),
        plural(rule_set.path_count(), "path", "paths"),
        plural(rule_set.overrides.len(), "override", "overrides"),
    );
    let warned = plural(warnings, "warning", "warnings");
    if warnings == 0 {
        say(&format!("{counts}: ok\n"));
        ExitCode::SUCCESS
    } else if deny_warnings {
        say(&format!(
            "{counts}: failed ({warned}, denied by --deny warnings)\n"
        ));
        ExitCode::from(INVALID_INPUT)
    } else {
        say(&format!("{counts}: ok ({warned})\n"));
        ExitCode::SUCCESS
    }
}

/// `rules check --list-warnings`: every warning, by the name `allow` takes.
fn list_warnings() -> ExitCode {
    let width = rules::lint::WARNINGS
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    let mut out = String::from(
        "Warnings about rule files (allow one where it is intended with `# allow(NAME): reason`\n\
         on the line above the competency, level, path, requirement, override or settings):\n",
    );
    for (name, about) in rules::lint::WARNINGS {
        out.push_str(&format!("  {name:<width$}  {about}\n"));
    }
    out.push_str(
        "\nWarnings about fact files (`rules eval`, `rules check --facts`; correct the facts):\n",
    );
    for (name, about) in rules::facts::near_miss::WARNINGS {
        out.push_str(&format!("  {name:<width$}  {about}\n"));
    }
    say(&out);
    ExitCode::SUCCESS
}

fn fmt(path: &std::path::Path, check_only: bool) -> ExitCode {
    let (files, mut diagnostics) = rules::format::format_path(path);
    let (changed, unchanged): (Vec<_>, Vec<_>) = files.iter().partition(|f| f.changed());
    if check_only {
        for file in &changed {
            say(&file.diff());
        }
        // On stderr, so that stdout is a patch and nothing else.
        if !changed.is_empty() {
            eprintln!(
                "{} not formatted ({} already formatted)",
                plural(changed.len(), "file", "files"),
                unchanged.len()
            );
        }
    } else {
        let mut written = 0;
        for file in &changed {
            match rules::files::write_text(&file.path, &file.formatted) {
                Ok(()) => written += 1,
                Err(e) => diagnostics.push(e),
            }
        }
        // Nothing to say when no rule file was found: the diagnostic says it.
        if !files.is_empty() {
            say(&format!(
                "formatted {} ({} already formatted)\n",
                plural(written, "file", "files"),
                unchanged.len()
            ));
        }
    }
    if !diagnostics.is_empty() {
        return report(&diagnostics);
    }
    if check_only && !changed.is_empty() {
        ExitCode::from(NOT_FORMATTED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes to stdout; a closed pipe (`rules ... | head`) ends output quietly.
fn say(text: &str) {
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// Prints diagnostics on stderr and returns the invalid-input status.
fn report(diagnostics: &Diagnostics) -> ExitCode {
    eprint!("{}", diagnostics.render(stderr_style()));
    let errors = diagnostics.error_count();
    if errors > 1 {
        eprintln!("{errors} problems found");
    }
    ExitCode::from(INVALID_INPUT)
}

/// Colour on a terminal only, and never under `NO_COLOR`.
fn stderr_style() -> Style {
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    Style {
        color,
        ..Style::PLAIN
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
