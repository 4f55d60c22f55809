import { BadRequestException } from '@nestjs/common';
import { badRequestBody } from './error-body.js';

/**
 * A request that breaks one or more rules: answered 400 with `badRequestBody(messages)`, i.e.
 * `{ statusCode: 400, error: 'Bad Request', message: ["<field> <rule>", ...] }`. Throw it for every
 * bad input the API finds itself (validation pipe, configured bounds, unknown problem, bad package,
 * bad cursor), so that every 400 has one shape. Nothing is stored when it is thrown.
 */
export class InvalidRequestException extends BadRequestException {
  /** The broken rules, as sent in `message`. */
  readonly messages: readonly string[];

  /** @param messages each broken rule as `<field> <rule>`; at least one. */
  constructor(messages: string | readonly string[]) {
    const body = badRequestBody(messages);
    super(body);
    this.messages = body.message;
  }
}
