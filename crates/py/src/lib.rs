//! `corresp._corresp`: the native half of the `corresp` Python package (the Python half, in
//! `python/corresp/`, turns Arrow tables into pandas or polars frames and draws the progress bar).
//!
//! A thin layer: every fact comes from `corresp_app` (the frames' columns from
//! [`corresp_app::frames`], ingest from [`corresp_app::update::ingest_and_index`], search from
//! [`corresp_app::search`], the store's location from [`corresp_app::db`]) and the parsed letter
//! from the same chain `corresp parse` runs. This crate only converts: columns to Arrow record
//! batches handed to pyarrow through the Arrow C data interface (`arrow-pyarrow`), records to the
//! contract's JSON, errors to `corresp.CorrespError` with the message the CLI prints (the cause
//! chain joined with ": ", on one line). Long work runs with the GIL released.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, RecordBatchIterator,
    RecordBatchReader,
};
use arrow_pyarrow::IntoPyArrow;
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use corresp_app::frames::{self, Frame, Values};
use corresp_app::search::{SearchOptions, SimilarOptions, Sort};
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    corresp,
    CorrespError,
    PyException,
    "An error corresp reports: the same one-line message the `corresp` command prints after `corresp: `."
);

/// Rows per Arrow record batch: text columns stay far below Arrow's 2 GiB offsets per batch.
const BATCH_ROWS: usize = 65_536;

/// The message the CLI prints for `e` (after `corresp: `): the error and its causes joined with
/// ": ", after `context` when given, on one line.
fn message(context: Option<&str>, e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = context.map(str::to_string).into_iter().collect();
    let mut next = Some(e);
    while let Some(err) = next {
        parts.push(err.to_string());
        next = err.source();
    }
    parts.join(": ").replace('\n', " ")
}

fn fail(e: &(dyn std::error::Error + 'static)) -> PyErr {
    CorrespError::new_err(message(None, e))
}

fn fail_in(context: String) -> impl FnOnce(corresp_app::Error) -> PyErr {
    move |e| CorrespError::new_err(message(Some(&context), &e))
}

fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| fail(&e))
}

// ---- Arrow ----------------------------------------------------------------------------------

fn data_type(v: &Values) -> DataType {
    match v {
        Values::Text(_) => DataType::Utf8,
        Values::Int(_) => DataType::Int64,
        Values::Float(_) => DataType::Float64,
        Values::Bool(_) | Values::OptBool(_) => DataType::Boolean,
        Values::Date(_) => DataType::Date32,
        Values::TextList(_) => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
    }
}

/// The Arrow schema of a frame: every column nullable but the always-known booleans.
fn schema(frame: &Frame) -> SchemaRef {
    let fields: Vec<Field> = frame
        .columns
        .iter()
        .map(|c| Field::new(c.name, data_type(&c.values), !matches!(c.values, Values::Bool(_))))
        .collect();
    Arc::new(Schema::new(fields))
}

fn days(d: NaiveDate) -> i32 {
    // Every date in the store is between 1990 and 2100, far inside i32 days.
    (d - NaiveDate::default()).num_days() as i32
}

/// Rows `from..to` of one column as an Arrow array.
fn array(v: &Values, from: usize, to: usize) -> ArrayRef {
    match v {
        Values::Text(xs) => {
            let xs = &xs[from..to];
            let bytes = xs.iter().flatten().map(String::len).sum();
            let mut b = StringBuilder::with_capacity(xs.len(), bytes);
            for x in xs {
                b.append_option(x.as_deref());
            }
            Arc::new(b.finish())
        }
        Values::Int(xs) => Arc::new(Int64Array::from(xs[from..to].to_vec())),
        Values::Float(xs) => Arc::new(Float64Array::from(xs[from..to].to_vec())),
        Values::Bool(xs) => Arc::new(BooleanArray::from(xs[from..to].to_vec())),
        Values::OptBool(xs) => Arc::new(BooleanArray::from(xs[from..to].to_vec())),
        Values::Date(xs) => {
            Arc::new(Date32Array::from(xs[from..to].iter().map(|d| d.map(days)).collect::<Vec<_>>()))
        }
        Values::TextList(xs) => {
            let mut b = ListBuilder::new(StringBuilder::new());
            for list in &xs[from..to] {
                for s in list {
                    b.values().append_value(s);
                }
                b.append(true);
            }
            Arc::new(b.finish())
        }
    }
}

