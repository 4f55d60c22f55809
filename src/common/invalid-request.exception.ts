import { BadRequestException } from '@nestjs/common';
import { badRequestBody, sentenceOf, type ErrorDetail } from './error-body.js';

/**
 * A request that breaks one or more rules: answered 400 with `badRequestBody(violations)`, i.e.
 * `{ statusCode: 400, error: 'Bad Request', message: "<field> <rule>; ...", details: [{ field, rule }, ...] }`.
 * Throw it for every bad input the API finds itself (validation pipe, configured bounds, unknown problem,
 * bad package, bad cursor), so that every 400 has one shape. Nothing is stored when it is thrown.
 */
export class InvalidRequestException extends BadRequestException {
  /** The broken rules, each as its `<field> <rule>` sentence. */
  readonly messages: readonly string[];
  /** The broken rules, as sent in `details`. */
  readonly details: readonly ErrorDetail[];

  /** @param violations each broken rule as a `<field> <rule>` sentence or a detail; at least one. */
  constructor(violations: string | ErrorDetail | readonly (string | ErrorDetail)[]) {
    const body = badRequestBody(violations);
    super(body);
    this.details = body.details;
    const list = typeof violations === 'string' || !Array.isArray(violations) ? [violations as string | ErrorDetail] : violations;
    this.messages = list.map((v) => (typeof v === 'string' ? v : sentenceOf(v)));
  }
}
