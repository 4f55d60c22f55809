import './style.css';
import { SubmissionStatus, type LanguageInfo, type SubmissionView } from '../../../libs/contracts/index.js';
import {
  ApiError,
  createSubmission,
  fetchLanguages,
  fetchProblems,
  fetchProblemSubmissions,
  fetchSubmission,
  type ProblemSummary,
  type SubmissionRequest,
} from './api.js';
import { storeApiKey, storedApiKey } from './api-key.js';
import { byId } from './dom.js';
import { createEditor } from './editor.js';
import { LiveResults, type LiveEvent } from './live.js';
import { RECENT_LIMIT, RecentList } from './recent.js';
import { ResultPanel } from './result-panel.js';
import { applyEvent, fromView, type ResultState } from './result-state.js';
import { submissionIdOfUrl } from './route.js';
import { renderStatement } from './statement.js';

/** Wait between tries of `GET /languages` while no worker answers (its first start may take half a minute), ms. */
const LANGUAGES_RETRY_MS = 3_000;
/** The language picked first when the workers offer it. */
const PREFERRED_LANGUAGE = 'python3';

const form = byId('submission-form', HTMLFormElement);
const problemPicker = byId('problem', HTMLSelectElement);
const languagePicker = byId('language', HTMLSelectElement);
const statementPanel = byId('statement-panel', HTMLElement);
const statementTitle = byId('statement-title', HTMLElement);
const statementLimits = byId('statement-limits', HTMLElement);
const statement = byId('statement', HTMLElement);
const freeRun = byId('free-run', HTMLFieldSetElement);
const stdin = byId('stdin', HTMLTextAreaElement);
const expected = byId('expected', HTMLTextAreaElement);
const submitButton = byId('submit', HTMLButtonElement);
const formError = byId('form-error', HTMLElement);
const connection = byId('connection', HTMLElement);
const apiKeyForm = byId('api-key-form', HTMLFormElement);
const apiKeyInput = byId('api-key', HTMLInputElement);

const editor = createEditor(byId('editor', HTMLElement), 'source-label', 'editor-help');
const panel = new ResultPanel((line) => editor.goToLine(line));
const recent = new RecentList();
let problems: ProblemSummary[] = [];
/** The submission shown in the result panel. */
let current: ResultState | null = null;
let submitting = false;

const live = new LiveResults(
  {
    state: (view) => showState(fromView(view)),
    event: onEvent,
    connection: (up, refusal) => {
      connection.textContent = up
        ? 'Live updates connected'
        : refusal
          ? `Live updates refused: ${refusal} (enter an API key at the bottom of the page)`
          : 'Live updates disconnected; reconnecting…';
      connection.dataset.up = String(up);
    },
    failure: (message) => {
      connection.textContent = `Live updates of this submission stopped: ${message}`;
    },
  },
  () => current?.view.lastSeq ?? null,
);

function showState(state: ResultState): void {
  current = state;
  panel.render(state);
}

function onEvent(event: LiveEvent): void {
  if (current && event.submissionId === current.view.id) {
    const next = applyEvent(current, event);
    if (next !== current) showState(next);
    // Your own submission, whether or not the server pushes problem events: the list follows it.
    if (next.view.problemId && next.view.problemId === problemPicker.value) {
      if (event.type === 'finished' || !recent.has(next.view.id)) recent.upsert(next.view);
      else recent.setStatus(next.view.id, next.view.status);
    }
    return;
  }
  if (event.problemId && event.problemId === problemPicker.value) onProblemEvent(event);
}

/** Someone's submission of the selected problem moved on (a `subscribe-problem` event). */
function onProblemEvent(event: LiveEvent): void {
  if (event.type === 'queued' || event.type === 'finished' || !recent.has(event.submissionId)) {
    // The event lacks the language and time: read the stored submission once.
    fetchSubmission(event.submissionId).then(
      (view) => {
        if (view.problemId === problemPicker.value) recent.upsert(view);
      },
      () => undefined,
    );
    return;
  }
  const status =
    event.type === 'compiling'
      ? SubmissionStatus.Compiling
      : event.type === 'running' || event.type === 'test-finished'
        ? SubmissionStatus.Running
        : null;
  if (status) recent.setStatus(event.submissionId, status);
}

function fillLanguages(languages: LanguageInfo[]): void {
  const previous = languagePicker.value;
  languagePicker.replaceChildren(
    ...languages.map((language) => {
      const option = new Option(`${language.name} — ${language.version}`, language.id);
      return option;
    }),
  );
  const wanted = [previous, PREFERRED_LANGUAGE].find((id) => languages.some((l) => l.id === id));
  if (wanted) languagePicker.value = wanted;
  languagePicker.disabled = languages.length === 0;
  editor.setLanguage(languagePicker.value);
}

async function loadLanguages(): Promise<void> {
  for (;;) {
    try {
      fillLanguages(await fetchLanguages());
      return;
    } catch (error) {
      const reason = error instanceof ApiError && error.status === 503 ? 'no worker has answered yet' : String(error);
      languagePicker.replaceChildren(new Option(`Waiting for a worker (${reason})…`, ''));
      await new Promise((resolve) => setTimeout(resolve, LANGUAGES_RETRY_MS));
    }
  }
}

