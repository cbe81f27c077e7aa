//! Parquet of the rows behind the tables, for pandas, polars, DuckDB and R.
//!
//! Written with the `parquet` crate's column writer (no Arrow): one row group, no compression, the
//! same columns as the CSV files. Dates are Parquet `DATE` (days since 1970-01-01), text is UTF-8,
//! absent values are nulls; `others` stays `;`-joined as in the CSV.

use std::io::Write;
use std::sync::Arc;

use chrono::NaiveDate;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::{CommentRow, ThreadRow};

/// A Parquet file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("parquet: {0}")]
pub struct ParquetError(String);

impl From<parquet::errors::ParquetError> for ParquetError {
    fn from(e: parquet::errors::ParquetError) -> Self {
        ParquetError(e.to_string())
    }
}

/// One column's values; `None` is a null (only in optional columns).
enum Values {
    Text(Vec<Option<String>>),
    Int32(Vec<Option<i32>>),
    Int64(Vec<Option<i64>>),
    Date(Vec<Option<NaiveDate>>),
    Bool(Vec<bool>),
}

struct Column {
    name: &'static str,
    required: bool,
    values: Values,
}

impl Column {
    fn schema_line(&self) -> String {
        let rep = if self.required { "REQUIRED" } else { "OPTIONAL" };
        let ty = match self.values {
            Values::Text(_) => "BYTE_ARRAY",
            Values::Int32(_) => "INT32",
            Values::Int64(_) => "INT64",
            Values::Date(_) => "INT32",
            Values::Bool(_) => "BOOLEAN",
        };
        let logical = match self.values {
            Values::Text(_) => " (UTF8)",
            Values::Date(_) => " (DATE)",
            _ => "",
        };
        format!("  {rep} {ty} {}{logical};", self.name)
    }
}

/// Definition levels (1 = present) and the present values, as the column writer wants them.
fn split<T: Clone>(xs: &[Option<T>]) -> (Vec<i16>, Vec<T>) {
    let levels = xs.iter().map(|x| x.is_some() as i16).collect();
    let present = xs.iter().flatten().cloned().collect();
    (levels, present)
}

fn days_since_epoch(d: NaiveDate) -> i32 {
    // Every date in the store is between 1990 and 2100, well inside i32 days.
    (d - NaiveDate::default()).num_days() as i32
}

fn write_table<W: Write + Send>(message: &str, columns: Vec<Column>, out: W) -> Result<(), ParquetError> {
    let lines: Vec<String> = columns.iter().map(Column::schema_line).collect();
    let schema = Arc::new(parse_message_type(&format!("message {message} {{\n{}\n}}", lines.join("\n")))?);
    let props = Arc::new(WriterProperties::builder().set_created_by("corresp".into()).build());
    let mut writer = SerializedFileWriter::new(out, schema, props)?;
    let mut group = writer.next_row_group()?;
    for column in &columns {
        let Some(mut w) = group.next_column()? else {
            return Err(ParquetError(format!("no writer for column {}", column.name)));
        };
        let optional = !column.required;
        match &column.values {
            Values::Text(xs) => {
                let (levels, vals) = split(xs);
                let vals: Vec<ByteArray> =
                    vals.into_iter().map(|s| ByteArray::from(s.into_bytes())).collect();
                w.typed::<ByteArrayType>().write_batch(&vals, optional.then_some(&levels[..]), None)?;
            }
            Values::Int32(xs) => {
                let (levels, vals) = split(xs);
                w.typed::<Int32Type>().write_batch(&vals, optional.then_some(&levels[..]), None)?;
            }
            Values::Int64(xs) => {
                let (levels, vals) = split(xs);
                w.typed::<Int64Type>().write_batch(&vals, optional.then_some(&levels[..]), None)?;
            }
            Values::Date(xs) => {
                let days: Vec<Option<i32>> = xs.iter().map(|d| d.map(days_since_epoch)).collect();
                let (levels, vals) = split(&days);
                w.typed::<Int32Type>().write_batch(&vals, optional.then_some(&levels[..]), None)?;
            }
            Values::Bool(xs) => {
                w.typed::<BoolType>().write_batch(xs, None, None)?;
            }
        }
        w.close()?;
    }
    group.close()?;
    writer.close()?;
    Ok(())
}

