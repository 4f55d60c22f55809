#!/usr/bin/env node
// Regenerates deploy/k8s/schemas/: the JSON schemas `npm run check:k8s` (scripts/check-k8s.mjs)
// validates the Kubernetes manifests against, one file per kind in kubeconform's layout
// (`<kind>-<group>-<version>.json`, e.g. deployment-apps-v1.json, service-v1.json).
//
// kubeconform's default schemas are fetched from GitHub, which CI cannot reach; these are built from
// what the Go module proxy serves instead:
//   - k8s.io/kubernetes@K8S_VERSION: api/openapi-spec/swagger.json (the API server's OpenAPI v2);
//   - github.com/kedacore/keda/v2@KEDA_VERSION: config/crd/bases/keda.sh_scaledobjects.yaml.
// `go mod download -json` fetches each module zip once (kubernetes: about 18 MB, 110 MB unpacked, so
// the results are committed rather than generated on every CI run).
//
// The schemas are "standalone strict": each file carries the definitions it needs under
// `definitions` (no external $ref), every object that lists its properties rejects any other
// (additionalProperties: false), int-or-string fields take a string or an integer, and quantities
// (cpu: 500m, memory: 1Gi, cpu: 2) a string or a number. Descriptions are dropped to keep them small.
//
// Usage: node scripts/k8s-schemas.mjs   (needs `go` on PATH and the module proxy; writes the files)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

const K8S_VERSION = 'v1.34.2';
const KEDA_VERSION = 'v2.21.0';

