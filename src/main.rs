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
        rules eval examples/gold-through-performance.ron --rules rules/\n  \
        rules report examples/ --out partners.html\n  \
        rules test\n\n\
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
        rules eval examples/gold-through-performance.ron --competency devops --only missed\n  \
        rules eval examples/ --summary\n  \
        rules eval examples/ --format csv > partners.csv\n  \
        export-partners | rules eval - --format json\n\n\
        TARGET is one organization file, a list file `[Organization(...), ...]`, or a folder of \
        `.ron`, `.json` and `.jsonl` files evaluated together (a person listed by several organizations counts only \
        for the one they associated with last), or `-`: one file's worth of facts on standard \
        input, RON or JSON, told apart by its first character.\n\n\
        The evaluation date is --as-of, else the file's `as_of`, else today (UTC).\n\n\
        The text explanation opens with a summary (eligibility, the membership and its renewal, \
        the levels met, the nearest levels missed and what each would take), then the details. \
        --brief, --competency and --only choose what the text shows; JSON and CSV always hold \
        everything.")]
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
        /// Output format: an explanation to read, one JSON object per organization per line,
        /// or CSV with one row per organization
        #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
        format: EvalFormat,
        /// Text: only this competency (by id); may be given several times
        #[arg(long = "competency", value_name = "ID")]
        competencies: Vec<String>,
        /// Text: only the levels met, or only those missed
        #[arg(long, value_enum, value_name = "WHICH")]
        only: Option<Only>,
        /// Text: the summary of each organization alone
        #[arg(long)]
        brief: bool,
        /// Text: only the closing table: per level, how many organizations met it, and how many are
        /// one requirement away
        #[arg(long, conflicts_with_all = ["brief", "competencies", "only"])]
        summary: bool,
        /// How much to work out and show: the verdict (levels met and by what, the membership,
        /// warnings), also what each missed level would take (gaps), or everything (full:
        /// paths, who counted, the renewal outlook, the people)
        #[arg(long, value_enum, default_value_t = Detail::Full)]
        detail: Detail,
        /// Exit with status 1 when the facts have warnings (names that look like names the rules use)
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
    },

    /// Show whose outcome a rule change changes, before it rolls out
    #[command(after_help = "Examples:\n  \
        rules diff --base git:main examples/\n  \
        rules diff --base git:main partners/ --why\n  \
        rules diff --base old-rules/ --rules rules/ examples/partners.ron\n  \
        rules diff --base git:HEAD~1 partners/ --format json --fail-on-loss\n\n\
        Every organization of TARGET is evaluated under the base rules and under the new ones; \
        each organization whose outcome changes is listed (levels lost, gained or met by \
        another path, eligibility, renewal risk, profile), then a summary. With --why, the \
        rules that changed come first, each with how many organizations it flips; under each \
        level that moved, the requirement and the numbers that flipped it; and, from 50 \
        organizations, a table per competency and level.\n\n\
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
        /// Say why: which rules changed and how many organizations each flips, and the
        /// requirement and numbers that flipped each level
        #[arg(long)]
        why: bool,
    },

    /// Write an HTML page to look at, for one organization, a population, or a rule change
    #[command(after_help = "Examples:\n  \
        rules report examples/renewal-at-risk.ron --out northwind.html\n  \
        rules report examples/ --out partners.html\n  \
        rules generate --count 10000 > population.ron && rules report population.ron\n  \
        rules report examples/ --base git:main --out change.html\n  \
        rules report examples/partners.ron --base old-rules/ --rules rules/ --out -\n\n\
        TARGET is what `rules eval` takes: one organization file, a list file, a folder of \
        fact files, or `-` for standard input.\n\n\
        For one organization, the page opens with the summary (eligibility, the membership, its \
        renewal, the levels met and the nearest missed), then a card per competency and level: met \
        or missed, by which path, each requirement as a bar of what was found against what is \
        required, who counted and who did not; then the renewal outlook as a timeline.\n\n\
        For several, it shows per competency and level how many meet it (the numbers of `rules \
        eval --summary`), how far those who miss it are, who is at risk, the levels lapsing by \
        month, and a table of the organizations that need attention (at most 500, each with its \
        section).\n\n\
        With --base, it shows what `rules diff --why` says: each rule change with how many \
        organizations it flips and which levels they gain and lose, the levels that move, and \
        the organizations that change with the numbers that flipped them.\n\n\
        The page is one file: its styles, charts (SVG) and small script are inline, it loads \
        nothing from the network, reads without JavaScript and prints. Every name and text from \
        the rules and the facts is escaped.\n\n\
        Exit status: 0 when the page is written, 1 when a rule or fact file is invalid (the page \
        is still written for the organizations that could be evaluated, and says how many could \
        not) or the page cannot be written, 2 for a wrong command line.")]
    Report {
        /// An organization file, a list file, a folder of fact files, or `-` for standard input
        #[arg(value_name = "TARGET")]
        target: PathBuf,
        /// The rule set: a folder of `.rules` files or one file
        #[arg(long, default_value = "rules", value_name = "PATH")]
        rules: PathBuf,
        /// Show what changes from these rules to --rules: a folder, a file, or `git:REVISION`
        /// for the --rules folder as it is at that git revision (like `git:main`)
        #[arg(long, value_name = "OLD")]
        base: Option<String>,
        /// Where to write the page; `-` for standard output
        #[arg(long, default_value = "report.html", value_name = "FILE.html")]
        out: PathBuf,
        /// Evaluate as of the end of this day (YYYY-MM-DD, UTC)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },

    /// Compare the sample organizations with their approved snapshots and expectations
    #[command(after_help = "Examples:\n  \
        rules test\n  \
        rules test --diff\n  \
        rules test --review\n  \
        rules test --accept\n  \
        rules test examples/ partners/ --rules rules/\n\n\
        Every organization of each case folder (default examples/) is evaluated against the rules \
        and compared with its approved snapshot in snapshots/RULES/CASES/ORG.snap. First comes one \
        line per organization whose outcome changed, naming the level and the numbers that \
        flipped it; then how many changed only in wording; new and removed organizations. Every \
        organization must give its `as_of`. A case folder may hold expectations.txt, statements \
        of what must hold (`contoso meets cloud_platform gold by azure_consumption`, `litware is \
        at risk`, `wingtip eligible none`); each is checked.\n\n\
        Exit status: 0 when every organization matches its snapshot and every expectation holds; \
        1 when any organization changed, is new or was removed (after --accept: 0), when an \
        expectation fails, when --review leaves anything it asked about unaccepted, or when an \
        input is invalid; 2 for a wrong command line.")]
    Test {
        /// Case folders of sample organizations (or single fact files)
        #[arg(value_name = "CASES", default_value = "examples")]
        cases: Vec<PathBuf>,
        /// The rule set: a folder of `.rules` files or one file
        #[arg(long, default_value = "rules", value_name = "PATH")]
        rules: PathBuf,
        /// Show how each snapshot changed, as a unified diff
        #[arg(long)]
        diff: bool,
        /// Approve every change: write the new snapshots, delete those of removed organizations
        #[arg(long, conflicts_with = "review")]
        accept: bool,
        /// Ask about each organization that differs: `a` accept, `r` reject (keep the old
        /// snapshot), `s` skip; answers are read from standard input, one per line
        #[arg(long)]
        review: bool,
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
        /// People in each organization (default: 0 to 10 at random)
        #[arg(long, value_name = "N")]
        people: Option<usize>,
        /// Metric records in each organization (default: a few at random)
        #[arg(long, value_name = "N")]
        metrics: Option<usize>,
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

/// How `rules eval` writes outcomes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EvalFormat {
    Text,
    Json,
    Csv,
}

/// `rules eval --detail`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Detail {
    Verdict,
    Gaps,
    Full,
}

