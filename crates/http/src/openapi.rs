//! The OpenAPI description, generated from the handlers' annotations (utoipa), so it cannot drift
//! from the routes, then completed where the annotations cannot say it: the ingest body (binary
//! files) and the bounds the handlers enforce on parameters declared elsewhere.

use std::sync::OnceLock;

use axum::Json;
use serde_json::{Value, json};
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

use crate::{api, error, review, types};

/// The description of `/api/v1` as the annotations give it; [`document`] completes it.
#[derive(OpenApi)]
#[openapi(
    info(title = "corresp", description = "SEC filing-review correspondence: threads, letters, search, statistics, checks."),
    paths(api::healthz, api::threads, api::thread, api::letter, api::search, api::search_facets,
          api::similar, api::stats, api::check, api::ingest, api::draft, api::draft_render),
    components(schemas(error::ErrorBody, types::Hit, types::SearchResults, types::Facet, types::FacetValue,
                       types::SimilarComment, types::AnswerRef, types::IngestSummary, types::FileProblem,
                       review::ThreadView, review::LetterView, review::CommentView, review::AnswerView,
                       review::Disclosure, review::CommentRef, api::LetterRecord, api::CheckAnswer)),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

struct Bearer;

impl utoipa::Modify for Bearer {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let c = doc.components.get_or_insert_with(Default::default);
        c.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The operation at `path` and `method` of a document, when it has one.
fn operation<'a>(doc: &'a mut Value, path: &str, method: &str) -> Option<&'a mut Value> {
    doc.get_mut("paths")?.get_mut(path)?.get_mut(method)
}

/// Merges `extra` into the schema of the parameter `name` of an operation (`example`,
/// `required` and `description` go on the parameter itself).
fn bound_param(doc: &mut Value, path: &str, name: &str, extra: Value) {
    bound_param_of(doc, "get", path, name, extra)
}

/// [`bound_param`] for an operation of another method.
fn bound_param_of(doc: &mut Value, method: &str, path: &str, name: &str, extra: Value) {
    let Some(params) = operation(doc, path, method).and_then(|o| o.get_mut("parameters")) else { return };
    let Some(params) = params.as_array_mut() else { return };
    let Some(extra) = extra.as_object() else { return };
    for p in params.iter_mut().filter(|p| p["name"] == name) {
        for (k, v) in extra {
            if matches!(k.as_str(), "example" | "required" | "description") {
                p[k.as_str()] = v.clone();
            } else if let Some(schema) = p.get_mut("schema").and_then(Value::as_object_mut) {
                schema.insert(k.clone(), v.clone());
            }
        }
    }
}

/// What `api::check_key` takes: letters, digits, `-`, `_`, `:` and single dots, 1 to 128 of them.
const KEY_PATTERN: &str = "^\\.?([A-Za-z0-9_:-]+\\.)*[A-Za-z0-9_:-]*$";

