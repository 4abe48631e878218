use std::path::Path;
#[test]
fn loo() {
    let spec =
        codegen::spec::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")).unwrap();
    let mut ok = 0;
    for f in &spec.functions {
        let c = codegen::wsdl::choose_category(&spec, &f.name).unwrap();
        if c.file == f.file {
            ok += 1
        } else {
            println!("{} in {} -> {} ({})", f.name, f.file, c.file, c.reason)
        }
    }
    println!("{ok}/{}", spec.functions.len());
}
