//! `cargo xtask measure`: the figures of the README's Measurements table, of this working tree
//! and, with `--baseline REV`, of another commit side by side in the same run.
//!
//! Wall-clock and CPU figures on a shared machine are noisy, and only figures taken in one run
//! compare: the builds of the two trees are interleaved (baseline, this tree, baseline...) and
//! the best of `--runs` is kept, so load from other processes hits both alike. The baseline is
//! checked out as a git worktree under `target/measure/` with its own target directory, kept
//! for the next run.
//!
//! Figures, per tree:
//! - crate-only debug build of voipms-api, default features (`cargo clean -p voipms-api`, then
//!   build): wall time and CPU time (user + system of every process cargo ran);
//! - the same with one category (`--no-default-features --features cdr`);
//! - both again as cargo builds a dependency from the registry, without incremental compilation
//!   (`CARGO_INCREMENTAL=0`): what a program depending on voipms-api pays, where the rows above
//!   are what this workspace's own builds pay (cargo compiles workspace members incrementally,
//!   which costs a from-scratch build of voipms-api about a second more here);
//! - a cold debug build of voipms-api with its dependencies, in a fresh target directory;
//! - the size of the `voipms` command-line release binary;
//! - lines of generated code;
//! - the decode benchmark's ratios (`cargo bench -p voipms-api --bench decode`): typed vs the
//!   `serde_json::Value` path, typed vs the `IgnoredAny` parse-only bound, typed peak memory vs
//!   the Value path's.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: cargo xtask measure [--baseline REV] [--runs N] [--skip cold,release,bench]";

/// What `--skip` can leave out (the slow figures).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Skip {
    cold: bool,
    release: bool,
    bench: bool,
}

#[derive(Debug, PartialEq)]
struct Options {
    baseline: Option<String>,
    runs: usize,
    skip: Skip,
}

fn parse_args(args: &[&str]) -> Result<Options, String> {
    let mut opts = Options {
        baseline: None,
        runs: 3,
        skip: Skip::default(),
    };
    let mut it = args.iter();
    while let Some(&arg) = it.next() {
        let mut value = || {
            it.next()
                .copied()
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        match arg {
            "--baseline" => opts.baseline = Some(value()?.to_string()),
            "--runs" => {
                opts.runs = value()?
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or("--runs takes a positive number")?;
            }
            "--skip" => {
                for part in value()?.split(',') {
                    match part.trim() {
                        "cold" => opts.skip.cold = true,
                        "release" => opts.skip.release = true,
                        "bench" => opts.skip.bench = true,
                        other => return Err(format!("--skip: unknown figure `{other}`")),
                    }
                }
            }
            // The older spelling.
            "--no-cold" => opts.skip.cold = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(opts)
}

/// A checked-out tree of the project and the target directory its builds use.
struct Tree {
    label: String,
    root: PathBuf,
}

impl Tree {
    fn cargo(&self) -> Command {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        // Each tree builds in its own target directory, whatever the caller's environment says.
        cmd.current_dir(&self.root)
            .env("CARGO_TARGET_DIR", self.root.join("target"));
        cmd
    }
}

/// Wall and CPU time of one command.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Timing {
    wall: Duration,
    cpu: Duration,
}

/// User + system time of this process's children that have ended (and their waited-for
/// descendants: cargo waits for every rustc it starts).
#[cfg(unix)]
fn children_cpu() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the whole struct it is given; on failure it stays zeroed,
    // which is a valid rusage.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    let tv = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

#[cfg(not(unix))]
fn children_cpu() -> Duration {
    Duration::ZERO
}

fn timed(mut cmd: Command) -> Result<Timing, String> {
    let cpu = children_cpu();
    let t = Instant::now();
    let out = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    let wall = t.elapsed();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("{cmd:?} failed:\n{}", tail.join("\n")));
    }
    Ok(Timing {
        wall,
        cpu: children_cpu().saturating_sub(cpu),
    })
}

