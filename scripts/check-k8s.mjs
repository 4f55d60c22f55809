#!/usr/bin/env node
// `npm run check:k8s` (a CI gate): validates every Kubernetes manifest under deploy/k8s with
// kubeconform in strict mode (unknown fields and duplicated keys rejected) against the schemas
// committed in deploy/k8s/schemas (scripts/k8s-schemas.mjs makes them; kubeconform's own come from
// GitHub, which CI cannot reach). A kind without a schema there is an error, never skipped.
//
// First it proves that the check can fail: deliberately broken manifests (an unknown field, a wrong
// type, a KEDA trigger value of the wrong type, a kind without a schema) written to a temporary
// directory must each be rejected, and a sound one accepted. Then every kustomization.yaml must
// list only files that exist, and every manifest must be valid.
//
// kubeconform is taken from PATH or Go's bin directory, else installed with `go install` (the Go
// module proxy). Exit status 0 when everything holds, 1 otherwise.
//
// Usage: node scripts/check-k8s.mjs [--self-test]   (--self-test: only the first part)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const KUBECONFORM_MODULE = 'github.com/yannh/kubeconform/cmd/kubeconform';
const KUBECONFORM_VERSION = 'v0.8.0';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifestsDir = join(root, 'deploy/k8s');
const schemasDir = join(manifestsDir, 'schemas');

const works = (/** @type {string} */ bin, /** @type {string[]} */ args) => spawnSync(bin, args, { stdio: 'ignore' }).status === 0;

/** The `go` command: on PATH, or where scripts/setup.sh also looks (go.dev's tarball, Debian's). */
function goCommand() {
  const go = ['go', '/usr/local/go/bin/go', '/usr/lib/go/bin/go'].find((candidate) => works(candidate, ['version']));
  if (!go) throw new Error('kubeconform is missing and so is Go to install it (scripts/setup.sh installs Go)');
  return go;
}

/** Path of a working kubeconform binary, installing it with `go install` when none is found. */
function kubeconform() {
  if (works('kubeconform', ['-v'])) return 'kubeconform';
  const go = goCommand();
  const gobin = execFileSync(go, ['env', 'GOBIN'], { encoding: 'utf8' }).trim();
  const gopath = execFileSync(go, ['env', 'GOPATH'], { encoding: 'utf8' }).trim().split(':')[0];
  const installed = join(gobin || join(gopath, 'bin'), 'kubeconform');
  if (works(installed, ['-v'])) return installed;
  console.log(`check-k8s: installing kubeconform ${KUBECONFORM_VERSION} with go install`);
  execFileSync(go, ['install', `${KUBECONFORM_MODULE}@${KUBECONFORM_VERSION}`], { stdio: 'inherit' });
  return installed;
}

/**
 * Runs kubeconform strictly against the committed schemas: `{ status, output }`.
 * @param {string} bin @param {string[]} files @returns {{ status: number | null, output: string }}
 */
function validate(bin, files) {
  const args = ['-strict', '-summary', '-schema-location', join(schemasDir, '{{ .ResourceKind }}{{ .KindSuffix }}.json'), ...files];
  const result = spawnSync(bin, args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/**
 * A worker-like Deployment; `change` edits its object before it is written.
 * @param {(manifest: any) => void} change
 */
function deployment(change = () => {}) {
  const manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'self-test' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'self-test' } },
      template: {
        metadata: { labels: { app: 'self-test' } },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'verdict:latest',
              resources: { requests: { cpu: 2, memory: '1Gi' } },
              securityContext: { privileged: true },
            },
          ],
        },
      },
    },
  };
  change(manifest);
  return manifest;
}

const scaledObject = (/** @type {unknown} */ listLength) => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'self-test' },
  spec: {
    scaleTargetRef: { name: 'self-test' },
    triggers: [{ type: 'redis', metadata: { address: 'redis:6379', listName: 'verdict:submissions:wait', listLength } }],
  },
});

/** Cases the check must accept (expect: 0) or reject (expect: 1, with `message` in the output). */
const SELF_TEST_CASES = [
  { name: 'a sound Deployment', expect: 0, manifest: deployment() },
  { name: 'a sound ScaledObject', expect: 0, manifest: scaledObject('4') },
  {
    name: 'an unknown field (spec.replica)',
    expect: 1,
    message: 'additional properties',
    manifest: deployment((m) => {
      m.spec.replica = m.spec.replicas;
    }),
  },
  {
    name: 'an unknown container field (imagePullPolicyy)',
    expect: 1,
    message: 'additional properties',
    manifest: deployment((m) => {
      m.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    }),
  },
  {
    name: 'a wrong type (replicas: "two")',
    expect: 1,
    message: 'replicas',
    manifest: deployment((m) => {
      m.spec.replicas = 'two';
    }),
  },
  { name: 'a KEDA trigger value that is not a string (listLength: 4)', expect: 1, message: 'listLength', manifest: scaledObject(4) },
  {
    name: 'a kind without a schema',
    expect: 1,
    message: 'could not find schema',
    manifest: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'x' }, spec: {} },
  },
];

/**
 * Returns the failures of the self-test: each case in its own file in a temporary directory.
 * @param {string} bin kubeconform @returns {string[]}
 */
function selfTest(bin) {
  const dir = mkdtempSync(join(tmpdir(), 'check-k8s-'));
  /** @type {string[]} */
  const failures = [];
  try {
    SELF_TEST_CASES.forEach((testCase, i) => {
      const file = join(dir, `case-${i}.yaml`);
      writeFileSync(file, JSON.stringify(testCase.manifest));
      const { status, output } = validate(bin, [file]);
      const ok = status === testCase.expect && (testCase.message === undefined || output.includes(testCase.message));
      if (!ok)
        failures.push(
          `${testCase.name}: expected exit ${testCase.expect}${testCase.message ? ` mentioning "${testCase.message}"` : ''}, got ${status}:\n${output}`,
        );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return failures;
}

/**
 * Every .yaml under `dir` but the schemas, as paths.
 * @param {string} dir @returns {string[]}
 */
function yamlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === schemasDir ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Problems with the kustomization.yaml files: a listed resource that does not exist.
 * @param {string[]} files @returns {string[]}
 */
function kustomizationProblems(files) {
  return files
    .filter((file) => file.endsWith('/kustomization.yaml'))
    .flatMap((file) => {
      /** @type {{ resources?: string[] }} */
      const { resources = [] } = parse(readFileSync(file, 'utf8'));
      return resources
        .filter((resource) => !existsSync(join(dirname(file), resource)))
        .map((resource) => `${relative(root, file)} lists ${resource}, which does not exist`);
    });
}

const bin = kubeconform();
const started = Date.now();
const failures = selfTest(bin);
if (failures.length > 0) {
  console.error(`check-k8s: the self-test failed, so the check cannot be trusted:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`check-k8s: self-test passed (${SELF_TEST_CASES.length} cases: broken manifests rejected, sound ones accepted)`);
if (process.argv.includes('--self-test')) process.exit(0);

const files = yamlFiles(manifestsDir);
const problems = kustomizationProblems(files);
// kustomize's own files are not Kubernetes objects; what they list is validated on its own.
const manifests = files.filter((file) => !file.endsWith('/kustomization.yaml'));
const { status, output } = validate(bin, manifests);
console.log(output);
for (const problem of problems) console.error(`check-k8s: ${problem}`);
console.log(`check-k8s: ${manifests.length} files in ${Date.now() - started} ms`);
process.exit(status === 0 && problems.length === 0 ? 0 : 1);