async function loadProblems(): Promise<void> {
  try {
    problems = (await fetchProblems()).filter((p) => !p.archived && p.testCount > 0);
  } catch (error) {
    formError.textContent = `Could not list the problems: ${String(error)}`;
    return;
  }
  const selected = problemPicker.value;
  problemPicker.replaceChildren(
    new Option('Free run (no problem)', ''),
    ...problems.map((p) => new Option(`${p.title} (${p.slug})`, p.id)),
  );
  if (problems.some((p) => p.id === selected)) problemPicker.value = selected;
}

/** Shows the picked problem's statement and recent submissions, or the free-run fields. */
async function selectProblem(): Promise<void> {
  const problem = problems.find((p) => p.id === problemPicker.value) ?? null;
  freeRun.hidden = problem !== null;
  statementPanel.hidden = problem === null;
  if (!problem) {
    recent.reset([], 'Pick a problem to see its recent submissions.');
    await live.followProblem(null);
    return;
  }
  statementTitle.textContent = problem.title;
  statementLimits.textContent = `Time limit ${problem.limits.cpuTimeMs} ms CPU · memory limit ${Math.round(problem.limits.memoryKiB / 1024)} MiB · ${problem.testCount} test cases`;
  renderStatement(statement, problem.statement);
  recent.reset([], 'Loading…');
  // Subscribe first, so nothing published between the REST read and the subscription is missed.
  const liveAck = live.followProblem(problem.id);
  const items = await fetchProblemSubmissions(problem.id, RECENT_LIMIT).catch(() => null);
  if (problemPicker.value !== problem.id) return;
  // Submissions shown meanwhile (yours, or pushed live) stay: the REST page is merged into the list.
  recent.setNote(items ? 'Updates as your own submissions finish.' : 'Could not load the recent submissions.');
  for (const item of items ?? []) if (!recent.has(item.id)) recent.upsert(item);
  if ((await liveAck) && problemPicker.value === problem.id) recent.setNote('Updates live as anyone submits.');
}

async function submit(): Promise<void> {
  if (submitting) return;
  formError.textContent = '';
  const language = languagePicker.value;
  const sourceCode = editor.text();
  if (!language) return void (formError.textContent = 'Pick a language first (waiting for a worker to offer them).');
  if (!sourceCode.trim()) return void (formError.textContent = 'Write some source code first.');
  const request: SubmissionRequest = problemPicker.value
    ? { language, sourceCode, problemId: problemPicker.value }
    : { language, sourceCode, stdin: stdin.value, ...(expected.value ? { expectedOutput: expected.value } : {}) };
  submitting = true;
  submitButton.disabled = true;
  try {
    const id = await createSubmission(request);
    history.pushState(null, '', `#/submissions/${id}`);
    await openSubmission(id);
  } catch (error) {
    formError.textContent = error instanceof ApiError ? `Refused: ${error.message}` : `Could not submit: ${String(error)}`;
  } finally {
    submitting = false;
    submitButton.disabled = false;
  }
}

/** Shows submission `id` (from REST at once, then live over Socket.IO until it is finished). */
async function openSubmission(id: string): Promise<void> {
  if (current?.view.id !== id) panel.message('Loading the submission…');
  let view: SubmissionView;
  try {
    view = await fetchSubmission(id);
  } catch (error) {
    panel.message(
      error instanceof ApiError && error.status === 404 ? `No submission ${id}.` : `Could not read submission ${id}: ${String(error)}`,
    );
    return;
  }
  // A `state` from the socket may have arrived meanwhile: keep whichever is further on.
  if (!current || current.view.id !== id || current.view.lastSeq <= view.lastSeq) showState(fromView(view));
  live.follow(id);
  if (view.problemId && view.problemId !== problemPicker.value && problems.some((p) => p.id === view.problemId)) {
    problemPicker.value = view.problemId;
    await selectProblem();
  }
  if (view.problemId && view.problemId === problemPicker.value) recent.upsert(view);
}

function openFromUrl(): void {
  const id = submissionIdOfUrl(new URL(location.href));
  if (id && id !== current?.view.id) void openSubmission(id);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void submit();
});
// Ctrl+Enter / Cmd+Enter anywhere on the page submits; captured before the editor sees it.
document.addEventListener(
  'keydown',
  (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      event.stopPropagation();
      void submit();
    }
  },
  { capture: true },
);
apiKeyInput.value = storedApiKey() ?? '';
apiKeyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  storeApiKey(apiKeyInput.value);
  // Everything (languages, problems, the live connection) is read again with the key.
  location.reload();
});
problemPicker.addEventListener('change', () => void selectProblem());
languagePicker.addEventListener('change', () => editor.setLanguage(languagePicker.value));
window.addEventListener('hashchange', openFromUrl);
window.addEventListener('popstate', openFromUrl);

void loadLanguages();
void loadProblems().then(async () => {
  await selectProblem();
  openFromUrl();
});
