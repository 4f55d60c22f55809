import { HttpException, HttpStatus } from '@nestjs/common';
import type { Judge0FieldErrors } from './judge0-request.js';

/**
 * A refusal in Judge0's shapes, sent as is by Judge0ExceptionFilter: 422 with the field errors
 * (`{ "language_id": ["can't be blank"] }`) for a bad submission, otherwise `{ "error": "..." }`
 * (Judge0's 400 `wait not allowed`, `invalid page: -4`, 404 for an unknown token).
 */
export class Judge0Exception extends HttpException {
  /** 422 Unprocessable Entity with Judge0's validation body: each bad field with the rules it broke. */
  static invalid(errors: Judge0FieldErrors): Judge0Exception {
    return new Judge0Exception(errors, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  /** `{ error: message }` with `status` (400 unless given). */
  static error(message: string, status: HttpStatus = HttpStatus.BAD_REQUEST): Judge0Exception {
    return new Judge0Exception({ error: message }, status);
  }

  private constructor(body: Record<string, unknown>, status: HttpStatus) {
    super(body, status);
  }
}
