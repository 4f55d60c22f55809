import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: Node's default import is the plugin itself, the types see its module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** The parts of an OpenAPI 3.0 document the response checks read. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { summary?: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
  components?: { schemas?: Record<string, unknown> };
}

/** Id under which the converted components are registered in Ajv. */
const DOC_ID = 'openapi';

/**
 * An OpenAPI 3.0 schema as strict JSON Schema for Ajv: `nullable: true` becomes a `null` alternative, and
 * every schema that lists properties refuses any other (`additionalProperties: false`, unless it says
 * otherwise), so a field the API returns but the document leaves out fails. Refs point into DOC_ID.
 */
function strictSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out[key] = value.replace(/^#/, `${DOC_ID}#`);
    else if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, strictSchema(s)]));
    } else if (key !== 'example' && key !== 'nullable') out[key] = strictSchema(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if ((node as { nullable?: unknown }).nullable === true) {
    // A nullable reference (`allOf: [{ $ref }]`): null, or what the reference says.
    if (out.allOf || out.$ref || out.anyOf || out.oneOf) return { anyOf: [out, { type: 'null' }] };
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/**
 * Checks real response bodies against the response schema the OpenAPI document gives for their
 * operation and status. A status the operation does not document fails too.
 */
export class ResponseSchemas {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: { schemas: strictSchema(doc.components?.schemas ?? {}) } });
  }

  /**
   * The problems of `body` as the `status` answer of `method pathTemplate` (e.g. `get`, `/submissions/{id}`):
   * empty when it matches. A status without a JSON body (204) must have an empty body.
   */
  problems(method: string, pathTemplate: string, status: number, body: unknown): string[] {
    const operation = this.doc.paths[pathTemplate]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${pathTemplate} is not in the document`];
    const response = operation.responses?.[String(status)];
    if (!response) return [`${method} ${pathTemplate} does not document status ${status}`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return body === '' || body === undefined ? [] : [`${method} ${pathTemplate} ${status} documents no body, got one`];
    const key = `${method} ${pathTemplate} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(strictSchema(schema) as object);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
