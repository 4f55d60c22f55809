import type { ValidationError, ValidationPipeOptions } from '@nestjs/common';
import { InvalidRequestException } from './invalid-request.exception.js';

/**
 * Turns class-validator's error tree into `<field path> <rule>` messages, e.g.
 * `limits.cpuTimeMs must be a positive number` or `property testCases.0.points should not exist`.
 */
export function validationMessages(errors: readonly ValidationError[], parentPath = ''): string[] {
  return errors.flatMap((error) => {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => {
      if (rule === 'whitelistValidation') return `property ${path} should not exist`;
      if (path && message.startsWith(`${error.property} `)) return `${path}${message.slice(error.property.length)}`;
      return message;
    });
    return [...own, ...validationMessages(error.children ?? [], path)];
  });
}

/**
 * Options of the API's global ValidationPipe: unknown properties are refused (400
 * `property x should not exist`), every rule broken is reported (not only the first),
 * payloads become DTO instances, and values are never converted implicitly (a string
 * where a number is expected is a 400, not a coercion; query DTOs convert with @Type).
 * A failure is an InvalidRequestException: `400 { statusCode: 400, error: 'Bad Request', message: string[] }`.
 */
export const API_VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => new InvalidRequestException(validationMessages(errors)),
};
