import { Controller, Get, Header, Param, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Judge0Language, Judge0LanguageDetails } from './judge0-languages.js';
import type { Judge0Status } from '../judge0-format/judge0-status.js';
import { Judge0ExceptionFilter } from './judge0-exception.filter.js';
import { JUDGE0_API_VERSION, Judge0InfoService, type Judge0ConfigInfo } from './judge0-info.service.js';
import { Public } from '../auth/public.decorator.js';

/** Judge0 CE's informational endpoints under JUDGE0_PREFIX (docs/judge0.md), in Judge0's shapes. */
@ApiExcludeController()
@UseFilters(Judge0ExceptionFilter)
@Public()
@Controller()
export class Judge0InfoController {
  constructor(private readonly info: Judge0InfoService) {}

  /** `GET /languages`: `[{ id, name }]` of the languages the workers offer, by Judge0 id. */
  @Get('languages')
  languages(): Promise<Judge0Language[]> {
    return this.info.list();
  }

  /** `GET /languages/all`: the same with `is_archived`. */
  @Get('languages/all')
  allLanguages(): Promise<(Judge0Language & { is_archived: boolean })[]> {
    return this.info.listAll();
  }

  /** `GET /languages/:id`: with `source_file`, `compile_cmd`, `run_cmd`. */
  @Get('languages/:id')
  language(@Param('id') id: string): Promise<Judge0LanguageDetails> {
    return this.info.language(id);
  }

  /** `GET /statuses`. */
  @Get('statuses')
  statuses(): readonly Judge0Status[] {
    return this.info.statuses();
  }

  /** `GET /about`. */
  @Get('about')
  about(): Record<string, string | null> {
    return this.info.about();
  }

  /** `GET /version`: the version as plain text, as Judge0 sends it. */
  @Get('version')
  @Header('content-type', 'text/plain; charset=utf-8')
  version(): string {
    return JUDGE0_API_VERSION;
  }

  /** `GET /config_info`. */
  @Get('config_info')
  configInfo(): Judge0ConfigInfo {
    return this.info.configInfo();
  }

  /** `GET /system_info`. */
  @Get('system_info')
  systemInfo(): Record<string, string> {
    return this.info.systemInfo();
  }

  /** `GET /workers`. */
  @Get('workers')
  workers(): Promise<Record<string, string | number>[]> {
    return this.info.workers();
  }

  /** `GET /statistics`. */
  @Get('statistics')
  statistics(): Promise<Record<string, unknown>> {
    return this.info.statisticsReport();
  }
}
