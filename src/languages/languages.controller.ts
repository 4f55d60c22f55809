import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCommonErrors } from '../common/api-error-response.decorator.js';
import { LanguageAvailabilityDto } from './dto/language-availability.dto.js';
import { LanguagesService, type LanguageAvailability } from './languages.service.js';
import { Public } from '../auth/public.decorator.js';

@ApiTags('languages')
@Public()
@Controller('languages')
export class LanguagesController {
  constructor(private readonly languages: LanguagesService) {}

  /**
   * `GET /languages`: what the workers can judge, with detected toolchain versions (`served: true`);
   * while no worker has answered yet, the language table (`served: false`). 503 when Redis is down.
   */
  @Get()
  @ApiOperation({
    summary: 'List the languages the workers can judge',
    description:
      'With the toolchain versions they detected and the extensions each takes; before any worker answered, the language table with `served: false`.',
  })
  @ApiOkResponse({ type: [LanguageAvailabilityDto] })
  @ApiCommonErrors('Redis is unreachable.')
  list(): Promise<LanguageAvailability[]> {
    return this.languages.list();
  }
}