/// How the crate is compiled: as a workspace member (incrementally, cargo's default for it) or
/// as a dependency from the registry is (not incrementally).
#[derive(Debug, Clone, Copy, PartialEq)]
enum As {
    Member,
    Dependency,
}

fn crate_only(tree: &Tree, features: &[&str], built: As) -> Result<Timing, String> {
    let mut clean = tree.cargo();
    clean.args(["clean", "-p", "voipms-api"]);
    timed(clean)?;
    let mut build = tree.cargo();
    build.args(["build", "-p", "voipms-api"]).args(features);
    if built == As::Dependency {
        build.env("CARGO_INCREMENTAL", "0");
    }
    timed(build)
}

/// The best (smallest) of several timings, by wall time and by CPU time separately.
fn best(timings: &[Timing]) -> Option<Timing> {
    Some(Timing {
        wall: timings.iter().map(|t| t.wall).min()?,
        cpu: timings.iter().map(|t| t.cpu).min()?,
    })
}

/// The decode benchmark's ratios, as it prints them.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bench {
    /// Typed throughput over the `serde_json::Value` path's.
    vs_value: f64,
    /// Typed throughput as a percentage of the `IgnoredAny` bound.
    vs_ignored_pct: f64,
    /// Typed peak memory as a percentage of the Value path's.
    peak_pct: f64,
}

/// Reads the summary lines of `cargo bench --bench decode`:
///
/// ```text
/// typed vs value:   5.5x faster (goal >= 5x: met)
/// typed vs ignored: 50% of the parse-only bound (goal >= 25%: met)
/// typed peak:       28% of the value path's (goal <= 33%: met)
/// ```
fn parse_bench(output: &str) -> Option<Bench> {
    let number = |label: &str, unit: char| -> Option<f64> {
        let line = output.lines().find(|l| l.starts_with(label))?;
        let word = line[label.len()..].split_whitespace().next()?;
        word.strip_suffix(unit)?.parse().ok()
    };
    Some(Bench {
        vs_value: number("typed vs value:", 'x')?,
        vs_ignored_pct: number("typed vs ignored:", '%')?,
        peak_pct: number("typed peak:", '%')?,
    })
}

fn bench(tree: &Tree) -> Result<Bench, String> {
    let mut cmd = tree.cargo();
    cmd.args(["bench", "-p", "voipms-api", "--bench", "decode"]);
    let out = cmd
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    parse_bench(&text)
        .ok_or_else(|| format!("{}: the decode benchmark printed no summary", tree.label))
}

fn release_binary(tree: &Tree) -> Result<u64, String> {
    let mut cmd = tree.cargo();
    cmd.args(["build", "--release", "-p", "voipms", "--bin", "voipms"]);
    timed(cmd)?;
    let exe = tree
        .root
        .join("target/release")
        .join(format!("voipms{}", std::env::consts::EXE_SUFFIX));
    std::fs::metadata(&exe)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", exe.display()))
}

fn cold_build(tree: &Tree) -> Result<Timing, String> {
    let dir = std::env::temp_dir().join(format!("voipms-measure-{}", std::process::id()));
    let mut cold = tree.cargo();
    cold.args(["build", "-p", "voipms-api"])
        .env("CARGO_TARGET_DIR", &dir);
    let t = timed(cold);
    let _ = std::fs::remove_dir_all(&dir);
    t
}

/// Lines and files of generated code.
fn generated_lines(tree: &Tree) -> Result<(usize, usize), String> {
    let dir = tree.root.join("voipms-api/src/generated");
    let mut lines = 0;
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|x| x == "rs") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            lines += text.lines().count();
            files += 1;
        }
    }
    Ok((lines, files))
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The baseline commit checked out as a worktree under `target/measure/` (reused when there).
fn baseline_tree(root: &Path, rev: &str) -> Result<Tree, String> {
    let commit = git(
        root,
        &["rev-parse", "--verify", &format!("{rev}^{{commit}}")],
    )?;
    let short = git(root, &["rev-parse", "--short", &commit])?;
    let dir = root.join("target/measure").join(&short);
    if !dir.join(".git").exists() {
        // A worktree removed by hand is still registered until pruned.
        git(root, &["worktree", "prune"])?;
        let dir_text = dir.to_string_lossy().into_owned();
        git(root, &["worktree", "add", "--detach", &dir_text, &commit])?;
    }
    Ok(Tree {
        label: short,
        root: dir,
    })
}