fn text(name: &'static str, required: bool, xs: Vec<Option<String>>) -> Column {
    Column { name, required, values: Values::Text(xs) }
}

/// Writes the per-thread rows (the columns of [`crate::threads_csv`]) as one Parquet file.
pub fn threads_parquet<W: Write + Send>(rows: &[ThreadRow], out: W) -> Result<(), ParquetError> {
    let columns = vec![
        text("id", true, rows.iter().map(|r| Some(r.id.clone())).collect()),
        text("company", false, rows.iter().map(|r| r.company.clone()).collect()),
        text("cik", false, rows.iter().map(|r| r.cik.clone()).collect()),
        text("forms", true, rows.iter().map(|r| Some(r.forms.clone())).collect()),
        Column {
            name: "year",
            required: false,
            values: Values::Int32(rows.iter().map(|r| r.year).collect()),
        },
        Column {
            name: "staff_letters",
            required: true,
            values: Values::Int32(rows.iter().map(|r| Some(r.staff_letters as i32)).collect()),
        },
        Column {
            name: "letters",
            required: true,
            values: Values::Int32(rows.iter().map(|r| Some(r.letters as i32)).collect()),
        },
        Column {
            name: "start",
            required: false,
            values: Values::Date(rows.iter().map(|r| r.start).collect()),
        },
        Column { name: "end", required: false, values: Values::Date(rows.iter().map(|r| r.end).collect()) },
        Column {
            name: "days",
            required: false,
            values: Values::Int64(rows.iter().map(|r| r.days).collect()),
        },
        Column {
            name: "complete",
            required: true,
            values: Values::Bool(rows.iter().map(|r| r.complete).collect()),
        },
    ];
    write_table("threads", columns, out)
}

/// Writes the per-comment rows (the columns of [`crate::comments_csv`]) as one Parquet file.
pub fn comments_parquet<W: Write + Send>(rows: &[CommentRow], out: W) -> Result<(), ParquetError> {
    let columns = vec![
        text("thread_id", true, rows.iter().map(|r| Some(r.thread_id.clone())).collect()),
        text("accession", true, rows.iter().map(|r| Some(r.accession.clone())).collect()),
        Column { name: "date", required: false, values: Values::Date(rows.iter().map(|r| r.date).collect()) },
        Column {
            name: "ordinal",
            required: true,
            values: Values::Int32(rows.iter().map(|r| Some(r.ordinal as i32)).collect()),
        },
        text("number", false, rows.iter().map(|r| r.number.clone()).collect()),
        text("primary", false, rows.iter().map(|r| r.primary.clone()).collect()),
        text("others", true, rows.iter().map(|r| Some(r.others.join(";"))).collect()),
        text("ask", false, rows.iter().map(|r| r.ask.clone()).collect()),
        text("company", false, rows.iter().map(|r| r.company.clone()).collect()),
        text("caption", false, rows.iter().map(|r| r.caption.clone()).collect()),
        text("text", true, rows.iter().map(|r| Some(r.text.clone())).collect()),
        Column {
            name: "round",
            required: false,
            values: Values::Int32(rows.iter().map(|r| r.round.map(|x| x as i32)).collect()),
        },
        text("answer", false, rows.iter().map(|r| r.answer.clone()).collect()),
        text("answer_parts", true, rows.iter().map(|r| Some(r.answer_parts.join(";"))).collect()),
        Column {
            name: "commitment",
            required: true,
            values: Values::Bool(rows.iter().map(|r| r.commitment).collect()),
        },
        text("follow_ups", true, rows.iter().map(|r| Some(r.follow_ups.join(";"))).collect()),
        Column {
            name: "last_round",
            required: false,
            values: Values::Int32(rows.iter().map(|r| r.last_round.map(|x| x as i32)).collect()),
        },
        text("closed_by", false, rows.iter().map(|r| r.closed_by.clone()).collect()),
        text("outcome_answer", false, rows.iter().map(|r| r.outcome_answer.clone()).collect()),
    ];
    write_table("comments", columns, out)
}
