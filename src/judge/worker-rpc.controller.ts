import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { WorkerPattern, type ListLanguagesReply } from '../../libs/contracts/index.js';
import { LanguageRegistry } from './languages/language-registry.js';

/**
 * Requests workers answer on the Nest Redis transport. Every worker answers; the asking side
 * takes the first reply. Nothing here changes state.
 */
@Controller()
export class WorkerRpcController {
  constructor(private readonly languages: LanguageRegistry) {}

  /** @returns the languages this worker can judge, with the versions it detected at start. */
  @MessagePattern(WorkerPattern.ListLanguages)
  listLanguages(): ListLanguagesReply {
    return this.languages.list();
  }
}
