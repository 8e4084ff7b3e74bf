// The record kinds' JSON schemas, from the server's OpenAPI document (built from the same field
// lists as the server's validation), so that tables and forms follow the server's fields.

export function recordSchema(doc, kind) {
  return doc?.components?.schemas?.[kind] || null;
}

// A schema with its $ref followed (one level; the document's refs are local).
export function resolve(doc, s) {
  if (s && s.$ref) {
    const name = s.$ref.split('/').pop();
    return doc.components.schemas[name] || {};
  }
  return s || {};
}

function types(s) {
  return Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
}

// How a field is edited: 'enum', 'integer', 'number', 'boolean', 'interval' (an uncertain date
// or a span of days: one day, or between two), 'date' (one exact day), 'ref' (the id of another
// record or a country code, chosen with a picker), 'refs' (a list of those), 'enums' (a list of
// enum values), 'list' (of strings, one a line), 'money', 'object' (nested fields),
// 'objects' (a list of nested objects: item lines, citations), 'keys' (name=value pairs), or
// 'json' (anything else).
export function widgetOf(doc, s0) {
  const s = resolve(doc, s0);
  if (s.enum) return 'enum';
  const t = types(s);
  if (t.includes('integer')) return 'integer';
  if (t.includes('number')) return 'number';
  if (t.includes('boolean')) return 'boolean';
  if (s.properties?.minor && s.properties?.currency) return 'money';
  if (refKindOf(s)) return 'ref';
  if (t.includes('array')) {
    const item = resolve(doc, s.items || {});
    if (item.enum) return 'enums';
    if (refKindOf(item)) return 'refs';
    if (item.properties) return 'objects';
    return types(item).includes('string') ? 'list' : 'json';
  }
  // An uncertain date is a string "YYYY-MM-DD" or "FROM/TO" (or an object of the two).
  if ((s.oneOf || []).some((o) => /\\d\{4\}-/.test(o.pattern || ''))) return 'interval';
  if (s.format === 'date') return 'date';
  if (s.properties) return 'object';
  if (t.includes('object') && s.additionalProperties?.type === 'string') return 'keys';
  if (t.includes('object') || s.oneOf || s.anyOf) return 'json';
  return 'string';
}

// The kind of record (or 'country') a string field names, from its schema's description
// (api/src/openapi_components.cpp: "Id of a live party record", "Id of a source", "ISO 3166-1
// alpha-2 ..."), or null.
export function refKindOf(s) {
  const d = s?.description || '';
  if (!types(s).includes('string')) return null;
  const live = /^Id of a live (\w+) record/.exec(d);
  if (live) return live[1];
  if (/^Id of a source\b/.test(d)) return 'source';
  if (/^ISO 3166-1 alpha-2/.test(d)) return 'country';
  return null;
}

// Text fields that hold several lines (docs/formats.md "Text, numbers and dates").
const MULTILINE = new Set(['notes', 'excerpt', 'text', 'promise']);

// A field of a form: {name, widget, schema (resolved), required, refKind, children (the fields
// of an object or of each element of a list of objects)}.
export function fieldSpec(doc, name, s0, required) {
  const schema = resolve(doc, s0);
  let widget = widgetOf(doc, schema);
  if (widget === 'string' && MULTILINE.has(name)) widget = 'text';
  const spec = { name, widget, schema, required: Boolean(required) };
  if (widget === 'ref') spec.refKind = refKindOf(schema);
  if (widget === 'refs') spec.refKind = refKindOf(resolve(doc, schema.items));
  if (widget === 'enums') spec.values = resolve(doc, schema.items).enum;
  if (widget === 'object' || widget === 'objects') {
    const inner = widget === 'object' ? schema : resolve(doc, schema.items);
    const req = new Set(inner.required || []);
    spec.children = Object.entries(inner.properties).map(([n, c]) => fieldSpec(doc, n, c, req.has(n)));
  }
  return spec;
}
