//! Decoding a large getCDR response three ways, in one run:
//!
//! 1. `typed`: the client's own path, `wire::decode_response::<cdr::GetCdrResponse>` (one pass
//!    from bytes, no intermediate tree, numbers, decimals and dates parsed);
//! 2. `value`: the common path, `serde_json::from_slice::<Value>` then `from_value` into an
//!    equivalent serde-derived struct (every field a string: the cheapest it can be);
//! 3. `ignored`: `serde_json::from_slice::<IgnoredAny>`, a lower bound for any JSON parse;
//! 4. `drifted`: the typed path on the same records with two fields the spec lacks in each
//!    (kept in `extra()` and reported as drift), as live answers carry.
//!
//! 5. `soap` (with `--features soap`): the same records as a SOAP answer (Apache maps in a
//!    `SOAP-ENC:Array`, as `voipms_api::soap` reconstructs it) through the same typed decoders,
//!    timed in rounds interleaved with `typed` and printed as a ratio against it.
//!
//! Throughput is the best of several runs of each path in this process. Peak memory is
//! measured per path in a fresh child process (this binary re-executed with `--mem <path>`)
//! that reads the body from a file, notes its high-water mark (`VmHWM`), decodes, and reports
//! the new high-water mark and the number of allocations.
//!
//! `cargo bench -p voipms-api --bench decode [--features soap]` (`-- --records N` to change the
//! size).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde::de::IgnoredAny;
use voipms_api::cdr::GetCdrResponse;
use voipms_api::wire::decode_response;

/// Counts allocations when enabled (only in the memory children, so timings are unaffected).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The serde-derived equivalent of the typed response, as a hand-written client would have it:
/// the same Rust types where serde has them (decimals via rust_decimal's own `Deserialize`,
/// integers sent as strings through a small helper); the date stays a `String` (serde has no
/// date type without another crate), which only favours this path.
#[derive(Deserialize)]
#[allow(dead_code)]
struct SerdeCdrResponse {
    status: String,
    #[serde(default)]
    cdr: Vec<SerdeCdr>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct SerdeCdr {
    date: Option<String>,
    callerid: Option<String>,
    destination: Option<String>,
    description: Option<String>,
    account: Option<String>,
    disposition: Option<String>,
    duration: Option<String>,
    #[serde(deserialize_with = "int_from_string")]
    seconds: Option<i64>,
    rate: Option<voipms_api::Decimal>,
    total: Option<voipms_api::Decimal>,
    uniqueid: Option<String>,
    destination_type: Option<String>,
    call_logs: Option<String>,
}

/// `"83"` (or `83`) as an integer, the usual serde helper for VoIP.ms's numbers in strings.
fn int_from_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IntOrString {
        Int(i64),
        Str(String),
    }
    match Option::<IntOrString>::deserialize(d)? {
        None => Ok(None),
        Some(IntOrString::Int(n)) => Ok(Some(n)),
        Some(IntOrString::Str(s)) if s.is_empty() => Ok(None),
        Some(IntOrString::Str(s)) => s.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// A realistic getCDR body: VoIP.ms's field order and spellings (numbers as strings, escaped
/// quotes in caller ids, a call log on some calls), values varied by a small PRNG.
fn build_body(records: usize) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let names = [
        "John Doe",
        "ACME Corp",
        "Jane O'Neil",
        "WIRELESS CALLER",
        "Dr. Émile Roy",
    ];
    let descriptions = [
        "Inbound - Local Caller",
        "Outbound - USA / Canada",
        "Inbound - Toll Free",
        "Outbound - International Mobile",
    ];
    let dispositions = ["ANSWERED", "NO ANSWER", "BUSY", "FAILED"];
    let types = ["IN:USA", "OUT:USA", "OUT:CAN", "IN:TF"];
    let mut s = String::with_capacity(records * 330 + 64);
    s.push_str(r#"{"status":"success","cdr":["#);
    for i in 0..records {
        let r = next();
        let secs = r % 3600;
        let (day, hour, min, sec) = (1 + r % 28, (r >> 8) % 24, (r >> 16) % 60, (r >> 24) % 60);
        let answered = r % 4 != 0;
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"date":"2024-03-{day:02} {hour:02}:{min:02}:{sec:02}","callerid":"\"{name}\" <{caller}>","destination":"{dst}","description":"{desc}","account":"{acct}_VoIP","disposition":"{disp}","duration":"{h:02}:{m:02}:{s2:02}","seconds":"{secs}","rate":"0.{rate:08}","total":"0.{total:08}","uniqueid":"{uid}","destination_type":"{dtype}","call_logs":"{logs}"}}"#,
            name = names[(r >> 3) as usize % names.len()],
            caller = 5_550_000_000 + (r >> 5) % 10_000_000,
            dst = 4_180_000_000 + (r >> 7) % 10_000_000,
            desc = descriptions[(r >> 11) as usize % descriptions.len()],
            acct = 100_000 + (r >> 13) % 50,
            disp = if answered {
                dispositions[0]
            } else {
                dispositions[1 + (r >> 17) as usize % 3]
            },
            h = secs / 3600,
            m = secs / 60 % 60,
            s2 = secs % 60,
            rate = (r >> 19) % 2_000_000,
            total = (r >> 23) % 90_000_000,
            uid = 128_238_059 + i as u64,
            dtype = types[(r >> 29) as usize % types.len()],
            logs = if r % 5 == 0 {
                "Routing to sub-account: 100000_VoIP Status is 'Channel not available' Failover due to 'Unreachable' status Hangup"
            } else {
                ""
            },
        );
    }
    s.push_str("]}");
    s.into_bytes()
}

