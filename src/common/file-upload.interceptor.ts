import { BadRequestException, mixin, type CallHandler, type ExecutionContext, type NestInterceptor, type Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { InvalidRequestException } from './invalid-request.exception.js';

/** What multer keeps on the error it raises (the cause of Nest's 400). */
interface MulterCause {
  code?: string;
  field?: string;
}

/**
 * Nest's FileInterceptor for one file in the multipart/form-data field `fieldName` (multer's options
 * from MulterModule), except that a file sent under another field name is told the right one: 400
 * `package must be the multipart/form-data file field "package"; the file came as field "zip"`.
 * Other multer errors keep their status (413 for a file over the size limit).
 */
export function FileUploadInterceptor(fieldName: string): Type<NestInterceptor> {
  class Upload extends FileInterceptor(fieldName) {
    override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      try {
        return await super.intercept(context, next);
      } catch (error) {
        const cause = error instanceof BadRequestException ? (error.cause as MulterCause | undefined) : undefined;
        if (cause?.code === 'LIMIT_UNEXPECTED_FILE') {
          const sent = cause.field ? `; the file came as field "${cause.field}"` : '';
          throw new InvalidRequestException(`${fieldName} must be the multipart/form-data file field "${fieldName}"${sent}`);
        }
        throw error;
      }
    }
  }
  return mixin(Upload);
}