/// All figures of one tree.
#[derive(Debug, Default)]
struct Figures {
    build: Vec<Timing>,
    one_category: Vec<Timing>,
    /// The same two, built as a dependency is (not incrementally).
    build_dep: Vec<Timing>,
    one_category_dep: Vec<Timing>,
    cold: Option<Timing>,
    binary: Option<u64>,
    lines: (usize, usize),
    bench: Option<Bench>,
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One row: the figure of this tree, of the baseline, their ratio, and the goal.
struct Row {
    what: &'static str,
    here: String,
    base: String,
    ratio: Option<f64>,
    goal: String,
}

/// `here / base`, when both are there and the base is not zero.
fn ratio(here: Option<f64>, base: Option<f64>) -> Option<f64> {
    match (here, base) {
        (Some(h), Some(b)) if b > 0.0 => Some(h / b),
        _ => None,
    }
}

fn rows(here: &Figures, base: Option<&Figures>) -> Vec<Row> {
    let dash = || "-".to_string();
    let show = |f: &Figures, get: &dyn Fn(&Figures) -> Option<String>| get(f).unwrap_or_else(dash);
    let num = |f: Option<&Figures>, get: &dyn Fn(&Figures) -> Option<f64>| f.and_then(get);
    let build_cpu = |f: &Figures| best(&f.build).map(|t| t.cpu.as_secs_f64());
    let build_wall = |f: &Figures| best(&f.build).map(|t| t.wall.as_secs_f64());
    let one_wall = |f: &Figures| best(&f.one_category).map(|t| t.wall.as_secs_f64());
    let dep_cpu = |f: &Figures| best(&f.build_dep).map(|t| t.cpu.as_secs_f64());
    let one_dep_wall = |f: &Figures| best(&f.one_category_dep).map(|t| t.wall.as_secs_f64());
    let cold_wall = |f: &Figures| f.cold.map(|t| t.wall.as_secs_f64());
    let binary = |f: &Figures| f.binary.map(|b| b as f64);
    let lines = |f: &Figures| Some(f.lines.0 as f64).filter(|n| *n > 0.0);
    let vs_value = |f: &Figures| f.bench.map(|b| b.vs_value);
    let vs_ignored = |f: &Figures| f.bench.map(|b| b.vs_ignored_pct);
    let peak = |f: &Figures| f.bench.map(|b| b.peak_pct);
    type Get<'a> = &'a dyn Fn(&Figures) -> Option<f64>;
    let row = |what: &'static str, get: Get, fmt: &dyn Fn(f64) -> String, goal: &str| Row {
        what,
        here: show(here, &|f| get(f).map(fmt)),
        base: base.map_or_else(dash, |b| show(b, &|f| get(f).map(fmt))),
        ratio: ratio(get(here), num(base, get)),
        goal: goal.to_string(),
    };
    let s = |v: f64| format!("{v:.1} s");
    let mb = |v: f64| megabytes(v as u64);
    let n = |v: f64| thousands(v as usize);
    let x = |v: f64| format!("{v:.1}x");
    let pct = |v: f64| format!("{v:.0}%");
    vec![
        row(
            "crate-only debug build of voipms-api, default features: CPU (user + system)",
            &build_cpu,
            &s,
            "<= 0.5x the baseline",
        ),
        row("the same, wall", &build_wall, &s, ""),
        row(
            "crate-only debug build, one category (`--no-default-features --features cdr`), wall",
            &one_wall,
            &s,
            "<= 2.5 s",
        ),
        row(
            "crate-only debug build as a dependency is built (`CARGO_INCREMENTAL=0`), default features: CPU",
            &dep_cpu,
            &s,
            "<= 0.5x the baseline",
        ),
        row(
            "the same, one category, wall",
            &one_dep_wall,
            &s,
            "<= 2.5 s",
        ),
        row(
            "cold debug build of voipms-api with dependencies, wall",
            &cold_wall,
            &s,
            "<= 45 s",
        ),
        row("`voipms` release binary", &binary, &mb, "<= 10 MB"),
        row("generated code, lines", &lines, &n, "<= 50,000"),
        row(
            "decode 100,000 CDRs: typed vs `serde_json::Value` then `from_value`",
            &vs_value,
            &x,
            ">= 5x",
        ),
        row(
            "decode: typed vs the `IgnoredAny` parse-only bound",
            &vs_ignored,
            &pct,
            ">= 50%",
        ),
        row(
            "decode: typed peak memory vs the Value path's",
            &peak,
            &pct,
            "no worse than the baseline",
        ),
    ]
}

