import { Injectable, Logger } from '@nestjs/common';
import type { SubmissionEvent } from '../../libs/contracts/index.js';

/** Most problems one client may follow at once. */
export const MAX_PROBLEM_SUBSCRIPTIONS_PER_CLIENT = 20;

/** Where a problem follower's events go (a Socket.IO socket in production). */
export type ProblemEventSink = (event: SubmissionEvent) => void;

/**
 * Who in this process follows which problem: a follower gets every event of every submission of
 * the problem (events carry `problemId`) from when it subscribed, as they arrive (live only: no state,
 * no replay; a client that needs a submission's full sequence subscribes to that submission).
 */
@Injectable()
export class ProblemSubscriptions {
  private readonly logger = new Logger('ProblemSubscriptions');
  private readonly byProblem = new Map<string, Map<string, ProblemEventSink>>();
  private readonly byClient = new Map<string, Set<string>>();

  /**
   * Client `clientId` follows problem `problemId` (lowercase hex; the caller checked it exists).
   * Following it again changes nothing.
   * @returns false when the client follows MAX_PROBLEM_SUBSCRIPTIONS_PER_CLIENT other problems already.
   */
  subscribe(clientId: string, problemId: string, sink: ProblemEventSink): boolean {
    let own = this.byClient.get(clientId);
    if (own && !own.has(problemId) && own.size >= MAX_PROBLEM_SUBSCRIPTIONS_PER_CLIENT) return false;
    if (!own) this.byClient.set(clientId, (own = new Set()));
    own.add(problemId);
    let followers = this.byProblem.get(problemId);
    if (!followers) this.byProblem.set(problemId, (followers = new Map()));
    followers.set(clientId, sink);
    return true;
  }

  /** Stops sending problem `problemId`'s events to client `clientId`. @returns whether it followed it. */
  unsubscribe(clientId: string, problemId: string): boolean {
    const own = this.byClient.get(clientId);
    if (!own?.delete(problemId)) return false;
    if (own.size === 0) this.byClient.delete(clientId);
    const followers = this.byProblem.get(problemId);
    followers?.delete(clientId);
    if (followers?.size === 0) this.byProblem.delete(problemId);
    return true;
  }

  /** Drops every problem client `clientId` follows (it disconnected). */
  removeClient(clientId: string): void {
    for (const problemId of [...(this.byClient.get(clientId) ?? [])]) this.unsubscribe(clientId, problemId);
  }

  /**
   * Sends `event` to the followers of its problem, except those `skip` names (a client following the
   * submission itself gets the event from that subscription, in order, once).
   */
  dispatch(event: SubmissionEvent, skip: (clientId: string) => boolean): void {
    if (!event.problemId) return;
    const followers = this.byProblem.get(event.problemId);
    if (!followers) return;
    for (const [clientId, sink] of followers) {
      if (skip(clientId)) continue;
      try {
        sink(event);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not send to a problem follower');
      }
    }
  }
}
