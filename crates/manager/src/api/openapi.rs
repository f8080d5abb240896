//! `GET /openapi.json`: the API's OpenAPI 3.1 description.

use axum::Json;
use serde_json::{json, Value};

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// The OpenAPI document.
pub fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "StreamVault API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Called by the website: magic-link login, sessions, and signed stream URLs."},
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "sv_session"},
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
            "schemas": {
                "Error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string", "description": "stable machine-readable code"},
                    "message": {"type": "string"},
                    "retry_after": {"type": "integer", "description": "seconds to wait (429 only)"}}},
                "User": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "tier": {"enum": ["free", "premium", "banned"]},
                    "premium_until": {"type": ["integer", "null"]}}},
                "Session": {"type": "object", "properties": {
                    "session_token": {"type": "string"}, "expires_at": {"type": "integer"},
                    "user": {"$ref": "#/components/schemas/User"}}}
            }
        },
        "paths": {
            "/healthz": {"get": {"summary": "Liveness and database reachability",
                "responses": {"200": {"description": "healthy"}, "503": {"description": "database unreachable"}}}},
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI document"}}}},
            "/auth": {"get": {"summary": "Open a magic link: sets the session cookie and redirects to the site",
                "parameters": [{"name": "token", "in": "query", "required": true, "schema": {"type": "string"}}],
                "responses": {"303": {"description": "signed in; Set-Cookie sv_session"},
                              "401": error_response("token_malformed | token_algorithm | token_signature | token_expired | token_claims | token_replayed | token_unknown")}}},
            "/v1/auth/exchange": {"post": {"summary": "Exchange a magic-link token for a session token",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}}}}},
                "responses": {"200": {"description": "signed in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
                              "401": error_response("refused token (see /auth)")}}},
            "/v1/me": {"get": {"summary": "The signed-in user and their tier", "security": [{"session": []}, {"bearer": []}],
                "responses": {"200": {"description": "the user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
                              "401": error_response("no_session or refused token")}}},
            "/v1/play": {"post": {"summary": "Sign a stream URL for a content", "security": [{"session": []}, {"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["slug"], "properties": {"slug": {"type": "string", "pattern": "^[A-Za-z0-9]{7}$"}}}}}},
                "responses": {"200": {"description": "signed URL", "content": {"application/json": {"schema": {
                                  "type": "object", "properties": {"url": {"type": "string"}, "expires": {"type": "integer"}}}}}},
                              "401": error_response("no_session or refused token"),
                              "403": error_response("banned"),
                              "404": error_response("not_found: unknown or taken-down slug"),
                              "429": error_response("rate_limited (with retry_after)")}}}
        }
    })
}

pub(super) async fn serve() -> Json<Value> {
    Json(document())
}
