import type { ErrorRequestHandler } from 'express';
import { badRequestBody, errorBody, type ErrorBody } from './error-body.js';

/** What body-parser attaches to the errors it raises. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/**
 * Express error handler for the JSON body parser, which runs before Nest's routing and so
 * outside its exception filters. Answers in the API's one error shape (ErrorBody):
 * body over the limit → 413; malformed JSON → 400 `body is not valid JSON: ...`;
 * unsupported charset/encoding → 415; other client errors keep their status (a 400 in the
 * API's one 400 shape, badRequestBody).
 * @param limitBytes BODY_LIMIT_BYTES, quoted in the 413 message.
 */
export function bodyParserErrorHandler(limitBytes: number): ErrorRequestHandler {
  return (err: BodyParserError, _req, res, next) => {
    const reply = (body: ErrorBody): void => {
      res.status(body.statusCode).json(body);
    };
    // `type` is absent on errors not raised by body-parser: they take the default branch.
    switch (err.type ?? '') {
      case 'entity.too.large':
        return reply(errorBody(413, `request body must not be larger than ${limitBytes} bytes`));
      case 'entity.parse.failed':
        return reply(badRequestBody({ field: 'body', rule: `is not valid JSON: ${err.message}` }));
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return reply(errorBody(415, err.message));
      case 'entity.verify.failed':
        // Our own verify (refuseDeepJson) names the rule in a 400: `body must not nest ...`.
        if (err.status === 400) return reply(badRequestBody(err.message));
        if (typeof err.status === 'number' && err.status > 400 && err.status < 500) return reply(errorBody(err.status, err.message));
        return next(err);
      default:
        // E.g. a body that does not match its Content-Encoding (zlib's "incorrect header check"): about the body.
        if (err.status === 400) return reply(badRequestBody({ field: 'body', rule: `could not be read: ${err.message}` }));
        if (typeof err.status === 'number' && err.status > 400 && err.status < 500) {
          return reply(errorBody(err.status, err.message));
        }
        return next(err);
    }
  };
}
