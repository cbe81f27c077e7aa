//! Reading folders ahead of the walk, on a few IO threads.
//!
//! The walk reads one folder and one EDGAR JSON file at a time. When they are not in the page cache
//! (a re-ingest at EDGAR's size, where letters, store and index crowd them out), each read waits for
//! the device in turn: 60,000 generated letters' 93,000 folders and 64,000 JSON files took 22 s that
//! way. The prefetcher lists the folders the walk will visit next, reads their EDGAR JSON files and
//! asks the metadata of their other files (the stamp needs it), on [`IO_THREADS`] threads, so the
//! device has many reads in flight and the walk finds the results cached. It changes nothing the walk
//! sees: it only warms caches, and a request it cannot take is simply not made.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Reads in flight at most.
const IO_THREADS: usize = 8;

/// Folders asked for and not yet taken by an IO thread.
const QUEUE: usize = 64;

/// A folder with more entries than this is listed but not descended into: it is a level such as
/// `sec/` with a folder per company, which the walk hands over company by company instead.
pub(super) const SMALL_FOLDER: usize = 256;

/// How deep below a folder asked for the prefetcher goes (a company's threads, filings, accession
/// folders).
pub(super) const DEPTH: usize = 4;

/// How much of an EDGAR JSON file is read ahead (the walk's own limit is higher; this only warms).
const JSON_AHEAD: u64 = 1 << 20;

/// The IO threads and the queue to them. Dropping it closes the queue and waits for the threads,
/// each of which finishes at most the one folder tree it is reading.
pub(super) struct Prefetch {
    tx: Option<SyncSender<PathBuf>>,
    threads: Vec<JoinHandle<()>>,
}

impl Prefetch {
    /// Starts the IO threads; `None` when none could be started (the walk then reads on its own).
    pub(super) fn start() -> Option<Prefetch> {
        let (tx, rx) = sync_channel::<PathBuf>(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        let threads: Vec<JoinHandle<()>> = (0..IO_THREADS)
            .filter_map(|i| {
                let rx = rx.clone();
                std::thread::Builder::new()
                    .name(format!("corresp-prefetch-{i}"))
                    .spawn(move || serve(&rx))
                    .ok()
            })
            .collect();
        (!threads.is_empty()).then_some(Prefetch { tx: Some(tx), threads })
    }

    /// Asks for `dir` to be read ahead. False when the queue is full (ask again later).
    pub(super) fn ask(&self, dir: &Path) -> bool {
        match self.tx.as_ref().map(|tx| tx.try_send(dir.to_path_buf())) {
            Some(Ok(())) => true,
            Some(Err(TrySendError::Full(_))) => false,
            // The threads are gone: nothing more to ask; the walk reads on its own.
            Some(Err(TrySendError::Disconnected(_))) | None => true,
        }
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        drop(self.tx.take());
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn serve(rx: &Mutex<Receiver<PathBuf>>) {
    loop {
        // A poisoned lock only means another IO thread panicked; the queue itself is sound.
        let next = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
        match next {
            Ok(dir) => warm(&dir, 0),
            Err(_) => return,
        }
    }
}

/// Lists `dir`, reads its EDGAR JSON files, asks its other files' metadata, and does the same
/// below it when it is small.
fn warm(dir: &Path, depth: usize) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let entries: Vec<fs::DirEntry> = entries.flatten().take(SMALL_FOLDER + 1).collect();
    let small = entries.len() <= SMALL_FOLDER;
    for e in entries {
        let Ok(kind) = e.file_type() else { continue };
        let path = e.path();
        if kind.is_dir() {
            if small && depth < DEPTH {
                warm(&path, depth + 1);
            }
        } else if e.file_name() == "index.json" || e.file_name() == "company_submissions.json" {
            if let Ok(f) = fs::File::open(&path) {
                let _ = std::io::copy(&mut f.take(JSON_AHEAD), &mut std::io::sink());
            }
        } else {
            let _ = fs::metadata(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Companies in EDGAR's layout, each with a filing and its index.
    fn tree(root: &Path, companies: usize) {
        for c in 0..companies {
            let filing = root.join(format!("sec/C{c:04}/filings/0000000000-24-{c:06}"));
            fs::create_dir_all(&filing).unwrap();
            fs::write(filing.join("index.json"), b"{}").unwrap();
            fs::write(filing.join("filename1.htm"), b"<p>Dear Sir:</p>").unwrap();
        }
    }

    #[test]
    fn the_walk_sees_the_same_letters_with_or_without_it_and_stops_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        tree(dir.path(), SMALL_FOLDER + 40);
        let paths = [dir.path().to_path_buf()];
        let with: Vec<_> = super::super::walk(&paths).map(|w| w.unwrap()).collect();
        let mut plain = super::super::walk(&paths);
        plain.ahead = super::super::Ahead::Off;
        let without: Vec<_> = plain.map(|w| w.unwrap()).collect();
        assert_eq!(with.len(), SMALL_FOLDER + 40);
        assert_eq!(with, without);

        // Dropped after the first letter, with folders still asked for: the IO threads end.
        let start = std::time::Instant::now();
        let mut early = super::super::walk(&paths);
        assert!(early.next().is_some());
        drop(early);
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn a_full_queue_refuses_instead_of_waiting() {
        // No thread takes from this queue: after QUEUE requests it is full.
        let (tx, _rx) = sync_channel::<PathBuf>(QUEUE);
        let p = Prefetch { tx: Some(tx), threads: Vec::new() };
        let asked = (0..QUEUE + 5).filter(|_| p.ask(Path::new("/nonexistent"))).count();
        assert_eq!(asked, QUEUE);
    }
}