/// The full description served at `/api/v1/openapi.json`.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_else(|_| json!({}));
        // The ingest body is what the handler reads: file parts of a multipart form, or one zip.
        let binary = json!({"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"});
        if let Some(op) = operation(&mut doc, "/api/v1/ingest", "post").and_then(Value::as_object_mut) {
            op.insert(
                "requestBody".into(),
                json!({
                    "description": "letters to store: multipart/form-data file parts (.pdf .htm .html .txt .json, or a .zip of an EDGAR folder; the part's file name gives the type), or one zip as the body (application/zip)",
                    "required": true,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {"files": {"type": "array", "items": binary, "minItems": 1}},
                                "additionalProperties": false,
                                "required": ["files"]
                            }
                        },
                        "application/zip": {
                            "schema": {"type": "string", "format": "binary", "contentMediaType": "application/zip"}
                        }
                    }
                }),
            );
        }
        // A draft is made from a stored letter, a letter's text, or a letter file.
        let key_schema = json!({"type": "string", "minLength": 1, "maxLength": 128, "pattern": KEY_PATTERN});
        if let Some(op) = operation(&mut doc, "/api/v1/draft", "post").and_then(Value::as_object_mut) {
            op.insert(
                "requestBody".into(),
                json!({
                    "description": "the staff comment letter: JSON {\"accession\"} of a stored letter or {\"text\"} of one, a multipart/form-data file part (.pdf .htm .html .txt), or the letter itself as the body",
                    "required": true,
                    "content": {
                        "application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "accession": key_schema,
                                "text": {"type": "string", "minLength": 1},
                                "precedents": {"type": "integer", "minimum": 0, "maximum": crate::api::MAX_DRAFT_PRECEDENTS}
                            },
                            "additionalProperties": false,
                            "oneOf": [{"required": ["accession"], "not": {"required": ["text"]}},
                                      {"required": ["text"], "not": {"required": ["accession"]}}]
                        }},
                        "multipart/form-data": {"schema": {
                            "type": "object",
                            "properties": {"file": binary.clone()},
                            "additionalProperties": false,
                            "required": ["file"]
                        }},
                        "application/pdf": {"schema": {"type": "string", "format": "binary", "contentMediaType": "application/pdf"}},
                        "text/plain": {"schema": {"type": "string", "minLength": 1}}
                    }
                }),
            );
        }
        bound_param_of(&mut doc, "post", "/api/v1/draft", "precedents", json!({"minimum": 0, "maximum": crate::api::MAX_DRAFT_PRECEDENTS}));
        bound_param_of(&mut doc, "post", "/api/v1/draft/render", "format", json!({"enum": ["docx", "md", "html"]}));
        if let Some(ok) = operation(&mut doc, "/api/v1/draft/render", "post")
            .and_then(|o| o.get_mut("responses"))
            .and_then(|r| r.get_mut("200"))
        {
            ok["content"] = json!({
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": {"type": "string", "format": "binary"}},
                "text/markdown": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}}
            });
        }
        if let Some(body) = operation(&mut doc, "/api/v1/draft/render", "post").and_then(|o| o.get_mut("requestBody")) {
            body["content"] = json!({"application/json": {"schema": {
                "type": "object",
                "description": "a draft as POST /api/v1/draft answers it",
                "required": ["staff_letter", "letterhead", "date", "delivery", "addressee", "re", "salutation", "opening", "sections", "closing", "signature"]
            }}});
        }
        // `check` reads an empty body as empty text.
        if let Some(body) = operation(&mut doc, "/api/v1/check", "post").and_then(|o| o.get_mut("requestBody")) {
            body["required"] = json!(false);
        }
        // Bounds the handlers enforce on parameters declared in `types`. Examples are from the
        // sample store.
        let key = json!({"type": "string", "minLength": 1, "maxLength": 128, "pattern": KEY_PATTERN});
        for path in ["/api/v1/search", "/api/v1/search/facets"] {
            let q = json!({"minLength": 1, "maxLength": crate::MAX_QUERY_CHARS, "pattern": "\\S",
                           "required": true, "example": "operating segments",
                "description": "the query language of `corresp search` (words, \"phrases\", AND/OR/NOT, company:, form:, year:2019..2021, kind:); a query it cannot read (no searchable words, a bad year:) is a 400"});
            bound_param(&mut doc, path, "q", q);
            bound_param(&mut doc, path, "limit", json!({"minimum": 1, "maximum": 100}));
            bound_param(&mut doc, path, "kind", json!({"enum": ["comment", "response", "letter"]}));
            let outcomes = json!({"enum": ["first-round", "followed-up", "closed", "open"]});
            bound_param(&mut doc, path, "outcome", outcomes);
            // The query language's years.
            bound_param(&mut doc, path, "year", json!({"minimum": 1900, "maximum": 2999}));
        }
        bound_param(&mut doc, "/api/v1/threads", "status", json!({"enum": ["open", "complete"]}));
        let (thread, letter) = ("/api/v1/threads/{id}", "/api/v1/letters/{accession}");
        bound_param(&mut doc, thread, "id", key.clone());
        bound_param(&mut doc, thread, "id", json!({"example": "0000912345_0000000000-24-000001"}));
        bound_param(&mut doc, letter, "accession", key.clone());
        bound_param(&mut doc, letter, "accession", json!({"example": "0000000000-24-000001"}));
        let similar = "/api/v1/similar/{accession}/{ordinal}";
        bound_param(&mut doc, similar, "accession", key);
        bound_param(&mut doc, similar, "accession", json!({"example": "0000000000-24-000001"}));
        bound_param(&mut doc, similar, "ordinal", json!({"minimum": 1, "example": 1}));
        // An empty value of an optional query parameter is the same as none (`?status=`).
        if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
            for op in paths.values_mut().filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()) {
                let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else { continue };
                for p in params.iter_mut().filter(|p| p["in"] == "query" && p["required"] != true) {
                    p["allowEmptyValue"] = json!(true);
                }
            }
        }
        doc
    })
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<&'static Value> {
    Json(document())
}
