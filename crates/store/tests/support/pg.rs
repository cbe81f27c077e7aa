//! A throwaway PostgreSQL cluster for tests: `initdb` into a temporary folder, `postgres` on a free
//! local port, stopped (and the folder removed) on drop. Shared by the store's tests and the CLI's
//! multi-process test (`#[path]`-included there); it uses only std and tempfile.
//!
//! PostgreSQL refuses to run as root: as root, the cluster is made and run by `nobody` through
//! `runuser`, in a folder handed to it. Without PostgreSQL's programs, [`start`] says so and returns
//! `None` (the test skips), unless `CORRESP_REQUIRE_ALL` is set (CI), where it panics.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A running cluster.
pub struct PgServer {
    /// Holds the data folder, the socket and the log.
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// The user the server runs as, when not us.
    runas: Option<String>,
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
    /// The certificate and key it serves, when TLS is on.
    tls: Option<tempfile::TempDir>,
}

/// The folder of `initdb`, `pg_ctl` and `createdb`: Debian's newest `/usr/lib/postgresql/N/bin`,
/// else the `PATH`.
pub fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, b): &(u32, PathBuf)| b.join("initdb").exists())
        .collect();
    versions.sort();
    if let Some((_, b)) = versions.pop() {
        return Some(b);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("initdb").exists() && d.join("pg_ctl").exists())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts a cluster, or explains why not: `None` skips the test locally; with
/// `CORRESP_REQUIRE_ALL` set, a missing PostgreSQL fails it.
pub fn start(why: &str) -> Option<PgServer> {
    start_with(why, &["-c", "fsync=off", "-c", "synchronous_commit=off"])
}

/// [`start`] with durable settings (fsync on), for measuring.
pub fn start_durable(why: &str) -> Option<PgServer> {
    start_with(why, &[])
}

/// [`start`] with TLS on, serving `cert` and `key` (PEM files, copied into the cluster's folder
/// and handed to the server's user, as PostgreSQL requires of its key).
pub fn start_tls(why: &str, cert: &Path, key: &Path) -> Option<PgServer> {
    let dir = tempfile::Builder::new().prefix("corresp-pg-tls").tempdir().unwrap();
    let tls = dir.path();
    let (c, k) = (tls.join("server.crt"), tls.join("server.key"));
    std::fs::copy(cert, &c).unwrap();
    std::fs::copy(key, &k).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tls, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&k, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(&c, std::fs::Permissions::from_mode(0o644)).unwrap();
        if is_root() {
            let out = Command::new("chown").args(["nobody"]).arg(&k).arg(&c).output().unwrap();
            assert!(out.status.success(), "chown: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    let (c, k) = (c.to_str().unwrap().to_string(), k.to_str().unwrap().to_string());
    let mut server = start_with(
        why,
        &[
            "-c",
            "fsync=off",
            "-c",
            "ssl=on",
            "-c",
            &format!("ssl_cert_file={c}"),
            "-c",
            &format!("ssl_key_file={k}"),
            "-c",
            "log_connections=on",
        ],
    )?;
    server.tls = Some(dir);
    Some(server)
}

fn start_with(why: &str, settings: &[&str]) -> Option<PgServer> {
    let Some(bin) = bin_dir() else {
        if std::env::var_os("CORRESP_REQUIRE_ALL").is_some() {
            panic!("{why}: PostgreSQL (initdb, pg_ctl) is not installed, and CORRESP_REQUIRE_ALL is set");
        }
        eprintln!("skipping {why}: PostgreSQL is not installed (Debian: apt-get install postgresql)");
        return None;
    };
    let dir = tempfile::Builder::new().prefix("corresp-pg").tempdir().unwrap();
    let runas = is_root().then(|| "nobody".to_string());
    if runas.is_some() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    let data = dir.path().join("data");
    let run = |prog: &str, args: &[&str]| {
        let mut cmd = match &runas {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(bin.join(prog));
                c
            }
            None => Command::new(bin.join(prog)),
        };
        let out = cmd.args(args).current_dir(dir.path()).stdin(Stdio::null()).output().unwrap();
        assert!(
            out.status.success(),
            "{prog} {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let d = data.to_str().unwrap();
    run("initdb", &["-D", d, "-U", "corresp", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
    let port = free_port();
    let mut opts =
        format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200", dir.path().display());
    for s in settings.chunks(2) {
        opts.push_str(&format!(" {} {}", s[0], s[1]));
    }
    let log = dir.path().join("log");
    run("pg_ctl", &["-D", d, "-o", &opts, "-l", log.to_str().unwrap(), "-w", "-t", "60", "start"]);
    Some(PgServer { dir, bin, runas, port, tls: None })
}

impl PgServer {
    /// The URL of database `db` (created by [`PgServer::create_db`], or `postgres`).
    pub fn url(&self, db: &str) -> String {
        format!("postgres://corresp@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates database `name` and returns its URL.
    pub fn create_db(&self, name: &str) -> String {
        let out = Command::new(self.bin.join("createdb"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "corresp", name])
            .output()
            .unwrap();
        assert!(out.status.success(), "createdb {name}: {}", String::from_utf8_lossy(&out.stderr));
        self.url(name)
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The folder the cluster lives in.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.data();
        let args = ["-D", data.to_str().unwrap_or_default(), "-m", "immediate", "-w", "stop"];
        let mut cmd = match &self.runas {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(self.bin.join("pg_ctl"));
                c
            }
            None => Command::new(self.bin.join("pg_ctl")),
        };
        let _ = cmd.args(args).stdout(Stdio::null()).stderr(Stdio::null()).status();
    }
}