/// A frame as Arrow record batches of at most [`BATCH_ROWS`] rows (one empty batch for no rows,
/// so the columns still reach Python).
fn batches(frame: &Frame) -> Result<(SchemaRef, Vec<RecordBatch>), ArrowError> {
    let schema = schema(frame);
    let n = frame.rows();
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        let to = (from + BATCH_ROWS).min(n);
        let columns = frame.columns.iter().map(|c| array(&c.values, from, to)).collect();
        out.push(RecordBatch::try_new(schema.clone(), columns)?);
        if to >= n {
            break;
        }
        from = to;
    }
    Ok((schema, out))
}

/// A frame built without the GIL, handed to pyarrow as a `pyarrow.Table` (C data interface).
fn table<'py>(
    py: Python<'py>,
    build: impl FnOnce() -> Result<Frame, PyErr> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let (schema, batches) = py.detach(|| {
        let frame = build()?;
        batches(&frame).map_err(|e| fail(&e))
    })?;
    let reader: Box<dyn RecordBatchReader + Send> =
        Box::new(RecordBatchIterator::new(batches.into_iter().map(Ok), schema));
    reader.into_pyarrow(py)?.call_method0("read_all")
}

// ---- Letters ---------------------------------------------------------------------------------

/// The plain text of a PDF, HTML or EDGAR `.txt` letter, pages separated by form feeds (what
/// `corresp extract FILE` prints).
#[pyfunction]
fn extract(py: Python<'_>, path: PathBuf) -> PyResult<String> {
    py.detach(|| corresp_extract::extract_file(&path).map(|x| x.text.text).map_err(|e| fail(&e)))
}

/// The parsed letter in a file, as the contract's JSON (what `corresp parse FILE --json` prints).
#[pyfunction]
#[pyo3(signature = (path, form=None))]
fn parse_file(py: Python<'_>, path: PathBuf, form: Option<String>) -> PyResult<String> {
    py.detach(|| {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path)
            .map_err(|e| CorrespError::new_err(message(Some(&format!("{name}: cannot read")), &e)))?;
        let letter = corresp_app::letter::read(&bytes, &name, form.as_deref()).map_err(|e| fail(&e))?.letter;
        to_json(&letter)
    })
}

/// The parsed letter of a text, as the contract's JSON: the text read as a plain `.txt` letter
/// (what `corresp parse` gives for a file holding it).
#[pyfunction]
#[pyo3(signature = (text, form=None))]
fn parse_text(py: Python<'_>, text: String, form: Option<String>) -> PyResult<String> {
    py.detach(|| {
        let letter = corresp_app::letter::read(text.as_bytes(), "text.txt", form.as_deref())
            .map_err(|e| fail(&e))?
            .letter;
        to_json(&letter)
    })
}

/// Every recomputable numeric statement of a text and its verdict, as the contract's JSON list
/// (the `claims` of `corresp check --text --json`).
#[pyfunction]
fn check(py: Python<'_>, text: String) -> PyResult<String> {
    py.detach(|| to_json(&corresp_app::check::check(&text)))
}

/// How many letters a walk of `paths` finds (the length of the ingest progress bar).
#[pyfunction]
fn count(py: Python<'_>, paths: Vec<PathBuf>) -> usize {
    py.detach(|| corresp_app::walk::count(&paths))
}

/// The store path `corresp` uses: the one given, else `$CORRESP_DB`, else the data folder's.
#[pyfunction]
#[pyo3(signature = (db=None))]
fn db_path(db: Option<PathBuf>) -> PyResult<PathBuf> {
    corresp_app::db::path(db).map_err(|e| fail(&e))
}