/** The kinds the manifests use: [apiVersion, kind]. A new kind in deploy/k8s needs its line here. */
const KINDS = [
  ['v1', 'Namespace'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Service'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['keda.sh/v1alpha1', 'ScaledObject'],
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'deploy/k8s/schemas');

/**
 * Unpacked directory of a Go module version, downloaded through the module proxy when not cached.
 * @param {string} path @param {string} version @returns {string}
 */
function moduleDir(path, version) {
  const out = execFileSync('go', ['mod', 'download', '-json', `${path}@${version}`], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const info = JSON.parse(out);
  if (info.Error) throw new Error(`go mod download ${path}@${version}: ${info.Error}`);
  return info.Dir;
}

/**
 * kubeconform's file name for a kind: `{{ .ResourceKind }}{{ .KindSuffix }}.json`.
 * @param {string} apiVersion @param {string} kind
 */
function schemaFileName(apiVersion, kind) {
  const [groupOrVersion, version] = apiVersion.split('/');
  const suffix = version === undefined ? `-${groupOrVersion}` : `-${groupOrVersion.split('.')[0]}-${version}`;
  return `${kind.toLowerCase()}${suffix.toLowerCase()}.json`;
}

const INT_OR_STRING = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
const QUANTITY = { oneOf: [{ type: 'string' }, { type: 'number' }] };
/** @type {Record<string, object>} */
const SPECIAL_DEFINITIONS = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': INT_OR_STRING,
  'io.k8s.apimachinery.pkg.api.resource.Quantity': QUANTITY,
};

/**
 * A strict copy of one schema node: descriptions and vendor extensions dropped, objects with
 * properties closed, int-or-string and nullable spelled in JSON Schema. `onRef(name)` is called for
 * every `#/definitions/<name>` reference met, so that the caller can copy that definition as well.
 * @param {any} node @param {(name: string) => void} onRef @returns {any}
 */
function strictSchema(node, onRef) {
  if (Array.isArray(node)) return node.map((item) => strictSchema(item, onRef));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace(/^#\/definitions\//, '');
    onRef(name);
    return { $ref: `#/definitions/${name}` };
  }
  if (node['x-kubernetes-int-or-string'] === true || node.format === 'int-or-string') return INT_OR_STRING;
  /** @type {Record<string, any>} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key.startsWith('x-') || key === 'nullable') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, strictSchema(sub, onRef)]));
    } else if (
      key === 'items' ||
      key === 'additionalProperties' ||
      key === 'allOf' ||
      key === 'anyOf' ||
      key === 'oneOf' ||
      key === 'not'
    ) {
      out[key] = strictSchema(value, onRef);
    } else {
      out[key] = value;
    }
  }
  if (out.properties) {
    out.type ??= 'object';
    // An object that preserves unknown fields (a CRD's free-form part) stays open.
    if (out.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/**
 * The swagger definitions `rootNames` need, transitively, each made strict.
 * @param {Record<string, any>} definitions @param {string[]} rootNames @returns {Record<string, any>}
 */
function closure(definitions, rootNames) {
  /** @type {Record<string, any>} */
  const done = {};
  const pending = [...rootNames];
  while (pending.length > 0) {
    const name = /** @type {string} */ (pending.pop());
    if (name in done) continue;
    const source = definitions[name];
    if (!source) throw new Error(`swagger.json has no definition ${name}`);
    done[name] = SPECIAL_DEFINITIONS[name] ?? strictSchema(source, (ref) => pending.push(ref));
  }
  return done;
}

/**
 * Pins apiVersion and kind of a root schema to the one kind it describes.
 * @param {any} schema @param {string} apiVersion @param {string} kind
 */
function pinKind(schema, apiVersion, kind) {
  schema.properties = { ...schema.properties, apiVersion: { type: 'string', enum: [apiVersion] }, kind: { type: 'string', enum: [kind] } };
  schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind'])];
  return schema;
}

/**
 * A built-in kind's schema, from the API server's OpenAPI v2 definitions.
 * @param {any} swagger @param {string} apiVersion @param {string} kind
 */
function builtInSchema(swagger, apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const name = Object.keys(swagger.definitions).find((key) =>
    (swagger.definitions[key]['x-kubernetes-group-version-kind'] ?? []).some(
      (/** @type {any} */ gvk) => gvk.group === group && gvk.version === version && gvk.kind === kind,
    ),
  );
  if (!name) throw new Error(`swagger.json has no ${apiVersion} ${kind}`);
  const definitions = closure(swagger.definitions, [name]);
  const schema = pinKind(structuredClone(definitions[name]), apiVersion, kind);
  delete definitions[name];
  return { ...schema, definitions };
}

/**
 * A CRD's served version as a schema; its metadata is checked as the API server's ObjectMeta.
 * @param {any} swagger @param {any} crd @param {string} apiVersion @param {string} kind
 */
function crdSchema(swagger, crd, apiVersion, kind) {
  const version = apiVersion.split('/')[1];
  const served = crd.spec.versions.find((/** @type {any} */ v) => v.name === version);
  if (!served) throw new Error(`${crd.metadata.name} has no version ${version}`);
  /** @type {string[]} */
  const refs = [];
  const schema = strictSchema(served.schema.openAPIV3Schema, (/** @type {string} */ ref) => refs.push(ref));
  const objectMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
  schema.properties.metadata = { $ref: `#/definitions/${objectMeta}` };
  return { ...pinKind(schema, apiVersion, kind), definitions: closure(swagger.definitions, [objectMeta, ...refs]) };
}

const k8sDir = moduleDir('k8s.io/kubernetes', K8S_VERSION);
const kedaDir = moduleDir('github.com/kedacore/keda/v2', KEDA_VERSION);
const swagger = JSON.parse(readFileSync(join(k8sDir, 'api/openapi-spec/swagger.json'), 'utf8'));
/** @type {Record<string, any>} CRDs by `<apiVersion>/<kind>` */
const crds = { 'keda.sh/v1alpha1/ScaledObject': parse(readFileSync(join(kedaDir, 'config/crd/bases/keda.sh_scaledobjects.yaml'), 'utf8')) };

mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(outDir)) if (file.endsWith('.json')) rmSync(join(outDir, file));
for (const [apiVersion, kind] of KINDS) {
  const crd = crds[`${apiVersion}/${kind}`];
  const source = crd ? `github.com/kedacore/keda/v2@${KEDA_VERSION}` : `k8s.io/kubernetes@${K8S_VERSION}`;
  const body = crd ? crdSchema(swagger, crd, apiVersion, kind) : builtInSchema(swagger, apiVersion, kind);
  const schema = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    $comment: `${apiVersion} ${kind} from ${source}, by scripts/k8s-schemas.mjs`,
    ...body,
  };
  const file = schemaFileName(apiVersion, kind);
  // Laid out as `npm run format:check` expects.
  const path = join(outDir, file);
  writeFileSync(path, await format(JSON.stringify(schema), { ...(await resolveConfig(path)), filepath: path }));
  console.log(`k8s-schemas: ${file} (${source})`);
}
