import type { SubmissionView } from '../../../libs/contracts/index.js';
import { byId, element } from './dom.js';
import { statusName, verdictName } from './verdicts.js';

/** Submissions the list keeps. */
export const RECENT_LIMIT = 10;

/** The fields of a submission the list shows. */
export type RecentItem = Pick<SubmissionView, 'id' | 'language' | 'status' | 'verdict' | 'createdAt'>;

const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** "Recent submissions" of the selected problem, newest first, at most RECENT_LIMIT; each links to its permalink. */
export class RecentList {
  private readonly list = byId('recent-list', HTMLOListElement);
  private readonly note = byId('recent-note', HTMLElement);
  private items: RecentItem[] = [];

  /** Replaces the list (a problem was picked). */
  reset(items: readonly RecentItem[], note: string): void {
    this.items = items.slice(0, RECENT_LIMIT);
    this.note.textContent = note;
    this.render();
  }

  /** Says how the list is kept current (live, or on your own submissions only). */
  setNote(note: string): void {
    this.note.textContent = note;
  }

  /** Whether `id` is in the list. */
  has(id: string): boolean {
    return this.items.some((item) => item.id === id);
  }

  /** Updates the submission's row, or adds it on top (the list stays newest first, by id). */
  upsert(item: RecentItem): void {
    const others = this.items.filter((i) => i.id !== item.id);
    // ObjectIds grow with creation time: sorting by id keeps the newest first.
    this.items = [...others, item].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, RECENT_LIMIT);
    this.render();
  }

  /** Changes only the status of a listed submission (events between `queued` and `finished`). */
  setStatus(id: string, status: RecentItem['status']): void {
    const item = this.items.find((i) => i.id === id);
    if (!item || item.status === status) return;
    item.status = status;
    this.render();
  }

  private render(): void {
    this.list.replaceChildren(
      ...this.items.map((item) => {
        const li = element('li');
        li.dataset.submissionId = item.id;
        const link = element('a', item.verdict ? verdictName(item.verdict) : `${statusName(item.status)}…`);
        link.href = `#/submissions/${item.id}`;
        if (item.verdict) link.dataset.verdict = item.verdict;
        li.append(link, element('span', ` ${item.language} · ${time.format(new Date(item.createdAt))}`, 'recent-meta'));
        return li;
      }),
    );
  }
}