// ---- The store -------------------------------------------------------------------------------

/// A store, opened on first use: an embedded SQLite file (read methods refuse one that does not
/// exist yet, `ingest` creates it) or a team's PostgreSQL database given by its
/// `postgres://` URL, as `--db` takes them.
#[pyclass(module = "corresp._corresp", frozen)]
struct Store {
    db: PathBuf,
    store: OnceLock<Box<dyn corresp_store::Store>>,
}

impl Store {
    fn open(&self, create: bool) -> PyResult<&dyn corresp_store::Store> {
        if let Some(s) = self.store.get() {
            return Ok(s.as_ref());
        }
        let s = corresp_app::db::open_store(&self.db, create).map_err(|e| fail(&e))?;
        Ok(self.store.get_or_init(|| s).as_ref())
    }

    /// The store as messages name it: a URL's password left out.
    fn shown(&self) -> String {
        corresp_store::redact(&self.db.display().to_string())
    }

    fn frame<'py>(
        &self,
        py: Python<'py>,
        f: fn(&dyn corresp_store::Store) -> corresp_app::Result<Frame>,
    ) -> PyResult<Bound<'py, PyAny>> {
        table(py, || f(self.open(false)?).map_err(|e| fail(&e)))
    }
}

#[pymethods]
impl Store {
    #[new]
    #[pyo3(signature = (db=None))]
    fn new(db: Option<PathBuf>) -> PyResult<Self> {
        Ok(Store { db: corresp_app::db::path(db).map_err(|e| fail(&e))?, store: OnceLock::new() })
    }

    /// The store's path, or its PostgreSQL URL (a string: a path object would fold its `//`).
    #[getter]
    fn db(&self) -> String {
        self.db.display().to_string()
    }

    fn __repr__(&self) -> String {
        format!("corresp.Store(db={:?})", self.shown())
    }

    /// Stores letters (files, EDGAR-layout folders, full submissions), rebuilds the threads and
    /// updates the search index; returns the summary as `corresp ingest --json` prints it.
    /// `on_file` is called with no argument after each file.
    #[pyo3(signature = (paths, on_file=None, jobs=0, force=false))]
    fn ingest(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        on_file: Option<Py<PyAny>>,
        jobs: usize,
        force: bool,
    ) -> PyResult<String> {
        let opts = corresp_app::ingest::IngestOptions { force, jobs, ..Default::default() };
        let summary = py.detach(|| {
            let store = self.open(true)?;
            let mut tick = |_: &Path| {
                if let Some(f) = &on_file {
                    // A failing callback (a closed progress bar) must not stop the ingest.
                    Python::attach(|py| {
                        if let Err(e) = f.call0(py) {
                            e.write_unraisable(py, None);
                        }
                    });
                }
            };
            corresp_app::update::ingest_and_index(store, &self.db, &paths, &opts, &mut tick)
                .map_err(fail_in(format!("ingest into {}", self.shown())))
        })?;
        to_json(&summary.to_json())
    }

