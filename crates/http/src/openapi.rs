//! The OpenAPI description, generated from the handlers' annotations (utoipa), so it cannot drift
//! from the routes.

use axum::Json;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

use crate::{api, error, review, types};

/// The description of `/api/v1`.
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

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
