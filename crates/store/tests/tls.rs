//! TLS to PostgreSQL: `sslmode=require` encrypts and verifies the server's certificate against the
//! roots and the team's own CA; without that CA the connection is refused with the reason. Runs on a
//! throwaway cluster serving a certificate made here with `openssl` (skipped with a message when
//! PostgreSQL or openssl is absent, failing instead when `CORRESP_REQUIRE_ALL` is set).

#[path = "support/pg.rs"]
mod pg;

use std::path::Path;
use std::process::Command;

use corresp_store::{PgOptions, PostgresStore, Store};

/// Runs `openssl` with `args` in `dir`.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().unwrap();
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A CA and a server certificate it signed for 127.0.0.1 and localhost: (ca.pem, server.pem, server.key).
fn certificates(dir: &Path) -> Option<()> {
    if Command::new("openssl").arg("version").output().is_err() {
        assert!(
            std::env::var_os("CORRESP_REQUIRE_ALL").is_none(),
            "openssl is missing and CORRESP_REQUIRE_ALL is set"
        );
        eprintln!("skipping: no openssl to make a test certificate");
        return None;
    }
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=corresp test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    );
    std::fs::write(
        dir.join("ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "ext",
            "-out",
            "server.pem",
        ],
    );
    Some(())
}

#[test]
fn sslmode_require_encrypts_and_verifies_the_server() {
    let dir = tempfile::tempdir().unwrap();
    if certificates(dir.path()).is_none() {
        return;
    }
    let Some(server) =
        pg::start_tls("TLS to PostgreSQL", &dir.path().join("server.pem"), &dir.path().join("server.key"))
    else {
        return;
    };
    let url = format!("{}?sslmode=require", server.create_db("tls"));
    // The team's CA given: connected, over TLS (the server's log says so for each connection).
    let with_ca = PgOptions { ca_file: Some(dir.path().join("ca.pem")), ..PgOptions::default() };
    let store = PostgresStore::connect(&url, &with_ca).unwrap_or_else(|e| panic!("{e}\n{}", server.log()));
    assert_eq!(store.count_documents().unwrap(), 0);
    assert!(server.log().contains("SSL enabled"), "{}", server.log());
    // Without it the certificate chains to no known root: refused, and the reason is said.
    let without = PgOptions { ca_file: None, ..PgOptions::default() };
    let err = PostgresStore::connect(&url, &without).unwrap_err().to_string();
    assert!(err.contains("certificate") && err.contains("127.0.0.1"), "{err}");
    // A CA file that holds no certificate is named.
    std::fs::write(dir.path().join("empty.pem"), "nothing here\n").unwrap();
    let bad = PgOptions { ca_file: Some(dir.path().join("empty.pem")), ..PgOptions::default() };
    let err = PostgresStore::connect(&url, &bad).unwrap_err().to_string();
    assert!(err.contains("empty.pem") && err.contains("no PEM certificate"), "{err}");
    // sslmode=disable connects without TLS, as before.
    let plain = url.replace("sslmode=require", "sslmode=disable");
    PostgresStore::connect(&plain, &without).unwrap();
}
