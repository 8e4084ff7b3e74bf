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

// How a field is edited: 'enum', 'integer', 'number', 'boolean', 'date' (a date or an
// interval), 'list' (of strings, one a line), 'money', or 'json' (nested objects and lists).
export function widgetOf(doc, s0) {
  const s = resolve(doc, s0);
  if (s.enum) return 'enum';
  const t = types(s);
  if (t.includes('integer')) return 'integer';
  if (t.includes('number')) return 'number';
  if (t.includes('boolean')) return 'boolean';
  if (s.properties?.minor && s.properties?.currency) return 'money';
  if (t.includes('array')) {
    const item = resolve(doc, s.items || {});
    const it = types(item);
    return it.includes('string') && !item.properties ? 'list' : 'json';
  }
  // An uncertain date is a string "YYYY-MM-DD" or "FROM/TO" (or an object of the two).
  if (s.format === 'date' || (s.oneOf || []).some((o) => /\\d\{4\}-/.test(o.pattern || ''))) return 'date';
  if (t.includes('object') || s.properties || s.oneOf || s.anyOf) return 'json';
  return 'string';
}
