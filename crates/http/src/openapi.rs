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
          api::similar, api::stats, api::check, api::ingest),
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

/// Merges `extra` into the schema of the parameter `name` of an operation.
fn bound_param(doc: &mut Value, path: &str, name: &str, extra: Value) {
    let Some(params) = operation(doc, path, "get").and_then(|o| o.get_mut("parameters")) else { return };
    let Some(params) = params.as_array_mut() else { return };
    for p in params.iter_mut().filter(|p| p["name"] == name) {
        if let (Some(schema), Some(extra)) =
            (p.get_mut("schema").and_then(Value::as_object_mut), extra.as_object())
        {
            for (k, v) in extra {
                schema.insert(k.clone(), v.clone());
            }
        }
    }
}

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
                                "properties": {"files": {"type": "array", "items": binary}},
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
        // Bounds the handlers enforce on parameters declared in `types`.
        for path in ["/api/v1/search", "/api/v1/search/facets"] {
            bound_param(&mut doc, path, "limit", json!({"minimum": 1, "maximum": 100}));
            bound_param(&mut doc, path, "kind", json!({"enum": ["comment", "response", "letter"]}));
        }
        bound_param(&mut doc, "/api/v1/threads", "status", json!({"enum": ["open", "complete"]}));
        doc
    })
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<&'static Value> {
    Json(document())
}