/// The figures as a markdown table (what the README's Measurements table is rewritten from).
fn render(here: &Figures, base: Option<(&str, &Figures)>, runs: usize) -> String {
    let mut out = String::new();
    let base_label = base.map(|(l, _)| l);
    match base_label {
        Some(label) => {
            out.push_str(&format!(
                "| what | this tree | {label} | ratio | goal |\n| --- | --- | --- | --- | --- |\n"
            ));
        }
        None => out.push_str("| what | this tree | goal |\n| --- | --- | --- |\n"),
    }
    for row in rows(here, base.map(|(_, f)| f)) {
        match base_label {
            Some(_) => {
                let ratio = row
                    .ratio
                    .map_or_else(|| "-".to_string(), |r| format!("{r:.2}"));
                out.push_str(&format!(
                    "| {} | {} | {} | {ratio} | {} |\n",
                    row.what, row.here, row.base, row.goal
                ));
            }
            None => out.push_str(&format!("| {} | {} | {} |\n", row.what, row.here, row.goal)),
        }
    }
    out.push_str(&format!(
        "\nBuild times: best of {runs} run(s){}; generated code: {} files.\n",
        if base.is_some() {
            ", the two trees interleaved"
        } else {
            ""
        },
        here.lines.1
    ));
    out
}

fn measure(opts: &Options) -> Result<String, String> {
    let root = crate::workspace_root();
    let here = Tree {
        label: "this tree".to_string(),
        root: root.clone(),
    };
    let base = match &opts.baseline {
        Some(rev) => Some(baseline_tree(&root, rev)?),
        None => None,
    };
    let trees: Vec<&Tree> = base.iter().chain(std::iter::once(&here)).collect();
    let mut figures: Vec<Figures> = trees.iter().map(|_| Figures::default()).collect();
    let progress = |what: &str, tree: &Tree| eprintln!("measure: {what} ({})", tree.label);

    for (tree, fig) in trees.iter().zip(&mut figures) {
        // Dependencies first, so crate-only builds measure only voipms-api.
        progress("building the dependencies", tree);
        let mut warm = tree.cargo();
        warm.args(["build", "-p", "voipms-api", "--all-features"]);
        timed(warm)?;
        fig.lines = generated_lines(tree)?;
    }
    for run in 1..=opts.runs {
        for (tree, fig) in trees.iter().zip(&mut figures) {
            progress(&format!("crate-only builds, run {run}/{}", opts.runs), tree);
            let one = ["--no-default-features", "--features", "cdr"];
            fig.build.push(crate_only(tree, &[], As::Member)?);
            fig.one_category.push(crate_only(tree, &one, As::Member)?);
            fig.build_dep.push(crate_only(tree, &[], As::Dependency)?);
            fig.one_category_dep
                .push(crate_only(tree, &one, As::Dependency)?);
        }
    }
    for (tree, fig) in trees.iter().zip(&mut figures) {
        if !opts.skip.cold {
            progress("cold build", tree);
            fig.cold = Some(cold_build(tree)?);
        }
        if !opts.skip.release {
            progress("release binary", tree);
            fig.binary = Some(release_binary(tree)?);
        }
        if !opts.skip.bench {
            progress("decode benchmark", tree);
            fig.bench = Some(bench(tree)?);
        }
    }
    let here_fig = figures.pop().unwrap_or_default();
    let base_fig = figures.pop();
    let base = base
        .as_ref()
        .zip(base_fig.as_ref())
        .map(|(t, f)| (t.label.as_str(), f));
    Ok(render(&here_fig, base, opts.runs))
}