    /// One row per review thread (`corresp_app::frames::threads`), as a `pyarrow.Table`.
    fn threads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, frames::threads)
    }

    /// One row per stored letter (`corresp_app::frames::letters`), as a `pyarrow.Table`.
    fn letters<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, frames::letters)
    }

    /// One row per staff comment (`corresp_app::frames::comments`), as a `pyarrow.Table`.
    fn comments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, frames::comments)
    }

    /// One row per company answer (`corresp_app::frames::answers`), as a `pyarrow.Table`.
    fn answers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py, frames::answers)
    }

    /// The hits of a search (`corresp search QUERY --json`), as a `pyarrow.Table`.
    #[pyo3(signature = (query, limit=20, offset=0, sort="relevance"))]
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: String,
        limit: usize,
        offset: usize,
        sort: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let sort = match sort {
            "relevance" => Sort::Relevance,
            "date" => Sort::Date,
            other => return Err(PyValueError::new_err(format!("sort: `{other}`: give relevance or date"))),
        };
        let opts = SearchOptions { limit, offset, sort, facets: false };
        table(py, || {
            let store = self.open(false)?;
            let dir = corresp_app::search::index_dir(&self.db);
            let res = corresp_app::search::search(store, &dir, &query, &opts)
                .map_err(fail_in(format!("search {}", self.shown())))?;
            Ok(frames::search_hits(&res))
        })
    }

    /// The staff comments most like a stored one (`ACCESSION:ORDINAL`) or a text, at other
    /// companies unless `same_company` (`corresp similar --json`), as a `pyarrow.Table`.
    #[pyo3(signature = (target, n=5, same_company=false))]
    fn similar<'py>(
        &self,
        py: Python<'py>,
        target: String,
        n: usize,
        same_company: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let opts = SimilarOptions { limit: n, other_companies: !same_company, answers: 3, exclude_cik: None };
        table(py, || {
            let store = self.open(false)?;
            let dir = corresp_app::search::index_dir(&self.db);
            let hits = corresp_app::search::similar(store, &dir, frames::similar_target(&target), &opts)
                .map_err(fail_in(format!("similar in {}", self.shown())))?;
            Ok(frames::similar_hits(&hits))
        })
    }
}

/// The native module.
#[pymodule]
#[pyo3(name = "_corresp")]
fn corresp_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("CorrespError", m.py().get_type::<CorrespError>())?;
    m.add_class::<Store>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(parse_file, m)?)?;
    m.add_function(wrap_pyfunction!(parse_text, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(count, m)?)?;
    m.add_function(wrap_pyfunction!(db_path, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The Arrow side alone (no interpreter needed): schema and batches of a frame.
    use super::*;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use corresp_app::frames::Column;

    fn frame(n: usize) -> Frame {
        Frame {
            columns: vec![
                Column { name: "id", values: Values::Text((0..n).map(|i| Some(format!("t{i}"))).collect()) },
                Column {
                    name: "days",
                    values: Values::Int((0..n).map(|i| (i % 2 == 0).then_some(i as i64)).collect()),
                },
                Column { name: "date", values: Values::Date(vec![NaiveDate::from_ymd_opt(2020, 1, 2); n]) },
                Column {
                    name: "forms",
                    values: Values::TextList((0..n).map(|i| vec!["10-K".into(); i % 3]).collect()),
                },
                Column { name: "complete", values: Values::Bool(vec![true; n]) },
            ],
        }
    }

    #[test]
    fn a_frame_becomes_typed_batches() {
        let (schema, batches) = batches(&frame(BATCH_ROWS + 5)).unwrap();
        assert_eq!(batches.len(), 2);
        assert_eq!(batches[1].num_rows(), 5);
        assert_eq!(schema.field(2).data_type(), &DataType::Date32);
        assert!(!schema.field(4).is_nullable());
        let b = &batches[1];
        assert_eq!(b.column(0).as_string::<i32>().value(0), format!("t{BATCH_ROWS}"));
        assert_eq!(b.column(2).as_primitive::<arrow_array::types::Date32Type>().value(0), 18_263);
        assert_eq!(b.column(1).null_count(), 2);
        let lists = b.column(3).as_list::<i32>();
        assert_eq!(lists.value(0).len(), BATCH_ROWS % 3);
    }

    #[test]
    fn no_rows_still_give_the_columns() {
        let (schema, batches) = batches(&frame(0)).unwrap();
        assert_eq!(batches.len(), 1);
        assert_eq!(batches[0].num_rows(), 0);
        assert_eq!(schema.fields().len(), 5);
    }

    #[test]
    fn messages_join_the_causes_as_the_cli_does() {
        let e = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        assert_eq!(message(Some("x.pdf: cannot read"), &e), "x.pdf: cannot read: No such file");
    }
}
