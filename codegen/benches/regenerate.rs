//! Regeneration time of the whole spec: load + validate + emit + format, as `cargo xtask codegen`
//! does it (writing files excluded). Run with `cargo bench -p voipms-codegen --bench regenerate`
//! (release profile). Prints the median and best of several runs and the size of the output.

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let runs = 15;
    let mut load = Vec::new();
    let mut total = Vec::new();
    let mut lines = 0;
    let mut bytes = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        let spec = match voipms_codegen::spec::load_dir(&dir) {
            Ok(s) => s,
            Err(d) => {
                eprintln!("{d}");
                std::process::exit(2);
            }
        };
        let t1 = Instant::now();
        let files = match voipms_codegen::emit::generate(&spec) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        let t2 = Instant::now();
        load.push(t1 - t0);
        total.push(t2 - t0);
        lines = files.iter().map(|f| f.contents.lines().count()).sum();
        bytes = files.iter().map(|f| f.contents.len()).sum();
    }
    let stats = |v: &mut Vec<Duration>| {
        v.sort();
        (v[v.len() / 2], v[0])
    };
    let (load_med, load_best) = stats(&mut load);
    let (med, best) = stats(&mut total);
    println!("regenerate the whole spec ({runs} runs, release):");
    println!("  load + validate: median {load_med:.1?}, best {load_best:.1?}");
    println!(
        "  total with emit and prettyplease: median {med:.1?}, best {best:.1?} (goal: < 300 ms)"
    );
    println!("  output: {lines} lines, {} KB", bytes / 1024);
}
