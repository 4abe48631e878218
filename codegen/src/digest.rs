// A stable fingerprint of the spec directory (module docs are on `pub mod digest` in lib.rs).
//
// This file is also `include!`d by the root package's `build.rs`, which must detect a changed
// spec without depending on this crate, so it uses only `std`, has no `use` of crate items and no
// inner attributes.

/// Fingerprint of a set of spec files: `(relative path, contents)` pairs in any order.
///
/// Paths are sorted and `\r\n` is normalised to `\n`, so the digest is the same on every machine
/// and checkout. The hash is 128-bit FNV-1a: a change detector, not a security measure.
pub fn spec_digest(files: &[(String, Vec<u8>)]) -> String {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut hash: u128 = 0x6c62272e07bb014262b821756295c58d;
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    };
    for (path, contents) in sorted {
        feed(path.replace('\\', "/").as_bytes());
        feed(&[0]);
        let mut prev_cr = false;
        for &b in contents {
            // Normalise CRLF to LF byte by byte.
            if prev_cr && b != b'\n' {
                feed(b"\r");
            }
            prev_cr = b == b'\r';
            if !prev_cr {
                feed(&[b]);
            }
        }
        if prev_cr {
            feed(b"\r");
        }
        feed(&[0xff]);
    }
    format!("{hash:032x}")
}

/// Reads every `*.yaml` file below `dir` as `(path relative to dir, contents)`.
pub fn read_spec_files(dir: &std::path::Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(
        root: &std::path::Path,
        dir: &std::path::Path,
        out: &mut Vec<(String, Vec<u8>)>,
    ) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&path)?));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}