/// The same body with two fields the spec lacks in every record.
fn drifted_body(body: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(body)
        .replace(
            r#","call_logs":"#,
            r#","carrier":"ACME Telecom","billed_at":"2024-03-01 00:00:00","call_logs":"#,
        )
        .into_bytes()
}

#[derive(Clone, Copy)]
enum Path {
    Typed,
    Value,
    Ignored,
    Drifted,
}

impl Path {
    const ALL: [Path; 4] = [Path::Typed, Path::Value, Path::Ignored, Path::Drifted];

    fn name(self) -> &'static str {
        match self {
            Path::Typed => "typed",
            Path::Value => "value",
            Path::Ignored => "ignored",
            Path::Drifted => "drifted",
        }
    }

    fn from_name(name: &str) -> Option<Path> {
        Path::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Decodes `body`; returns the number of records and keeps the result alive until the
    /// caller has measured (it is returned boxed as `dyn Any`).
    fn run(self, body: &[u8]) -> (usize, Box<dyn std::any::Any>) {
        match self {
            Path::Typed | Path::Drifted => {
                let env = decode_response::<GetCdrResponse>(body).expect("typed decode");
                assert_eq!(env.status.as_deref(), Some("success"));
                assert_eq!(env.drift.is_empty(), matches!(self, Path::Typed));
                (env.body.cdr.len(), Box::new(env.body))
            }
            Path::Value => {
                let v: serde_json::Value = serde_json::from_slice(body).expect("Value parse");
                let r: SerdeCdrResponse = serde_json::from_value(v).expect("from_value");
                assert_eq!(r.status, "success");
                (r.cdr.len(), Box::new(r))
            }
            Path::Ignored => {
                let _: IgnoredAny = serde_json::from_slice(body).expect("IgnoredAny parse");
                (0, Box::new(()))
            }
        }
    }
}

/// `VmHWM` (peak resident set) of this process, in kB.
fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Child mode: decode once and print `baseline_kb peak_kb allocations`.
fn measure_memory(path: Path, file: &str) {
    let body = std::fs::read(file).expect("read body");
    let baseline = vm_hwm_kb();
    COUNTING.store(true, Ordering::SeqCst);
    let (_, kept) = path.run(&body);
    COUNTING.store(false, Ordering::SeqCst);
    let peak = vm_hwm_kb();
    black_box(&kept);
    println!("{baseline} {peak} {}", ALLOCATIONS.load(Ordering::SeqCst));
}