impl Detail {
    fn level(self) -> rules::outcome::DetailLevel {
        match self {
            Detail::Verdict => rules::outcome::DetailLevel::Verdict,
            Detail::Gaps => rules::outcome::DetailLevel::Gaps,
            Detail::Full => rules::outcome::DetailLevel::Full,
        }
    }
}

/// `rules eval --only`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Only {
    Met,
    Missed,
}

/// What `rules eval` shows of each organization, in text.
struct View {
    competencies: Vec<String>,
    only: Option<Only>,
    brief: bool,
    /// The closing table alone.
    summary: bool,
    /// How much to work out.
    detail: rules::outcome::DetailLevel,
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
            competencies,
            only,
            brief,
            summary,
            detail,
            deny,
        } => {
            let view = View {
                competencies,
                only,
                brief,
                summary,
                detail: detail.level(),
            };
            eval(
                &target,
                &rules,
                as_of,
                format,
                &view,
                deny == Some(Deny::Warnings),
            )
        }
        Command::Fmt { path, check } => fmt(&path, check),
        Command::Test {
            cases,
            rules,
            diff,
            accept,
            review,
        } => test(&cases, &rules, diff, accept, review),
        Command::Generate {
            count,
            seed,
            as_of,
            rules,
            format,
            people,
            metrics,
        } => {
            let options = rules::generate::Options {
                count,
                seed,
                as_of,
                people,
                metrics,
            };
            generate(&rules, &options, format)
        }
        Command::Diff {
            base,
            rules,
            target,
            as_of,
            format,
            fail_on_loss,
            why,
        } => diff(&base, &rules, &target, as_of, format, fail_on_loss, why),
        Command::Report {
            target,
            rules,
            base,
            out,
            as_of,
        } => report_page(&target, &rules, base.as_deref(), &out, as_of),
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
    format: EvalFormat,
    view: &View,
    deny_warnings: bool,
) -> ExitCode {
    let started = std::time::Instant::now();
    if format != EvalFormat::Text {
        let text_only = [
            (!view.competencies.is_empty(), "--competency"),
            (view.only.is_some(), "--only"),
            (view.brief, "--brief"),
            (view.summary, "--summary"),
        ];
        if let Some((_, flag)) = text_only.iter().find(|(given, _)| *given) {
            command_line_error(&format!(
                "{flag} applies to the text explanation only: JSON and CSV always hold everything"
            ));
        }
    }
    let rule_set = match rules::load::load_rule_set(rules_path) {
        Ok(rule_set) => rule_set,
        Err(diagnostics) => return report(&diagnostics),
    };
    for id in &view.competencies {
        if rule_set.competency(id).is_none() {
            let ids = rule_set.competencies.iter().map(|c| c.id.as_str());
            let hint = match rules::suggest::did_you_mean(id, ids) {
                Some(meant) => format!("did you mean `{meant}`?"),
                None => format!(
                    "the competencies are {}",
                    rule_set
                        .competencies
                        .iter()
                        .map(|c| format!("`{}`", c.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            command_line_error(&format!(
                "invalid value '{id}' for '--competency <ID>': no such competency in the rules; {hint}"
            ));
        }
    }
    let color = anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
    let options = explain::text::Options {
        color,
        // Below full there are no paths to show: the summary says it all.
        brief: view.brief || view.detail < rules::outcome::DetailLevel::Full,
        competencies: view.competencies.clone(),
        only: view.only.map(|only| match only {
            Only::Met => explain::text::Only::Met,
            Only::Missed => explain::text::Only::Missed,
        }),
    };
    let render = |outcome: &rules::outcome::OrgOutcome| match format {
        EvalFormat::Json => explain::json::to_json(outcome) + "\n",
        EvalFormat::Csv => explain::csv::row(outcome),
        EvalFormat::Text if view.summary => String::new(),
        EvalFormat::Text => explain::text::render(outcome, &options),
    };
    let stdout = std::io::stdout();
    let to_terminal = std::io::IsTerminal::is_terminal(&stdout);
    let mut out = std::io::BufWriter::new(stdout.lock());
    if format == EvalFormat::Csv {
        let _ = out.write_all(explain::csv::header(&rule_set).as_bytes());
    }
    let mut first = true;
    let mut write = |text: &str| {
        if text.is_empty() {
            return;
        }
        // Explanations are separated by a blank line; a closed pipe
        // (`rules eval ... | head`) ends the output quietly.
        if format == EvalFormat::Text && !std::mem::take(&mut first) {
            let _ = out.write_all(b"\n");
        }
        let _ = out.write_all(text.as_bytes());
    };
    let bar = progress_bar();
    let mut events = batch_events(&bar);
    stop_between_organizations();
    // CSV shows the verdict alone: nothing more is worked out for it.
    let detail = match format {
        EvalFormat::Csv => rules::outcome::DetailLevel::Verdict,
        _ => view.detail,
    };
    let result = rules::batch::evaluate_batch(
        &rule_set,
        target,
        as_of,
        detail,
        &render,
        &mut write,
        &mut events,
    );
    bar.finish_and_clear();
    let batch = &result.batch;
    if format == EvalFormat::Text && (batch.found > 1 || view.summary) && !batch.interrupted {
        write(&explain::text::summary(&result));
    }
    let _ = out.flush();
    drop(out);
    if batch.interrupted {
        // Every output written is whole: say how far it got.
        let count = |n: usize| rules::number::grouped(n.into());
        let organizations = |n: usize| {
            if n == 1 {
                "organization"
            } else {
                "organizations"
            }
        };
        if batch.counted {
            eprintln!(
                "interrupted: {} of {} {} written, in {}; the rest were not evaluated",
                count(batch.done),
                count(batch.found),
                organizations(batch.found),
                elapsed(started.elapsed())
            );
        } else {
            eprintln!(
                "interrupted while reading the facts a first time ({} {} found so far), in {}; none was evaluated",
                count(batch.found),
                organizations(batch.found),
                elapsed(started.elapsed())
            );
        }
        return ExitCode::from(INTERRUPTED);
    }
    let warnings = Diagnostics::from(result.warnings);
    eprint!("{}", warnings.render(stderr_style()));
    // Off a terminal nothing shows progress: say what was done, and how fast.
    if !to_terminal && batch.found > 1 {
        let count = |n: usize| rules::number::grouped(n.into());
        eprintln!(
            "{} {} evaluated, {} failed, in {}",
            count(batch.done),
            if batch.done == 1 {
                "organization"
            } else {
                "organizations"
            },
            count(batch.found.saturating_sub(batch.done)),
            elapsed(started.elapsed())
        );
    }
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

/// The status of a batch stopped by Ctrl-C or SIGTERM, as a shell reports a
/// process that SIGINT ended.
const INTERRUPTED: u8 = 130;

/// From here on, Ctrl-C (SIGINT) and SIGTERM stop a batch between two
/// organizations instead of ending the process mid-line: the handler only
/// sets the batch's flag. A second signal changes nothing (the batch is
/// already stopping, at the end of the organization in hand); SIGQUIT
/// (Ctrl-\) and SIGKILL still end the process at once.
fn stop_between_organizations() {
    let flag = rules::batch::interrupt_flag();
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Without a handler the default stays: the process ends at once.
        let _ = signal_hook::flag::register(signal, flag);
    }
}

/// `0.42 s`, `12.3 s`, `3 min 05 s`.
fn elapsed(time: std::time::Duration) -> String {
    let seconds = time.as_secs_f64();
    if seconds < 10.0 {
        format!("{seconds:.2} s")
    } else if seconds < 60.0 {
        format!("{seconds:.1} s")
    } else {
        format!("{} min {:02} s", time.as_secs() / 60, time.as_secs() % 60)
    }
}

/// A wrong command line found after parsing: said as clap says it, status 2.
fn command_line_error(message: &str) -> ! {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let eval = command
        .find_subcommand_mut("eval")
        .expect("the eval subcommand")
        .clone();
    eval.bin_name("rules eval")
        .error(clap::error::ErrorKind::InvalidValue, message)
        .exit()
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
    why: bool,
) -> ExitCode {
    let (base_set, new_set) = match load_both(base, rules_path) {
        Ok(sets) => sets,
        Err(diagnostics) => return report(&diagnostics),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // With --why the rule changes come first, with counts known only at the
    // end: the organizations' changes wait in memory until then.
    let mut held = String::new();
    let mut first = true;
    let mut sink = |change: &rules::diff::OrgChange| {
        let text = match format {
            Format::Json => explain::diff::change_json(change, why) + "\n",
            Format::Text => {
                let gap = if std::mem::take(&mut first) { "" } else { "\n" };
                format!("{gap}{}", explain::diff::change_text(change, why))
            }
        };
        if why {
            held.push_str(&text);
        } else {
            let _ = out.write_all(text.as_bytes());
        }
    };
    let bar = progress_bar();
    let mut events = batch_events(&bar);
    let (tally, batch) = rules::diff::diff_target(
        &base_set,
        &new_set,
        target,
        as_of,
        why,
        &mut sink,
        &mut events,
    );
    bar.finish_and_clear();
    let mut text = String::new();
    if let Some(why) = &tally.why {
        match format {
            Format::Json => text.push_str(&(explain::diff::rule_changes_json(why) + "\n")),
            Format::Text => {
                text.push_str(&explain::diff::rule_changes_text(why));
                text.push('\n');
            }
        }
    }
    text.push_str(&held);
    match format {
        Format::Json => text.push_str(&(explain::diff::tally_json(&tally) + "\n")),
        Format::Text => {
            if !first {
                text.push('\n');
            }
            text.push_str(&explain::diff::tally_text(&tally));
            if let Some(why) = &tally.why {
                if tally.organizations >= explain::diff::TABLE_FROM {
                    text.push('\n');
                    text.push_str(&explain::diff::table_text(&why.levels));
                }
            }
        }
    }
    let _ = out.write_all(text.as_bytes());
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

/// The base rules (a folder, a file, or `git:REVISION` of the `rules_path`
/// folder) and the new ones, or every problem of either.
fn load_both(
    base: &str,
    rules_path: &Path,
) -> Result<(rules::ruleset::RuleSet, rules::ruleset::RuleSet), Diagnostics> {
    let base_set = match base.strip_prefix("git:") {
        Some(revision) => rules::load::read_rule_files_at_revision(revision, rules_path)
            .and_then(rules::load::check_sources),
        None => rules::load::load_rule_set(Path::new(base)),
    };
    match (base_set, rules::load::load_rule_set(rules_path)) {
        (Ok(b), Ok(n)) => Ok((b, n)),
        (b, n) => {
            let mut diagnostics = Diagnostics::new();
            for d in [b.err(), n.err()].into_iter().flatten() {
                diagnostics.append(d);
            }
            Err(diagnostics)
        }
    }
}

/// `rules report`: the page, written to `out` (`-`: standard output), and
/// a line saying what it shows.
fn report_page(
    target: &Path,
    rules_path: &Path,
    base: Option<&str>,
    out: &Path,
    as_of: Option<NaiveDate>,
) -> ExitCode {
    let (rule_set, base_set) = match base {
        Some(base) => match load_both(base, rules_path) {
            Ok((b, n)) => (n, Some(b)),
            Err(diagnostics) => return report(&diagnostics),
        },
        None => match rules::load::load_rule_set(rules_path) {
            Ok(rule_set) => (rule_set, None),
            Err(diagnostics) => return report(&diagnostics),
        },
    };
    let context = rules::report::Context {
        rules: rules_path.display().to_string(),
        base: base.map(str::to_string),
        target: target.display().to_string(),
    };
    let bar = progress_bar();
    let mut events = batch_events(&bar);
    let built = rules::report::build(
        &rule_set,
        base_set.as_ref(),
        target,
        as_of,
        &context,
        &mut events,
    );
    bar.finish_and_clear();
    let warnings = Diagnostics::from(built.warnings);
    eprint!("{}", warnings.render(stderr_style()));
    let to_stdout = out == Path::new("-");
    match &built.html {
        None if built.batch.problems == 0 => {
            eprintln!("no organization in `{}`: no page written", target.display());
            return ExitCode::from(INVALID_INPUT);
        }
        None => {
            eprintln!("no organization could be evaluated: no page written");
        }
        Some(html) if to_stdout => say(html),
        Some(html) => {
            if let Err(e) = rules::files::write_new_text(out, html) {
                let mut diagnostics = Diagnostics::new();
                diagnostics.push(e);
                return report(&diagnostics);
            }
            say(&format!("wrote {} ({})\n", out.display(), built.said));
        }
    }
    problems_found(built.batch.problems).unwrap_or(ExitCode::SUCCESS)
}

/// Where `rules test` keeps approved snapshots, in the working folder.
const SNAPSHOTS: &str = "snapshots";

fn test(
    cases: &[PathBuf],
    rules_path: &Path,
    show_diff: bool,
    accept: bool,
    review: bool,
) -> ExitCode {
    use rules::cases::{self, report};
    let rule_set = match rules::load::load_rule_set(rules_path) {
        Ok(rule_set) => rule_set,
        Err(diagnostics) => return report(&diagnostics),
    };
    let mut run = cases::run(&rule_set, rules_path, cases, Path::new(SNAPSHOTS));
    let found = std::mem::take(&mut run.problems);
    eprint!("{}", found.render(stderr_style()));
    // Snapshots that cannot be written, while accepting.
    let mut problems = Diagnostics::new();

    // How the user named the cases and rules, for the commands suggested.
    let mut command = "rules test".to_string();
    if cases != [PathBuf::from("examples")] {
        for case in cases {
            command.push_str(&format!(" {}", case.display()));
        }
    }
    if rules_path != Path::new("rules") {
        command.push_str(&format!(" --rules {}", rules_path.display()));
    }

    let mut sections: Vec<String> = Vec::new();
    let mut left_unaccepted = false;
    let mut accepted = None;
    // Nothing differs: nothing to ask about.
    let review = review && run.differs();
    if review {
        use std::io::IsTerminal;
        let stdin = std::io::stdin();
        let echo = !stdin.is_terminal();
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let reviewed =
            cases::review::review(&run, &mut stdin.lock(), &mut out, echo, &mut problems);
        let _ = out.flush();
        left_unaccepted = reviewed.left_any();
        sections.push(cases::review::summary(&reviewed));
    } else {
        sections.push(report::differences(&run));
        if show_diff {
            sections.push(report::diffs(&run).trim_start().to_string());
        }
        if accept {
            accepted = Some(cases::accept_all(&run, &mut problems));
        }
    }
    sections.push(report::expectations(&run));
    if !run.cases.is_empty() && !review {
        sections.push(report::closing(&run, &command, accepted.as_ref()));
    }
    let text: Vec<String> = sections.into_iter().filter(|s| !s.is_empty()).collect();
    say(&text.join("\n"));
    eprint!("{}", problems.render(stderr_style()));
    let invalid = found.error_count() + problems.error_count();
    if invalid > 1 {
        eprintln!("{invalid} problems found");
    }
    let unapproved = !accept && !review && run.differs();
    // `--accept` approves the outcomes as they are, as the contract says:
    // failing expectations are still reported above, but do not fail it.
    let expectations_fail = run.failed_expectations() > 0 && !accept;
    if invalid > 0 || expectations_fail || left_unaccepted || unapproved {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn generate(rules_path: &Path, options: &rules::generate::Options, format: FactFormat) -> ExitCode {
    let rule_set = match rules::load::load_rule_set(rules_path) {
        Ok(rule_set) => rule_set,
        Err(diagnostics) => return report(&diagnostics),
    };

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    // A closed pipe ends the output quietly.
    let layout = match format {
        FactFormat::Ron => rules::facts::write::Layout::RonList,
        FactFormat::Json => rules::facts::write::Layout::JsonArray,
        FactFormat::Jsonl => rules::facts::write::Layout::JsonLines,
    };
    let _ =
        rules::generate::generate(&rule_set, options, layout, &mut out).and_then(|()| out.flush());
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
            let today = chrono::Utc::now().date_naive();
            Some(rules::lint::FactsSeen::of(&organizations, today))
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
    let designations = rule_set
        .competencies
        .iter()
        .filter(|c| c.designation)
        .count();
    let competencies = rule_set.competencies.len() - designations;
    let mut counts = Vec::new();
    if competencies > 0 || designations == 0 {
        counts.push(plural(competencies, "competency", "competencies"));
    }
    if designations > 0 {
        counts.push(plural(designations, "designation", "designations"));
    }
    counts.push(plural(rule_set.path_count(), "path", "paths"));
    counts.push(plural(rule_set.overrides.len(), "override", "overrides"));
    let counts = counts.join(", ");
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
