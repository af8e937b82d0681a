import type { JsonSchema } from '../params.js';

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Just enough Markdown for our own descriptions: paragraphs, bullet lists, `code` and **bold**. */
function markdown(text: string): string {
  const inline = (s: string) => escape(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  return text
    .split(/\n{2,}/)
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => l.startsWith('- '))) return `<ul>${lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join('')}</ul>`;
      const bullets = lines.findIndex((l) => l.startsWith('- '));
      if (bullets > 0) {
        return `<p>${inline(lines.slice(0, bullets).join(' '))}</p><ul>${lines.slice(bullets).map((l) => `<li>${inline(l.replace(/^- /, ''))}</li>`).join('')}</ul>`;
      }
      return `<p>${inline(block)}</p>`;
    })
    .join('\n');
}

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).join(' | ');
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(' | ');
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join(' | ') : String(schema.type ?? 'any');
  const range = [
    schema.minimum !== undefined ? `≥ ${String(schema.minimum)}` : '',
    schema.maximum !== undefined ? `≤ ${String(schema.maximum)}` : '',
    schema.format ? String(schema.format) : '',
  ].filter(Boolean);
  return range.length ? `${type} (${range.join(', ')})` : type;
}

/** A compact outline of a response body: field names and types, nested. */
function outline(schema: JsonSchema, depth = 0): string {
  if (depth > 6) return '…';
  if (schema.type === 'array' && schema.items) return `[ ${outline(schema.items as JsonSchema, depth)} ]`;
  if (Array.isArray(schema.anyOf)) {
    const parts = (schema.anyOf as JsonSchema[]).filter((s) => s.type !== 'null');
    const nullable = parts.length < (schema.anyOf as JsonSchema[]).length;
    return `${parts.map((s) => outline(s, depth)).join(' | ')}${nullable ? ' | null' : ''}`;
  }
  if (schema.type === 'object' && schema.properties) {
    const pad = '  '.repeat(depth + 1);
    const fields = Object.entries(schema.properties as Record<string, JsonSchema>).map(
      ([name, s]) => `${pad}${name}: ${outline(s, depth + 1)}`,
    );
    return `{\n${fields.join(',\n')}\n${'  '.repeat(depth)}}`;
  }
  if (schema.$ref) return String(schema.$ref).split('/').pop()!;
  return typeOf(schema);
}

/** A self-contained HTML reference of the OpenAPI document (no scripts, fonts or CDNs). */
export function renderDocsPage(doc: JsonSchema): string {
  const info = doc.info as { title: string; version: string; description: string };
  const paths = doc.paths as Record<string, Record<string, JsonSchema>>;
  const tagDescriptions = new Map(((doc.tags as Array<{ name: string; description?: string }>) ?? []).map((t) => [t.name, t.description]));
  const byTag = new Map<string, Array<[string, JsonSchema, string]>>([...tagDescriptions.keys()].map((name) => [name, []]));
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = ((op.tags as string[]) ?? ['Other'])[0]!;
      byTag.set(tag, [...(byTag.get(tag) ?? []), [path, op, method.toUpperCase()]]);
    }
  }
  for (const [tag, ops] of byTag) if (ops.length === 0) byTag.delete(tag);
  const nav = [...byTag.entries()]
    .map(([tag, ops]) => `<h3>${escape(tag)}</h3><ul>${ops.map(([p, op]) => `<li><a href="#${escape(op.operationId)}">${escape(p.replace('/api/v1', ''))}</a></li>`).join('')}</ul>`)
    .join('');
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => {
      const endpoints = ops
        .map(([path, op, method]) => {
          const params = (op.parameters as JsonSchema[]) ?? [];
          const rows = params
            .map((p) => {
              const s = p.schema as JsonSchema;
              return `<tr><td><code>${escape(p.name)}</code>${p.required ? ' <em>required</em>' : ''}</td><td>${escape(p.in)}</td><td>${escape(typeOf(s))}</td><td>${s.default !== undefined ? `<code>${escape(JSON.stringify(s.default))}</code>` : ''}</td><td>${escape(p.description ?? s.description ?? '')}</td></tr>`;
            })
            .join('');
          const responses = op.responses as Record<string, JsonSchema>;
          const ok = ((responses['200']?.content as Record<string, { schema: JsonSchema }>)?.['application/json']?.schema ?? {}) as JsonSchema;
          const errorsList = Object.entries(responses)
            .filter(([status]) => status !== '200')
            .map(([status, r]) => `<li><code>${escape(status)}</code> ${escape(r.description)}</li>`)
            .join('');
          return `<section class="op" id="${escape(op.operationId)}">
<h3><span class="method">${escape(method)}</span> <code>${escape(path)}</code></h3>
<p class="summary">${escape(op.summary)}${Array.isArray(op.security) && (op.security as unknown[]).length === 0 ? ' <span class="badge">no key</span>' : ''}</p>
${op.description ? markdown(String(op.description)) : ''}
${rows ? `<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>default</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>` : '<p><em>No parameters.</em></p>'}
<details><summary>Response 200</summary><pre>${escape(outline(ok))}</pre></details>
${errorsList ? `<details><summary>Errors</summary><ul>${errorsList}</ul></details>` : ''}
</section>`;
        })
        .join('\n');
      const description = tagDescriptions.get(tag);
      return `<h2>${escape(tag)}</h2>\n${description ? markdown(description) : ''}\n${endpoints}`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)} reference</title>
<style>
body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2330;display:flex}
nav{position:sticky;top:0;height:100vh;overflow:auto;width:290px;flex:none;background:#f4f6f9;padding:1rem;box-sizing:border-box;border-right:1px solid #dde2ea}
nav h3{font-size:.8rem;text-transform:uppercase;color:#5a6478;margin:1rem 0 .3rem}nav ul{list-style:none;margin:0;padding:0}nav a{color:#1d4ed8;text-decoration:none;font-family:ui-monospace,monospace;font-size:.85rem}
main{padding:1.5rem 2rem;max-width:1000px;min-width:0}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em}
pre{background:#f4f6f9;padding:.8rem;overflow:auto;border-radius:6px}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #e3e7ee;text-align:left;padding:.3rem .5rem;vertical-align:top}th{font-size:.8rem;color:#5a6478}
.op{border-top:1px solid #dde2ea;padding-top:.5rem;margin-top:1.5rem}.method{background:#15803d;color:#fff;border-radius:4px;padding:0 .4rem;font-size:.8rem}
.badge{background:#e0e7ff;color:#3730a3;border-radius:4px;padding:0 .4rem;font-size:.75rem}.summary{font-weight:600}
</style></head>
<body><nav><strong>${escape(info.title)}</strong> <small>v${escape(info.version)}</small><p><a href="/api/v1/openapi.json">openapi.json</a></p>${nav}</nav>
<main><h1>${escape(info.title)}</h1>${markdown(info.description)}
${sections}</main></body></html>`;
}