pub fn run(args: &[&str]) -> ExitCode {
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match measure(&opts) {
        Ok(table) => {
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let o = parse_args(&[
            "--baseline",
            "f2b130d",
            "--runs",
            "2",
            "--skip",
            "cold,bench",
        ]);
        assert_eq!(
            o,
            Ok(Options {
                baseline: Some("f2b130d".into()),
                runs: 2,
                skip: Skip {
                    cold: true,
                    release: false,
                    bench: true
                }
            })
        );
        assert!(parse_args(&["--runs", "0"]).is_err());
        assert!(parse_args(&["--skip", "everything"]).is_err());
        assert!(parse_args(&["--baseline"]).is_err());
        assert_eq!(parse_args(&["--no-cold"]).map(|o| o.skip.cold), Ok(true));
    }

    #[test]
    fn reads_the_benchmark_summary() {
        let out = "path      time  MB/s\ntyped   70.1ms   510\n\n\
                   typed vs value:   5.5x faster (goal >= 5x: met)\n\
                   typed vs ignored: 50% of the parse-only bound (goal >= 25%: met)\n\
                   drifted vs typed: 79% of the typed path's throughput\n\
                   typed peak:       28% of the value path's (goal <= 33%: met)\n";
        assert_eq!(
            parse_bench(out),
            Some(Bench {
                vs_value: 5.5,
                vs_ignored_pct: 50.0,
                peak_pct: 28.0
            })
        );
        assert_eq!(parse_bench("typed vs value: fast\n"), None);
    }

    fn figures(cpu: u64, lines: usize, binary: u64) -> Figures {
        let t = |s| Timing {
            wall: Duration::from_secs(s),
            cpu: Duration::from_secs(s),
        };
        Figures {
            build: vec![t(cpu + 1), t(cpu)],
            one_category: vec![t(6)],
            build_dep: vec![t(cpu / 2)],
            one_category_dep: Vec::new(),
            cold: None,
            binary: Some(binary),
            lines: (lines, 21),
            bench: None,
        }
    }

    #[test]
    fn the_table_compares_the_best_runs_side_by_side() {
        let base = figures(24, 93_160, 19_900_000);
        let here = figures(12, 46_000, 9_000_000);
        let table = render(&here, Some(("f2b130d", &base)), 2);
        assert!(
            table.contains("| this tree | f2b130d | ratio | goal |"),
            "{table}"
        );
        assert!(
            table.contains("CPU (user + system) | 12.0 s | 24.0 s | 0.50 | <= 0.5x the baseline |"),
            "{table}"
        );
        assert!(table.contains("| 46,000 | 93,160 | 0.49 |"), "{table}");
        assert!(
            table.contains("default features: CPU | 6.0 s | 12.0 s | 0.50 |"),
            "{table}"
        );
        assert!(table.contains("| 9.0 MB | 19.9 MB | 0.45 |"), "{table}");
        // Figures not taken show as a dash, with no ratio.
        assert!(table.contains("wall | - | - | - | <= 45 s |"), "{table}");
        assert!(table.contains("best of 2 run(s), the two trees interleaved"));

        let alone = render(&here, None, 1);
        assert!(alone.starts_with("| what | this tree | goal |"), "{alone}");
        assert!(
            alone.contains("| `voipms` release binary | 9.0 MB | <= 10 MB |"),
            "{alone}"
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(93_160), "93,160");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
