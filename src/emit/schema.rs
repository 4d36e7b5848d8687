//! JSON Schema (2020-12) of the emitted JSON, derived from the model types.
//!
//! schemars 0.8 speaks draft 2019-09 at most and always names its definitions
//! `definitions`; the fix-ups here move them to `$defs`, declare 2020-12, and
//! turn `additionalProperties: false` into `unevaluatedProperties: false` where
//! an object is assembled from subschemas (a flattened enum), because
//! `additionalProperties` cannot see properties declared inside `oneOf`.

use schemars::gen::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{Map, Value};

use crate::model::{DocumentRecord, Finding};

/// The `$schema` every generated schema declares.
pub const META_SCHEMA: &str = "https://json-schema.org/draft/2020-12/schema";

/// Schema of one document record (one JSON Lines line, or one file under `--out`).
pub fn document_schema() -> Value {
    schema_for::<DocumentRecord>("https://solieu.invalid/schemas/document.schema.json")
}

/// Schema of one audit finding (one line of `solieu audit`).
pub fn finding_schema() -> Value {
    schema_for::<Finding>("https://solieu.invalid/schemas/finding.schema.json")
}

/// The text `solieu schema` prints and `schemas/*.json` holds: pretty JSON and a newline.
pub fn to_text(schema: &Value) -> String {
    let mut s =
        serde_json::to_string_pretty(schema).expect("a serde_json::Value always serialises");
    s.push('\n');
    s
}

fn schema_for<T: JsonSchema>(id: &str) -> Value {
    let settings = SchemaSettings::draft2019_09().with(|s| {
        s.definitions_path = "#/$defs/".to_string();
        s.meta_schema = Some(META_SCHEMA.to_string());
    });
    let root = settings.into_generator().into_root_schema_for::<T>();
    let mut value = serde_json::to_value(root).expect("a schemars schema always serialises");
    if let Value::Object(map) = &mut value {
        if let Some(defs) = map.remove("definitions") {
            map.insert("$defs".to_string(), defs);
        }
        // `$schema` and `$id` first, for a reader of the file.
        let mut ordered = Map::new();
        ordered.insert(
            "$schema".to_string(),
            Value::String(META_SCHEMA.to_string()),
        );
        ordered.insert("$id".to_string(), Value::String(id.to_string()));
        for (k, v) in std::mem::take(map) {
            if k != "$schema" {
                ordered.insert(k, v);
            }
        }
        *map = ordered;
    }
    close_composed_objects(&mut value);
    value
}

/// Replaces `additionalProperties: false` by `unevaluatedProperties: false` on
/// objects that also take properties from `oneOf`/`anyOf`/`allOf` (a `Block`
/// flattens its `BlockKind`), so that a cell's `row` is allowed and a typo still is not.
fn close_composed_objects(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let composed = ["oneOf", "anyOf", "allOf"]
                .iter()
                .any(|k| map.contains_key(*k));
            if composed && map.get("additionalProperties") == Some(&Value::Bool(false)) {
                map.remove("additionalProperties");
                map.insert("unevaluatedProperties".to_string(), Value::Bool(false));
            }
            for v in map.values_mut() {
                close_composed_objects(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close_composed_objects),
        _ => {}
    }
}
