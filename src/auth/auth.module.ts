import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysModule } from './api-keys.module.js';
import { AuthGuard } from './auth.guard.js';

/**
 * Authentication of the API process (docs/auth.md): the global AuthGuard (every HTTP route needs a key
 * unless `@Public()`, roles by `@Roles`) and the admin endpoint `/api-keys`. Imported by AppModule.
 */
@Module({
  imports: [ApiKeysModule],
  controllers: [ApiKeysController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
