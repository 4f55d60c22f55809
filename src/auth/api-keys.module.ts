import { Module } from '@nestjs/common';
import { ApiKeysPersistenceModule } from '../persistence/api-keys/api-keys-persistence.module.js';
import { ApiKeysService } from './api-keys.service.js';
import { Authenticator } from './authenticator.js';

/**
 * API keys and turning them into callers (ApiKeysService, Authenticator), for the HTTP guard, the
 * Socket.IO handshake (src/results) and the admin endpoint. Needs the global config module.
 */
@Module({
  imports: [ApiKeysPersistenceModule],
  providers: [ApiKeysService, Authenticator],
  exports: [ApiKeysService, Authenticator],
})
export class ApiKeysModule {}