fn best_of(path: Path, body: &[u8], runs: usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let (count, kept) = path.run(black_box(body));
        let took = t.elapsed();
        drop(black_box(kept));
        best = best.min(took);
        n = count;
    }
    (best, n)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--mem") {
        let path = args
            .get(i + 1)
            .and_then(|p| Path::from_name(p))
            .expect("--mem <path> <file>");
        let file = args.get(i + 2).expect("--mem <path> <file>");
        measure_memory(path, file);
        return;
    }
    let records: usize = args
        .iter()
        .position(|a| a == "--records")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    if let Some(i) = args.iter().position(|a| a == "--loop") {
        // For profilers: decode with one path many times.
        let path = args
            .get(i + 1)
            .and_then(|p| Path::from_name(p))
            .expect("--loop <path>");
        let body = build_body(records);
        if args.iter().any(|a| a == "--leak") {
            // Profile decoding alone: results are never freed.
            let t = Instant::now();
            for _ in 0..8 {
                std::mem::forget(path.run(&body));
            }
            println!(
                "{}: {:.1} ms per run (leaking)",
                path.name(),
                t.elapsed().as_secs_f64() * 125.0
            );
            return;
        }
        let (t, _) = best_of(path, &body, 30);
        println!("{}: best {:.1} ms", path.name(), t.as_secs_f64() * 1e3);
        return;
    }
    let runs = 15;

    let body = build_body(records);
    let with_extra = drifted_body(&body);
    let mb = body.len() as f64 / 1e6;
    let body_of = |path: Path| {
        if matches!(path, Path::Drifted) {
            &with_extra
        } else {
            &body
        }
    };
    println!(
        "getCDR body: {records} records, {mb:.1} MB; best of {runs} interleaved runs per path\n"
    );

    // Rounds interleave the paths so that load from other processes hits all of them alike.
    let mut best = [Duration::MAX; 4];
    for _ in 0..runs {
        for (k, path) in Path::ALL.into_iter().enumerate() {
            let (t, n) = best_of(path, body_of(path), 1);
            if !matches!(path, Path::Ignored) {
                assert_eq!(n, records, "{} decoded every record", path.name());
            }
            best[k] = best[k].min(t);
        }
    }
    let mut speed = [0.0f64; 4];
    println!("{:<8} {:>10} {:>10}", "path", "time", "MB/s");
    for (k, path) in Path::ALL.into_iter().enumerate() {
        let mb = body_of(path).len() as f64 / 1e6;
        speed[k] = mb / best[k].as_secs_f64();
        println!(
            "{:<8} {:>8.1}ms {:>10.0}",
            path.name(),
            best[k].as_secs_f64() * 1e3,
            speed[k]
        );
    }
    let [typed, value, ignored, drifted] = speed;
    let vs_value = typed / value;
    let vs_ignored = typed / ignored;

    // Peak memory, each path in a fresh process.
    let file =
        std::env::temp_dir().join(format!("voipms-decode-bench-{}.json", std::process::id()));
    std::fs::write(&file, &body).expect("write body");

    let exe = std::env::current_exe().expect("current_exe");
    let mut peak = [0.0f64; 3];
    let measured = [Path::Typed, Path::Value, Path::Ignored];
    println!(
        "\n{:<8} {:>12} {:>14} {:>14}",
        "path", "peak RSS", "above body", "allocations"
    );
    for (k, path) in measured.into_iter().enumerate() {
        let out = Command::new(&exe)
            .args(["--mem", path.name()])
            .arg(&file)
            .output()
            .expect("run child");
        let text = String::from_utf8_lossy(&out.stdout);
        let nums: Vec<u64> = text
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [baseline, hwm, allocs] = nums[..] else {
            panic!(
                "child {}: {text} {}",
                path.name(),
                String::from_utf8_lossy(&out.stderr)
            );
        };
        peak[k] = hwm as f64 / 1024.0;
        println!(
            "{:<8} {:>9.1} MB {:>11.1} MB {:>14}",
            path.name(),
            peak[k],
            (hwm - baseline) as f64 / 1024.0,
            allocs
        );
    }
    let _ = std::fs::remove_file(&file);
    let mem_ratio = peak[0] / peak[1];

    #[cfg(feature = "soap")]
    soap_section(&body, records, runs);

    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!(
        "\ntyped vs value:   {vs_value:.1}x faster (goal >= 5x: {})",
        verdict(vs_value >= 5.0)
    );
    println!(
        "typed vs ignored: {:.0}% of the parse-only bound (goal >= 50%: {})",
        vs_ignored * 100.0,
        verdict(vs_ignored >= 0.5)
    );
    println!(
        "drifted vs typed: {:.0}% of the typed path's throughput with two unknown fields a record",
        drifted / typed * 100.0
    );
    println!(
        "typed peak:       {:.0}% of the value path's (goal <= 33%: {})",
        mem_ratio * 100.0,
        verdict(mem_ratio <= 1.0 / 3.0)
    );
}

/// The SOAP answer of the same records through the same typed decoders, in rounds interleaved
/// with the JSON path; its throughput is per byte of its own (larger) body, and the ratio is of
/// time per answer.
#[cfg(feature = "soap")]
fn soap_section(json: &[u8], records: usize, runs: usize) {
    use voipms_api::soap;
    let xml = soap::response_from_json("getCDR", &String::from_utf8_lossy(json))
        .expect("the JSON body")
        .into_bytes();
    let soap_run = |body: &[u8]| {
        let env = soap::decode_response::<GetCdrResponse>(body).expect("SOAP decode");
        assert_eq!(env.status.as_deref(), Some("success"));
        assert!(env.drift.is_empty());
        env.body.cdr.len()
    };
    let (mut json_best, mut soap_best) = (Duration::MAX, Duration::MAX);
    for _ in 0..runs {
        let (t, n) = best_of(Path::Typed, json, 1);
        assert_eq!(n, records);
        json_best = json_best.min(t);
        let t = Instant::now();
        let n = soap_run(black_box(&xml));
        soap_best = soap_best.min(t.elapsed());
        assert_eq!(n, records, "soap decoded every record");
    }
    let mbps = |len: usize, t: Duration| len as f64 / 1e6 / t.as_secs_f64();
    println!(
        "\nSOAP answer: {:.1} MB ({:.1}x the JSON body)",
        xml.len() as f64 / 1e6,
        xml.len() as f64 / json.len() as f64
    );
    println!("{:<8} {:>10} {:>10}", "path", "time", "MB/s");
    println!(
        "{:<8} {:>8.1}ms {:>10.0}",
        "typed",
        json_best.as_secs_f64() * 1e3,
        mbps(json.len(), json_best)
    );
    println!(
        "{:<8} {:>8.1}ms {:>10.0}",
        "soap",
        soap_best.as_secs_f64() * 1e3,
        mbps(xml.len(), soap_best)
    );
    println!(
        "soap vs typed JSON: {:.2}x the time per answer",
        soap_best.as_secs_f64() / json_best.as_secs_f64()
    );
}
