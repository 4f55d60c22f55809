import type { ValidationError, ValidationPipeOptions } from '@nestjs/common';
import type { ErrorDetail } from './error-body.js';
import { InvalidRequestException } from './invalid-request.exception.js';

/** class-validator's wording made English where it is not (`at least 1 elements`). */
function readable(rule: string): string {
  return rule.replace(/\b(at least|no more than) 1 elements\b/, '$1 1 element');
}

/**
 * Turns class-validator's error tree into broken rules, one per constraint: the field's dotted path and
 * the rule, e.g. `{ field: 'limits.cpuTimeMs', rule: 'must be a positive number' }`; an unknown property
 * is `{ field: 'priority', rule: 'should not exist' }`.
 */
export function validationDetails(errors: readonly ValidationError[], parentPath = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]): ErrorDetail => {
      if (rule === 'whitelistValidation') return { field: path, rule: 'should not exist' };
      const text = message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
      return { field: path || 'body', rule: readable(text) };
    });
    return [...own, ...validationDetails(error.children ?? [], path)];
  });
}

/**
 * Options of the API's global ValidationPipe: unknown properties are refused (400
 * `x should not exist`), every rule broken is reported (not only the first),
 * payloads become DTO instances, and values are never converted implicitly (a string
 * where a number is expected is a 400, not a coercion; query DTOs convert with @Type).
 * A failure is an InvalidRequestException: `400 { statusCode: 400, error: 'Bad Request', message, details: [{ field, rule }] }`.
 */
export const API_VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => new InvalidRequestException(validationDetails(errors)),
};
